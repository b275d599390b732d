#include "store/text_array.h"

#include <pqxx/pqxx>

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

std::vector<std::string> ReadTextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  auto parser = field.as_array();
  for (auto next = parser.get_next(); next.first != pqxx::array_parser::done; next = parser.get_next()) {
    if (next.first == pqxx::array_parser::string_value) values.push_back(next.second);
  }
  return values;
}

}  // namespace galley::store
