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
  std::vector<std::string> reported;
  const auto applied = migrator.Up(false, [&](const MigrationStatus& status) { reported.push_back(status.file_name); });
  ASSERT_EQ(applied.size(), EmbeddedMigrations().size());
  EXPECT_TRUE(TableExists("publications"));
  for (std::size_t i = 0; i < applied.size(); ++i) {
    EXPECT_EQ(applied[i].file_name, EmbeddedMigrations()[i].file_name);
    EXPECT_EQ(applied[i].state, MigrationState::kApplied);
    EXPECT_GE(applied[i].duration_ms, 0);
    EXPECT_EQ(applied[i].applied_at,
              Query("SELECT to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                    "FROM galley_schema_migrations WHERE version = " +
                    std::to_string(applied[i].version)));
    EXPECT_EQ(reported.at(i), applied[i].file_name);
  }
  for (const auto& status : migrator.Status()) {
    EXPECT_EQ(status.state, MigrationState::kApplied) << status.name;
    EXPECT_FALSE(status.applied_at.empty());
  }
  for (const auto& migration : EmbeddedMigrations()) {
    EXPECT_EQ(Query("SELECT name || ' ' || checksum FROM galley_schema_migrations WHERE version = " +
                    std::to_string(migration.version)),
              migration.name + " " + migration.checksum);
  }
  EXPECT_EQ(Query("SELECT count(*) FROM galley_schema_migrations WHERE duration_ms >= 0 AND applied_at <= now()"),
            std::to_string(applied.size()));
}

TEST_F(MigratorTest, AppliesInVersionOrderAndTakesEveryStatementOfAFile) {
  // 0002 needs 0001's table, and its E'…' string holds a quote and a semicolon.
  dir_.Write("0002_fill.sql", "INSERT INTO notes VALUES (E'it\\'s; fine');\nINSERT INTO notes VALUES ('two');\n");
  dir_.Write("0001_notes.sql", "CREATE TABLE notes (text text);");
  const auto applied = FromDir().Up(false);
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].file_name, "0001_notes.sql");
  EXPECT_EQ(Query("SELECT string_agg(text, '|' ORDER BY text) FROM notes"), "it's; fine|two");
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
  EXPECT_EQ(plan[1].state, MigrationState::kPending);
  EXPECT_FALSE(TableExists("first"));
  EXPECT_FALSE(TableExists("galley_schema_migrations"));

  FromDir().Up(false);
  dir_.Write("0003_third.sql", "CREATE TABLE third (id int);");
  const auto rest = FromDir().Up(/*dry_run=*/true);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].file_name, "0003_third.sql");
  EXPECT_FALSE(TableExists("third"));
  EXPECT_EQ(Query("SELECT count(*) FROM galley_schema_migrations"), "2");
}

TEST_F(MigratorTest, AFailingMigrationLeavesTheSchemaAsItWasBeforeItAndNamesFileAndLine) {
  dir_.Write("0001_ok.sql", "CREATE TABLE ok (id int);");
  dir_.Write("0002_bad.sql", "CREATE TABLE half (id int);\nINSERT INTO ok VALUES (1);\nINSERT INTO missing VALUES (1);\n");
  dir_.Write("0003_later.sql", "CREATE TABLE later (id int);");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0002_bad.sql line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("\"missing\" does not exist"), std::string::npos) << message;
  EXPECT_NE(message.find("SQLSTATE 42P01"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_TRUE(TableExists("ok"));
  EXPECT_FALSE(TableExists("half"));
  EXPECT_EQ(Query("SELECT count(*) FROM ok"), "0");
  EXPECT_FALSE(TableExists("later"));
  EXPECT_EQ(Query("SELECT string_agg(version::text, ',') FROM galley_schema_migrations"), "1");
}

TEST_F(MigratorTest, ASyntaxErrorNamesItsLine) {
  dir_.Write("0001_typo.sql", "CREATE TABLE fine (id int);\n\nSELEC 1;\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0001_typo.sql line 3 failed: syntax error at or near \"SELEC\" (SQLSTATE 42601)"),
            std::string::npos)
      << message;
  EXPECT_FALSE(TableExists("fine"));
}

TEST_F(MigratorTest, AnErrorInsideAStatementNamesItsExactLine) {
  dir_.Write("0001_wide.sql",
             "CREATE TABLE a (id int);\n"
             "CREATE TABLE b (\n"
             "  id int,\n"
             "  kind no_such_type\n"
             ");\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0001_wide.sql line 4 failed: type \"no_such_type\" does not exist"), std::string::npos)
      << message;
  EXPECT_FALSE(TableExists("a"));
}

