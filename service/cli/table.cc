#include "cli/table.h"

#include <algorithm>

#include "cli/display_width.h"

namespace galley::cli {

namespace {

constexpr const char* kColumnGap = "  ";

// A cell is one line: line breaks inside a value would break the layout.
std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\t', ' ');
  return text;
}

}  // namespace

Table::Table(std::vector<std::string> headings, std::vector<std::size_t> max_widths)
    : headings_(std::move(headings)), max_widths_(std::move(max_widths)) {
  max_widths_.resize(headings_.size(), 0);
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headings_.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    cells[i] = OneLine(std::move(cells[i]));
    if (max_widths_[i] > 0) cells[i] = CutToWidth(cells[i], max_widths_[i]);
  }
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<std::size_t> widths(headings_.size());
  for (std::size_t i = 0; i < headings_.size(); ++i) widths[i] = DisplayWidth(headings_[i]);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  std::string text;
  const auto append_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) line += kColumnGap;
      line += cells[i];
      if (i + 1 < cells.size()) line.append(widths[i] - DisplayWidth(cells[i]), ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + '\n';
  };
  append_line(headings_);
  for (const auto& row : rows_) append_line(row);
  return text;
}

}  // namespace galley::cli
