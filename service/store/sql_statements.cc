#include "store/sql_statements.h"

#include <algorithm>
#include <cctype>

namespace galley::store {

namespace {

// Letters, digits, '_', '$' and any byte of a multibyte UTF-8 character: what
// may continue an identifier, so that a quote or '$' after one means
// something else than at the start of a token.
bool IsIdentifierByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) || c == '_' || c == '$' || byte >= 0x80;
}

// Where the block comment opening at `i` ends; PostgreSQL's comments nest.
std::size_t BlockCommentEnd(const std::string& script, std::size_t i) {
  int depth = 0;
  while (i < script.size()) {
    if (script.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (script.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return script.size();
}

// Where the '…' or "…" opening at `i` ends. A doubled quote stays inside; in
// an E'…' string a backslash also escapes the character after it.
std::size_t QuotedEnd(const std::string& script, std::size_t i, bool backslash_escapes) {
  const char quote = script[i];
  for (std::size_t j = i + 1; j < script.size(); ++j) {
    if (backslash_escapes && script[j] == '\\') {
      ++j;
    } else if (script[j] == quote) {
      if (j + 1 < script.size() && script[j + 1] == quote) {
        ++j;
      } else {
        return j + 1;
      }
    }
  }
  return script.size();
}

// An E'…' string: the quote follows a lone E, not the end of an identifier.
bool IsEscapeString(const std::string& script, std::size_t quote) {
  if (quote == 0 || (script[quote - 1] != 'E' && script[quote - 1] != 'e')) return false;
  return quote == 1 || !IsIdentifierByte(script[quote - 2]);
}

// The dollar-quote tag opening at `i` ("$$" or "$name$"), or "" when the '$'
// is something else: part of an identifier, or a parameter such as $1.
std::string DollarTag(const std::string& script, std::size_t i) {
  if (i > 0 && IsIdentifierByte(script[i - 1])) return "";
  std::size_t j = i + 1;
  if (j < script.size() && std::isdigit(static_cast<unsigned char>(script[j]))) return "";
  while (j < script.size() && script[j] != '$' && IsIdentifierByte(script[j])) ++j;
  if (j < script.size() && script[j] == '$') return script.substr(i, j - i + 1);
  return "";
}

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
      i = BlockCommentEnd(text, i);
    } else {
      break;
    }
  }
  return i;
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
      skip_to(QuotedEnd(script, i, c == '\'' && IsEscapeString(script, i)));
    } else if (script.compare(i, 2, "--") == 0) {
      const auto end = script.find('\n', i);
      skip_to(end == std::string::npos ? script.size() : end);
    } else if (script.compare(i, 2, "/*") == 0) {
      skip_to(BlockCommentEnd(script, i));
    } else if (const std::string tag = c == '$' ? DollarTag(script, i) : ""; !tag.empty()) {
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
