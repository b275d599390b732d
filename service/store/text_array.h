// PostgreSQL text[] values as bound parameters and as results.
#pragma once

#include <string>
#include <vector>

#include <pqxx/result>

namespace galley::store {

// An array literal for `$n::text[]`, every element quoted and escaped, so
// any text (commas, quotes, braces, Chinese) round-trips.
std::string TextArrayLiteral(const std::vector<std::string>& values);

// PostgreSQL's text form of a one-dimensional text[] ("{a,\"b c\"}"), as
// ReadTextArray reads it; throws Internal for anything else.
std::vector<std::string> ParseTextArray(const std::string& text);
std::vector<std::string> ReadTextArray(const pqxx::field& field);

}  // namespace galley::store
