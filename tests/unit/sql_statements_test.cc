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

TEST(SplitSqlStatements, UnderstandsBackslashEscapesInEStringsOnly) {
  const auto statements = SplitSqlStatements(
      "INSERT INTO t VALUES (E'it\\'s; one', 'back\\');\n"  // E'it\'s; one' and 'back\'
      "INSERT INTO t VALUES (e'\\\\');\n"                   // e'\\': one backslash
      "SELECT 1 WHERE type'x' = 'y;';\n");                    // type'x' is no E-string
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].text, "INSERT INTO t VALUES (E'it\\'s; one', 'back\\');");
  EXPECT_EQ(statements[1].first_line, 2);
  EXPECT_EQ(statements[2].first_line, 3);
}

TEST(SplitSqlStatements, NestsBlockCommentsAndKnowsDollarsThatAreNoQuotes) {
  const auto statements = SplitSqlStatements(
      "/* outer /* inner; */ still comment; */ SELECT 1;\n"
      "PREPARE p AS SELECT $1; SELECT a$b$c FROM t;\n"
      "SELECT $tag$ $$; $tag$;");
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0].text, "SELECT 1;");
  EXPECT_EQ(statements[1].text, "PREPARE p AS SELECT $1;");
  EXPECT_EQ(statements[2].text, "SELECT a$b$c FROM t;");
  EXPECT_EQ(statements[3].text, "SELECT $tag$ $$; $tag$;");
  EXPECT_EQ(statements[3].first_line, 3);
}

TEST(SplitSqlStatements, KeepsDoubledQuotesInside) {
  const auto statements = SplitSqlStatements("SELECT 'a'';b', \"c\"\";d\"; SELECT 2");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1].text, "SELECT 2");
}

}  // namespace
}  // namespace galley::store
