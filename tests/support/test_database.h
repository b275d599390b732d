// The PostgreSQL the integration and end-to-end tests run against, and a
// fresh database for each test cloned from a migrated template, so tests are
// isolated from each other and cost a CREATE DATABASE, not a migration run.
//
// The server is GALLEY_TEST_DATABASE_URL (any database on it; the harness
// creates and drops its own) or, when that is unset, a throwaway cluster the
// harness starts in a temporary directory on first use and stops at exit.
#pragma once

#include <string>

namespace galley::testing {

// A URL for the maintenance database (`postgres`) of the test server.
std::string AdminUrl();
// A URL for `database` on the test server.
std::string DatabaseUrl(const std::string& database);

class TestDatabase {
 public:
  enum class Schema {
    kMigrated,  // every migration applied (cloned from the template)
    kEmpty,     // no tables at all: for migrator tests
  };

  explicit TestDatabase(Schema schema = Schema::kMigrated);
  ~TestDatabase();  // drops the database (terminating leftover connections)

  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }

 private:
  std::string name_;
  std::string url_;
};

}  // namespace galley::testing
