// The migrator's promises (README "Migrations"), each against a real, empty
// PostgreSQL database.
#include "store/migrator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <pqxx/pqxx>
#include <thread>

#include "domain/digest.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace galley::store {
namespace {

using testing::TempDir;
using testing::TestDatabase;

std::string ErrorOf(const std::function<void()>& body) {
  try {
    body();
  } catch (const MigrationError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no MigrationError was thrown";
  return "";
}

class MigratorTest : public ::testing::Test {
 protected:
  // Runs one query on the test database and returns the first field as text.
  std::string Query(const std::string& sql) {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    const auto rows = tx.exec(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
  }

  bool TableExists(const std::string& table) {
    return Query("SELECT to_regclass('" + table + "') IS NOT NULL") == "t";
  }

  Migrator FromDir() { return Migrator(database_.url(), LoadMigrations(dir_.path())); }

  TestDatabase database_{TestDatabase::Schema::kEmpty};
  TempDir dir_;
};

TEST_F(MigratorTest, UpAppliesEveryEmbeddedMigrationAndRecordsIt) {
  Migrator migrator(database_.url(), EmbeddedMigrations());
  const auto applied = migrator.Up(false);
  ASSERT_EQ(applied.size(), EmbeddedMigrations().size());
  EXPECT_TRUE(TableExists("publications"));
  for (const auto& status : migrator.Status()) {
    EXPECT_EQ(status.state, MigrationState::kApplied) << status.name;
    EXPECT_FALSE(status.applied_at.empty());
  }
  const Migration first = EmbeddedMigrations().front();
  EXPECT_EQ(Query("SELECT name || ' ' || checksum FROM galley_schema_migrations WHERE version = 1"),
            first.name + " " + first.checksum);
  EXPECT_EQ(Query("SELECT count(*) FROM galley_schema_migrations WHERE duration_ms >= 0"),
            std::to_string(applied.size()));
}

TEST_F(MigratorTest, ASecondUpHasNothingToDo) {
  Migrator migrator(database_.url(), EmbeddedMigrations());
  migrator.Up(false);
  EXPECT_TRUE(migrator.Up(false).empty());
}

TEST_F(MigratorTest, StatusShowsPendingThenAppliedAndChangesNothing) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);");
  auto migrator = FromDir();
  for (const auto& status : migrator.Status()) EXPECT_EQ(status.state, MigrationState::kPending);
  EXPECT_FALSE(TableExists("galley_schema_migrations"));
  migrator.Up(false);
  for (const auto& status : migrator.Status()) EXPECT_EQ(status.state, MigrationState::kApplied);
}

TEST_F(MigratorTest, DryRunPlansAndChangesNothing) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);");
  const auto plan = FromDir().Up(/*dry_run=*/true);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].file_name, "0001_first.sql");
  EXPECT_FALSE(TableExists("first"));
  EXPECT_FALSE(TableExists("galley_schema_migrations"));
}

TEST_F(MigratorTest, AFailingMigrationLeavesTheSchemaAsItWasBeforeItAndNamesFileAndLine) {
  dir_.Write("0001_ok.sql", "CREATE TABLE ok (id int);");
  dir_.Write("0002_bad.sql", "CREATE TABLE half (id int);\nINSERT INTO ok VALUES (1);\nINSERT INTO missing VALUES (1);\n");
  dir_.Write("0003_later.sql", "CREATE TABLE later (id int);");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0002_bad.sql line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("\"missing\" does not exist"), std::string::npos) << message;
  EXPECT_TRUE(TableExists("ok"));
  EXPECT_FALSE(TableExists("half"));
  EXPECT_EQ(Query("SELECT count(*) FROM ok"), "0");
  EXPECT_FALSE(TableExists("later"));
  EXPECT_EQ(Query("SELECT string_agg(version::text, ',') FROM galley_schema_migrations"), "1");
}

TEST_F(MigratorTest, ASyntaxErrorNamesItsLine) {
  dir_.Write("0001_typo.sql", "CREATE TABLE fine (id int);\n\nSELEC 1;\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0001_typo.sql line 3"), std::string::npos) << message;
  EXPECT_FALSE(TableExists("fine"));
}

TEST_F(MigratorTest, TheNoTransactionMarkerAllowsCreateIndexConcurrently) {
  dir_.Write("0001_table.sql", "CREATE TABLE t (id int, note text);");
  dir_.Write("0002_index.sql",
             "-- galley:no-transaction\n-- Builds without blocking writes.\n"
             "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id);\n"
             "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_note_idx ON t (note);\n");
  EXPECT_EQ(FromDir().Up(false).size(), 2u);
  EXPECT_TRUE(TableExists("t_id_idx"));
  EXPECT_TRUE(TableExists("t_note_idx"));
}