TEST_F(MigratorTest, AnErrorInAFunctionBodyNamesTheStatementLine) {
  // PostgreSQL's position here is within the body's own query: not a file line.
  dir_.Write("0001_body.sql",
             "CREATE TABLE a (id int);\n"
             "DO $$\n"
             "BEGIN\n"
             "  PERFORM * FROM nowhere;\n"
             "END $$;\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0001_body.sql line 2 failed: relation \"nowhere\" does not exist"), std::string::npos)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(MigratorTest, ADeadlockOrSerializationFailureAlsoNamesTheFile) {
  // libpqxx 6 reports these as transaction_rollback, which is no sql_error.
  dir_.Write("0001_table.sql", "CREATE TABLE a (id int);");
  dir_.Write("0002_deadlock.sql",
             "CREATE TABLE b (id int);\n"
             "DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = 'deadlock_detected'; END $$;\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0002_deadlock.sql line 2 failed: simulated"), std::string::npos) << message;
  EXPECT_FALSE(TableExists("b"));
  EXPECT_EQ(Query("SELECT string_agg(version::text, ',') FROM galley_schema_migrations"), "1");
}

TEST_F(MigratorTest, ALostConnectionIsUnreachableAndRollsTheFileBack) {
  dir_.Write("0001_drop.sql", "CREATE TABLE a (id int);\nSELECT pg_terminate_backend(pg_backend_pid());\n");
  try {
    FromDir().Up(false);
    ADD_FAILURE() << "no MigrationUnreachable was thrown";
  } catch (const MigrationUnreachable& error) {
    EXPECT_NE(std::string(error.what()).find("0001_drop.sql line 2"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(TableExists("a"));
  EXPECT_EQ(Query("SELECT count(*) FROM galley_schema_migrations"), "0");
}

TEST_F(MigratorTest, TheNoTransactionMarkerAllowsCreateIndexConcurrently) {
  dir_.Write("0001_table.sql", "CREATE TABLE t (id int, note text);");
  dir_.Write("0002_index.sql",
             "-- Builds without blocking writes.\n-- galley:no-transaction\n"
             "DROP INDEX CONCURRENTLY IF EXISTS t_id_idx;\n"
             "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n"
             "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_note_idx ON t (note);\n");
  EXPECT_EQ(FromDir().Up(false).size(), 2u);
  EXPECT_TRUE(TableExists("t_id_idx"));
  EXPECT_TRUE(TableExists("t_note_idx"));
  EXPECT_EQ(Query("SELECT string_agg(version::text, ',') FROM galley_schema_migrations"), "1,2");
}

TEST_F(MigratorTest, ANoTransactionFileThatFailsIsNotRecordedAndRunsAgain) {
  dir_.Write("0001_table.sql", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1), (1);");
  dir_.Write("0002_unique.sql",
             "-- galley:no-transaction\n"
             "DROP INDEX CONCURRENTLY IF EXISTS t_id_key;\n"
             "CREATE UNIQUE INDEX CONCURRENTLY t_id_key ON t (id);\n");
  const auto message = ErrorOf([&] { FromDir().Up(false); });
  EXPECT_NE(message.find("0002_unique.sql line 3 failed"), std::string::npos) << message;
  EXPECT_EQ(Query("SELECT string_agg(version::text, ',') FROM galley_schema_migrations"), "1");
  // The failed build left an invalid index, which the rerun drops and builds anew.
  EXPECT_EQ(Query("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id_key'::regclass"), "f");
  Query("DELETE FROM t WHERE ctid <> (SELECT min(ctid) FROM t)");
  EXPECT_EQ(FromDir().Up(false).size(), 1u);
  EXPECT_EQ(Query("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id_key'::regclass"), "t");
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
  const auto message = ErrorOf([&] { FromDir().Verify(); });
  EXPECT_NE(message.find("0001_first.sql changed"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(FromDir().Status()[0].state, MigrationState::kChanged);
  EXPECT_NE(ErrorOf([&] { FromDir().Up(false); }).find("0001_first.sql"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { FromDir().Up(/*dry_run=*/true); }).find("0001_first.sql"), std::string::npos);
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
  EXPECT_EQ(FromDir().Status()[1].state, MigrationState::kMissing);
  EXPECT_THROW(FromDir().Up(false), MigrationError);
}

TEST_F(MigratorTest, VerifyNamesEveryProblemAtOnce) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);");
  dir_.Write("0003_third.sql", "CREATE TABLE third (id int);");
  FromDir().Up(false);
  dir_.Write("0001_first.sql", "-- edited\nCREATE TABLE first (id int);");
  std::filesystem::remove(dir_.path() + "/0002_second.sql");
  const auto message = ErrorOf([&] { FromDir().Verify(); });
  EXPECT_NE(message.find("0001_first.sql changed"), std::string::npos) << message;
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
  EXPECT_EQ(statuses[1].file_name, "0002_second.sql");
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
  EXPECT_FALSE(ParseMigration("0001_a.sql", "-- Why: big table.\r\n\n-- galley:no-transaction \r\nSELECT 1;")
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
