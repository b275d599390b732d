// Splits a SQL script into its statements, for migrations that must run
// outside a transaction: PostgreSQL runs a multi-statement query string as
// one implicit transaction, so such files are sent one statement at a time.
#pragma once

#include <string>
#include <vector>

namespace galley::store {

struct SqlStatement {
  std::string text;    // from its first line of code (leading comments dropped)
  int first_line = 1;  // the script line `text` starts on, for error messages
};

// Splits at semicolons outside quotes ('…', "…", $tag$…$tag$) and comments
// (-- and /* */). Statements of nothing but white space and comments are
// dropped. (Backslash escapes in E'…' strings are not understood: avoid
// E'\'' in migrations that must be split.)
std::vector<SqlStatement> SplitSqlStatements(const std::string& script);

}  // namespace galley::store
