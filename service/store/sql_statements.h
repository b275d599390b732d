// Splits a SQL script into its statements, for migrations that must run
// outside a transaction: PostgreSQL runs a multi-statement query string as
// one implicit transaction, so such files are sent one statement at a time.
#pragma once

#include <string>
#include <vector>

namespace galley::store {

struct SqlStatement {
  std::string text;
  int first_line = 1;  // where it starts in the script, for error messages
};

// Splits at semicolons outside quotes ('…', "…", $tag$…$tag$) and comments
// (-- and /* */). Statements with nothing but white space and comments are
// dropped.
std::vector<SqlStatement> SplitSqlStatements(const std::string& script);

}  // namespace galley::store
