#include "store/sql_statements.h"

#include <algorithm>
#include <cctype>

namespace galley::store {

namespace {

// Where the code of `text` starts, past white space and comments.
std::size_t SkipBlank(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      const auto end = text.find('\n', i);
      i = end == std::string::npos ? text.size() : end;
    } else if (text.compare(i, 2, "/*") == 0) {
      const auto end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

// The dollar-quote tag starting at `i` ("$$" or "$name$"), or "".
std::string DollarTag(const std::string& script, std::size_t i) {
  std::size_t j = i + 1;
  while (j < script.size() && (std::isalnum(static_cast<unsigned char>(script[j])) || script[j] == '_')) ++j;
  if (j < script.size() && script[j] == '$') return script.substr(i, j - i + 1);
  return "";
}

}  // namespace

std::vector<SqlStatement> SplitSqlStatements(const std::string& script) {
  std::vector<SqlStatement> statements;
  std::size_t start = 0;
  int line = 1;
  int start_line = 1;
  // Keeps script[start, end) as a statement, from its first line of code:
  // PostgreSQL's "LINE n" in errors then counts from that line.
  auto finish = [&](std::size_t end) {
    const std::string text = script.substr(start, end - start);
    const std::size_t code = SkipBlank(text);
    if (code == text.size() || text[code] == ';') return;  // an empty statement
    const auto skipped_lines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(code), '\n');
    statements.push_back({text.substr(code), start_line + static_cast<int>(skipped_lines)});
  };
  // Moves past script[i, stop), counting its lines.
  std::size_t i = 0;
  auto skip_to = [&](std::size_t stop) {
    line += static_cast<int>(std::count(script.begin() + static_cast<std::ptrdiff_t>(i),
                                        script.begin() + static_cast<std::ptrdiff_t>(stop), '\n'));
    i = stop;
  };
  while (i < script.size()) {
    const char c = script[i];
    if (c == '\'' || c == '"') {
      const auto end = script.find(c, i + 1);  // a doubled quote just reopens: same result
      skip_to(end == std::string::npos ? script.size() : end + 1);
    } else if (script.compare(i, 2, "--") == 0) {
      const auto end = script.find('\n', i);
      skip_to(end == std::string::npos ? script.size() : end);
    } else if (script.compare(i, 2, "/*") == 0) {
      const auto end = script.find("*/", i + 2);
      skip_to(end == std::string::npos ? script.size() : end + 2);
    } else if (c == '$' && !DollarTag(script, i).empty()) {
      const std::string tag = DollarTag(script, i);
      const auto end = script.find(tag, i + tag.size());
      skip_to(end == std::string::npos ? script.size() : end + tag.size());
    } else if (c == ';') {
      finish(i + 1);
      start = i + 1;
      start_line = line;
      ++i;
    } else {
      skip_to(i + 1);
    }
  }
  if (start < script.size()) finish(script.size());
  return statements;
}

}  // namespace galley::store
