// The test harness itself: every TestDatabase is a database of its own, from
// the migrated template or empty, and gone after the test.
#include "support/test_database.h"

#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>

namespace galley::testing {
namespace {

std::string Query(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  const auto result = tx.exec(sql);
  return result.empty() || result[0][0].is_null() ? "" : result[0][0].c_str();
}

bool Exists(const std::string& database) {
  pqxx::connection connection(AdminUrl());
  pqxx::nontransaction tx(connection);
  return !tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", database).empty();
}

TEST(TestDatabaseTest, EachIsADatabaseOfItsOwn) {
  TestDatabase first;
  TestDatabase second;
  EXPECT_NE(first.name(), second.name());
  EXPECT_EQ(Query(first.url(), "SELECT current_database()"), first.name());
  EXPECT_EQ(Query(second.url(), "SELECT current_database()"), second.name());
  EXPECT_EQ(first.url(), DatabaseUrl(first.name()));

  Query(first.url(), "CREATE TABLE only_in_first (id int)");
  EXPECT_EQ(Query(first.url(), "SELECT to_regclass('only_in_first')::text"), "only_in_first");
  EXPECT_EQ(Query(second.url(), "SELECT to_regclass('only_in_first')::text"), "");
}

TEST(TestDatabaseTest, MigratedHasTheSchema) {
  TestDatabase database(TestDatabase::Schema::kMigrated);
  EXPECT_EQ(Query(database.url(), "SELECT to_regclass('publications')::text"), "publications");
  EXPECT_EQ(Query(database.url(), "SHOW server_encoding"), "UTF8");
}

TEST(TestDatabaseTest, EmptyHasNoTables) {
  TestDatabase database(TestDatabase::Schema::kEmpty);
  EXPECT_EQ(Query(database.url(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
  Query(database.url(), "CREATE TABLE papers (name text); INSERT INTO papers VALUES ('赣南日报')");
  EXPECT_EQ(Query(database.url(), "SELECT name FROM papers"), "赣南日报");
}

TEST(TestDatabaseTest, IsDroppedAtDestruction) {
  std::string name;
  std::unique_ptr<pqxx::connection> leftover;
  {
    TestDatabase database(TestDatabase::Schema::kEmpty);
    name = database.name();
    EXPECT_TRUE(Exists(name));
    // A connection still open must not keep it alive.
    leftover = std::make_unique<pqxx::connection>(database.url());
  }
  EXPECT_FALSE(Exists(name));
}

TEST(TestDatabaseTest, AdminUrlReachesTheMaintenanceDatabase) {
  EXPECT_EQ(Query(AdminUrl(), "SELECT current_database()"), "postgres");
}

}  // namespace
}  // namespace galley::testing
