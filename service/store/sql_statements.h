// Splits a SQL script into its statements, for the migrator: it sends a
// migration one statement at a time, so that a failure names its line, and
// so that files outside a transaction run as PostgreSQL requires (a
// multi-statement query string is one implicit transaction).
#pragma once

#include <string>
#include <vector>

namespace galley::store {

struct SqlStatement {
  std::string text;    // from its first line of code (leading comments dropped)
  int first_line = 1;  // the script line `text` starts on, for error messages
};

// Splits at semicolons outside strings ('…', E'…' with backslash escapes),
// quoted identifiers ("…"), dollar quotes ($tag$…$tag$) and comments (--, and
// nested /* */), as PostgreSQL's lexer does with standard_conforming_strings
// on. Statements of nothing but white space and comments are dropped.
std::vector<SqlStatement> SplitSqlStatements(const std::string& script);

}  // namespace galley::store
