#include "store/text_array.h"

#include <pqxx/pqxx>

#include "domain/error.h"

namespace galley::store {

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

// libpqxx 6.4's array_parser is not used: it takes `;` for a separator too,
// so it read the tag ";" as no tag at all, and "a;b" as two.
std::vector<std::string> ParseTextArray(const std::string& text) {
  const auto corrupt = [&] { return domain::Internal("a text[] value is not a one-dimensional array: " + text); };
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') throw corrupt();
  std::vector<std::string> values;
  std::size_t pos = 1;
  const std::size_t end = text.size() - 1;
  while (pos < end) {
    std::string value;
    bool quoted = false;
    if (text[pos] == '"') {
      quoted = true;
      ++pos;
      while (pos < end && text[pos] != '"') {
        if (text[pos] == '\\') ++pos;
        if (pos >= end) throw corrupt();
        value += text[pos++];
      }
      if (pos >= end) throw corrupt();
      ++pos;  // the closing quote
    } else {
      while (pos < end && text[pos] != ',') value += text[pos++];
      if (value.empty() || value.find_first_of("{}\"\\") != std::string::npos) throw corrupt();
    }
    // An unquoted NULL is a null element, which no text list of Galley holds.
    if (quoted || value != "NULL") values.push_back(std::move(value));
    if (pos < end && text[pos++] != ',') throw corrupt();
  }
  return values;
}

std::vector<std::string> ReadTextArray(const pqxx::field& field) { return ParseTextArray(field.c_str()); }

}  // namespace galley::store
