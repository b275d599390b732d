#include "store/sql_statements.h"

#include <cctype>

namespace galley::store {

namespace {

bool IsBlank(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      const auto end = text.find('\n', i);
      i = end == std::string::npos ? text.size() : end;
    } else if (text.compare(i, 2, "/*") == 0) {
      const auto end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
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
  auto finish = [&](std::size_t end) {
    std::string text = script.substr(start, end - start);
    // Count the statement from its first non-blank line.
    int first = start_line;
    std::size_t k = 0;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) {
      if (text[k] == '\n') ++first;
      ++k;
    }
    if (!IsBlank(text)) statements.push_back({text, first});
  };
  std::size_t i = 0;
  while (i < script.size()) {
    const char c = script[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      while (j < script.size() && script[j] != c) {
        if (script[j] == '\n') ++line;
        ++j;
      }
      i = j + 1;  // a doubled quote just reopens: the same result
    } else if (script.compare(i, 2, "--") == 0) {
      const auto end = script.find('\n', i);
      i = end == std::string::npos ? script.size() : end;
    } else if (script.compare(i, 2, "/*") == 0) {
      const auto end = script.find("*/", i + 2);
      const std::size_t stop = end == std::string::npos ? script.size() : end + 2;
      for (std::size_t k = i; k < stop; ++k) line += script[k] == '\n';
      i = stop;
    } else if (c == '$' && !DollarTag(script, i).empty()) {
      const std::string tag = DollarTag(script, i);
      const auto end = script.find(tag, i + tag.size());
      const std::size_t stop = end == std::string::npos ? script.size() : end + tag.size();
      for (std::size_t k = i; k < stop; ++k) line += script[k] == '\n';
      i = stop;
    } else if (c == ';') {
      finish(i + 1);
      start = i + 1;
      start_line = line;
      ++i;
    } else {
      ++i;
    }
  }
  if (start < script.size()) finish(script.size());
  return statements;
}

}  // namespace galley::store