TEST_F(MigratorTest, WithoutTheMarkerCreateIndexConcurrentlyFailsCleanly) {
  dir_.Write("0001_table.sql", "CREATE TABLE t (id int);");
  dir_.Write("0002_index.sql", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0002_index.sql"), std::string::npos) << message;
  EXPECT_FALSE(TableExists("t_id_idx"));
}

TEST_F(MigratorTest, ATamperedFileFailsVerifyAndBlocksUp) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);");
  FromDir().Up(false);
  dir_.Write("0001_first.sql", "CREATE TABLE first (id bigint);");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);");
  EXPECT_NE(ErrorOf([&] { FromDir().Verify(); }).find("0001_first.sql changed"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { FromDir().Up(false); }).find("0001_first.sql"), std::string::npos);
  EXPECT_FALSE(TableExists("second"));
}

TEST_F(MigratorTest, AMissingFileFailsVerify) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);");
  dir_.Write("0003_third.sql", "CREATE TABLE third (id int);");
  FromDir().Up(false);
  std::filesystem::remove(dir_.path() + "/0002_second.sql");
  const auto message = ErrorOf([&] { FromDir().Verify(); });
  EXPECT_NE(message.find("0002_second.sql was applied but its file is missing"), std::string::npos) << message;
}

TEST_F(MigratorTest, ASchemaNewerThanTheFilesIsReportedButVerifies) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);");
  FromDir().Up(false);
  std::filesystem::remove(dir_.path() + "/0002_second.sql");  // an older binary
  auto older = FromDir();
  EXPECT_NO_THROW(older.Verify());
  const auto statuses = older.Status();
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[1].state, MigrationState::kNewer);
  EXPECT_TRUE(older.Up(false).empty());
}

TEST_F(MigratorTest, FourConcurrentRunsApplyEachMigrationExactlyOnce) {
  // Plain CREATE TABLE fails if run twice, so a double application shows.
  for (int i = 1; i <= 5; ++i) {
    dir_.Write("000" + std::to_string(i) + "_step.sql",
               "CREATE TABLE step" + std::to_string(i) + " (id int);\nSELECT pg_sleep(0.05);");
  }
  std::vector<std::thread> runners;
  std::atomic<int> failures{0};
  std::atomic<int> applied{0};
  for (int i = 0; i < 4; ++i) {
    runners.emplace_back([&] {
      try {
        applied += static_cast<int>(FromDir().Up(false).size());
      } catch (const std::exception& error) {
        ++failures;
        ADD_FAILURE() << error.what();
      }
    });
  }
  for (auto& runner : runners) runner.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), 5);
  EXPECT_EQ(Query("SELECT count(*) FROM galley_schema_migrations"), "5");
}

TEST_F(MigratorTest, AnUnreachableDatabaseIsReportedAsSuch) {
  Migrator nowhere("host=/nonexistent/socket dbname=galley", EmbeddedMigrations());
  EXPECT_THROW(nowhere.Status(), MigrationUnreachable);
}

TEST(LoadMigrations, RejectsMalformedNamesAndDuplicateVersions) {
  TempDir dir;
  dir.Write("README.md", "not a migration");
  dir.Write("0001_first.sql", "SELECT 1;");
  EXPECT_EQ(LoadMigrations(dir.path()).size(), 1u);
  dir.Write("0001_again.sql", "SELECT 1;");
  const auto duplicate = ErrorOf([&] { LoadMigrations(dir.path()); });
  EXPECT_NE(duplicate.find("0001_again.sql"), std::string::npos) << duplicate;
  EXPECT_NE(duplicate.find("0001_first.sql"), std::string::npos) << duplicate;
  for (const std::string bad : {"1_short.sql", "0002_Upper.sql", "0002-dash.sql", "0002_.sql"}) {
    EXPECT_THROW(ParseMigration(bad, "SELECT 1;"), MigrationError) << bad;
  }
  EXPECT_THROW(LoadMigrations(dir.path() + "/nowhere"), MigrationError);
}

TEST(ParseMigration, HonoursTheMarkerOnlyAmongLeadingComments) {
  EXPECT_FALSE(ParseMigration("0001_a.sql", "-- galley:no-transaction\nCREATE INDEX CONCURRENTLY x ON t (a);")
                   .transactional);
  EXPECT_TRUE(ParseMigration("0001_a.sql", "CREATE TABLE t (a int);\n-- galley:no-transaction\n").transactional);
  EXPECT_EQ(ParseMigration("0042_add_things.sql", "x").version, 42);
  EXPECT_EQ(ParseMigration("0042_add_things.sql", "x").checksum, domain::Sha256Hex("x"));
}

TEST(EmbeddedMigrations, AreExactlyTheFilesInMigrations) {
  const auto files = LoadMigrations(GALLEY_SOURCE_DIR "/migrations");
  const auto embedded = EmbeddedMigrations();
  ASSERT_EQ(files.size(), embedded.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(files[i].file_name, embedded[i].file_name);
    EXPECT_EQ(files[i].checksum, embedded[i].checksum);
  }
}

}  // namespace
}  // namespace galley::store
