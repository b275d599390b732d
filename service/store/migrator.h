// Forward-only schema migrations (migrations/NNNN_description.sql), applied
// by `galley migrate` and by the test harness from the same files.
//
// The promises (migrations/README.md): each migration runs in its own
// transaction, all or nothing, and is recorded in galley_schema_migrations
// (version, name, SHA-256 checksum, applied_at, duration) in that same
// transaction. A file whose leading comment lines include the marker
//   -- galley:no-transaction
// runs outside a transaction instead, statement by statement, for what
// PostgreSQL forbids inside one (CREATE INDEX CONCURRENTLY); it is recorded
// only once every statement succeeded. A session-level advisory lock,
// held for the whole of Up, serializes concurrent runs, so each migration
// applies once and a second runner finds nothing left to do.
//
// Applied versions are compared with the files by version and checksum:
//   - an applied version whose file's content differs: kChanged;
//   - an applied version with no file, older than the newest file: kMissing
//     (a file was deleted or renumbered);
//   - an applied version with no file, newer than every file: kNewer, the
//     schema is ahead of this binary (a rolling upgrade in progress).
// kChanged and kMissing make Verify fail and Up refuse; kNewer does neither,
// so an older binary can still check and serve a newer schema.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace galley::store {

constexpr const char* kNoTransactionMarker = "-- galley:no-transaction";

struct Migration {
  int version = 0;            // NNNN
  std::string name;           // "description" part of the file name
  std::string file_name;      // "0001_publications.sql"
  std::string sql;
  std::string checksum;       // hex SHA-256 of `sql`
  bool transactional = true;  // false when the file carries the marker
};

// A migration failed or the files do not match the database. The message is
// one line; for a failed migration it names the file and line and carries
// PostgreSQL's message and SQLSTATE.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database could not be reached, or the connection was lost (a
// transactional migration in flight is then rolled back by PostgreSQL).
class MigrationUnreachable : public MigrationError {
 public:
  using MigrationError::MigrationError;
};

// A migration from its file name and content. Throws MigrationError for a
// name that is not NNNN_description.sql (lowercase, digits, underscores).
Migration ParseMigration(const std::string& file_name, const std::string& sql);

// The migrations compiled into the binary (from migrations/ at build time),
// in version order.
std::vector<Migration> EmbeddedMigrations();
// The *.sql files of a directory (`galley migrate --dir`), in version order.
// Throws MigrationError for a malformed file name or a duplicate version.
std::vector<Migration> LoadMigrations(const std::string& directory);

enum class MigrationState {
  kApplied,
  kPending,
  kChanged,  // applied, but its file's checksum differs now
  kMissing,  // applied, but its file is gone although newer files exist
  kNewer,    // applied, newer than every file: the schema is ahead of this binary
};

const char* MigrationStateName(MigrationState state);

struct MigrationStatus {
  int version = 0;
  std::string name;
  std::string file_name;  // for kMissing and kNewer, rebuilt from the history
  MigrationState state = MigrationState::kPending;
  std::string applied_at;  // RFC 3339 (UTC); empty unless applied
  std::int64_t duration_ms = 0;
};

class Migrator {
 public:
  Migrator(std::string database_url, std::vector<Migration> migrations);

  // Every known and every applied migration, in version order. Changes nothing.
  std::vector<MigrationStatus> Status();
  // Applies every pending migration in version order and returns them as
  // applied (with applied_at and duration_ms); with `dry_run`, returns them
  // as pending and changes nothing. Throws MigrationError naming the file and
  // line of a migration that failed, after which the schema is as it was
  // before that file; also before applying anything if Verify would fail.
  // `applied`, if given, hears of each migration as soon as it is committed,
  // so that what was applied before a failure can still be reported.
  std::vector<MigrationStatus> Up(bool dry_run,
                                  const std::function<void(const MigrationStatus&)>& applied = nullptr);
  // Throws MigrationError naming every changed or missing migration file.
  void Verify();

 private:
  std::string database_url_;
  std::vector<Migration> migrations_;
};

}  // namespace galley::store
