#include "store/sql_statements.h"

#include <gtest/gtest.h>

namespace galley::store {
namespace {

TEST(SplitSqlStatements, SplitsAtSemicolonsAndKeepsStartingLines) {
  const auto statements = SplitSqlStatements("-- header\nCREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].first_line, 2);  // past the leading comment
  EXPECT_EQ(statements[0].text.rfind("CREATE TABLE a", 0), 0u);
  EXPECT_EQ(statements[1].first_line, 4);
  EXPECT_NE(statements[1].text.find("CREATE TABLE b"), std::string::npos);
}

TEST(SplitSqlStatements, IgnoresSemicolonsInQuotesCommentsAndDollarQuotes) {
  const std::string script =
      "INSERT INTO t VALUES ('a;b', \"c;d\"); -- trailing; comment\n"
      "/* block; comment */\n"
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
      "DO $$ BEGIN PERFORM 1; END $$;";
  const auto statements = SplitSqlStatements(script);
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_NE(statements[1].text.find("$body$ SELECT 1; $body$"), std::string::npos);
  EXPECT_EQ(statements[1].first_line, 3);  // past the block comment on line 2
  EXPECT_EQ(statements[2].first_line, 4);
}

TEST(SplitSqlStatements, DropsEmptyStatementsAndKeepsAnUnterminatedLastOne) {
  const auto statements = SplitSqlStatements(";;\n-- only a comment\n;SELECT 1");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].text, "SELECT 1");
  EXPECT_EQ(statements[0].first_line, 3);
}

}  // namespace
}  // namespace galley::store
