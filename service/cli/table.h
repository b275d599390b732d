// A plain-text table for a terminal: columns padded to their widest cell by
// display width (so Chinese text lines up), long cells cut with "…".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace galley::cli {

class Table {
 public:
  // `max_widths[i]` caps column i (0: no cap); missing entries mean no cap.
  explicit Table(std::vector<std::string> headings, std::vector<std::size_t> max_widths = {});

  // A row has one cell per heading; missing cells are empty, extra ones dropped.
  void AddRow(std::vector<std::string> cells);

  // Every row as one line, columns two spaces apart, no trailing spaces.
  std::string Render() const;

 private:
  std::vector<std::string> headings_;
  std::vector<std::size_t> max_widths_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace galley::cli
