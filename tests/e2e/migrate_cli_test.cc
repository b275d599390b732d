// `galley migrate` as a CI pipeline runs it: the real binary, its output and
// its exit codes (0 ok, 1 failed, 2 usage, 3 database unreachable).
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <regex>
#include <thread>

#include "galley_process.h"
#include "store/migrator.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

class MigrateCliTest : public ::testing::Test {
 protected:
  RunResult Migrate(std::vector<std::string> args) {
    args.insert(args.begin(), "migrate");
    args.push_back("--database-url=" + database_.url());
    return RunGalley(args);
  }

  std::string Query(const std::string& sql) {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    const auto rows = tx.exec(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].as<std::string>();
  }

  TestDatabase database_{TestDatabase::Schema::kEmpty};
  TempDir dir_;
};

TEST_F(MigrateCliTest, UpAppliesThenStatusAndVerifyAgree) {
  const auto plan = Migrate({"up", "--dry-run"});
  EXPECT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("would apply 0001_publications.sql"), std::string::npos) << plan.output;
  EXPECT_EQ(Query("SELECT to_regclass('publications')"), "");

  const auto pending = Migrate({"status", "--format=json"});
  EXPECT_EQ(pending.exit_code, 0) << pending.output;
  EXPECT_NE(pending.output.find(
                R"("name": "publications", "file": "0001_publications.sql", "state": "pending", "applied_at": null)"),
            std::string::npos)
      << pending.output;
  EXPECT_EQ(pending.output.front(), '[');

  const auto up = Migrate({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.output;
  EXPECT_TRUE(std::regex_search(up.output, std::regex(R"(applied 0001_publications\.sql in \d+ ms)"))) << up.output;

  const auto applied = Migrate({"status"});
  EXPECT_EQ(applied.exit_code, 0);
  EXPECT_TRUE(std::regex_search(applied.output, std::regex(R"(0001 +publications +applied +\d{4}-\d\d-\d\dT)")))
      << applied.output;
  const auto json = Migrate({"status", "--format=json"});
  EXPECT_NE(json.output.find(R"("state": "applied", "applied_at": ")"), std::string::npos) << json.output;
  EXPECT_EQ(Migrate({"verify"}).exit_code, 0);
  EXPECT_NE(Migrate({"up"}).output.find("up to date"), std::string::npos);
}

TEST_F(MigrateCliTest, FourConcurrentProcessesAllSucceedAndApplyEachOnce) {
  std::vector<std::unique_ptr<GalleyProcess>> runs;
  for (int i = 0; i < 4; ++i) {
    runs.push_back(std::make_unique<GalleyProcess>(
        std::vector<std::string>{"migrate", "up", "--database-url", database_.url()}));
  }
  for (auto& run : runs) EXPECT_EQ(run->WaitForExit(std::chrono::seconds(60)), 0) << run->Log();
  EXPECT_EQ(Query("SELECT count(*) FROM galley_schema_migrations"),
            std::to_string(store::EmbeddedMigrations().size()));
  EXPECT_EQ(Query("SELECT count(*) FROM service_secrets"), "1");
}

TEST_F(MigrateCliTest, VerifyNamesATamperedFileAndUpRefuses) {
  dir_.Write("0001_first.sql", "CREATE TABLE first (id int);\n");
  ASSERT_EQ(Migrate({"up", "--dir", dir_.path()}).exit_code, 0);
  dir_.Write("0001_first.sql", "CREATE TABLE first (id bigint);\n");
  dir_.Write("0002_second.sql", "CREATE TABLE second (id int);\n");
  const auto verify = Migrate({"verify", "--dir", dir_.path()});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.output.find("0001_first.sql changed"), std::string::npos) << verify.output;
  EXPECT_EQ(Migrate({"up", "--dir", dir_.path()}).exit_code, 1);
  EXPECT_EQ(Query("SELECT to_regclass('second')"), "");
}

TEST_F(MigrateCliTest, AFailingMigrationExitsOneNamingFileAndLine) {
  dir_.Write("0001_broken.sql", "CREATE TABLE fine (id int);\nALTER TABLE nowhere ADD COLUMN x int;\n");
  const auto result = Migrate({"up", "--dir", dir_.path()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("0001_broken.sql line 2"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find('\n'), result.output.size() - 1) << "not one line: " << result.output;
  EXPECT_EQ(Query("SELECT to_regclass('fine')"), "");
}

TEST_F(MigrateCliTest, WhatWasAppliedBeforeAFailureIsStillReported) {
  dir_.Write("0001_fine.sql", "CREATE TABLE fine (id int);\n");
  dir_.Write("0002_broken.sql", "SELEC 1;\n");
  const auto result = Migrate({"up", "--dir", dir_.path()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("applied 0001_fine.sql in"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("0002_broken.sql line 1 failed"), std::string::npos) << result.output;
}

TEST_F(MigrateCliTest, ALostConnectionExitsThree) {
  dir_.Write("0001_drop.sql", "SELECT pg_terminate_backend(pg_backend_pid());\n");
  const auto result = Migrate({"up", "--dir", dir_.path()});
  EXPECT_EQ(result.exit_code, 3) << result.output;
  EXPECT_NE(result.output.find("lost the database connection while applying 0001_drop.sql"), std::string::npos)
      << result.output;
}

TEST(MigrateUsageTest, UsageAndConnectionProblemsHaveTheirOwnExitCodes) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string says;
  };
  const std::vector<Case> cases{
      {{"migrate"}, 2, "say up, status or verify"},
      {{"migrate", "sideways", "--database-url", "postgresql:///x"}, 2, "unknown action"},
      {{"migrate", "up"}, 2, "--database-url"},
      {{"migrate", "status", "--database-url", "postgresql:///x", "--format", "xml"}, 2, "--format"},
      {{"migrate", "up", "--database-url", "postgresql://[::1"}, 2, "malformed database URL"},
      {{"migrate", "up", "--database-url", "postgresql:///x", "--dir", "/nonexistent"}, 2, "not a directory"},
      {{"migrate", "up", "--database-url", "host=/nonexistent/socket dbname=x"}, 3, "cannot reach the database"},
  };
  for (const auto& c : cases) {
    const auto result = RunGalley(c.args);
    EXPECT_EQ(result.exit_code, c.exit_code) << result.output;
    EXPECT_NE(result.output.find(c.says), std::string::npos) << result.output;
  }
}

}  // namespace
}  // namespace galley::testing
