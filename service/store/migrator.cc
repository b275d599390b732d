#include "store/migrator.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>
#include <thread>

#include "domain/digest.h"
#include "store/connection_url.h"
#include "store/embedded_migration_files.h"
#include "store/sql_statements.h"

namespace galley::store {

namespace {

// pg_advisory_lock key shared by every `galley migrate`: "galley" in ASCII.
constexpr std::int64_t kMigrationLockKey = 0x67616c6c6579;
constexpr int kConnectTimeoutSeconds = 10;

const char* const kCreateHistory =
    "CREATE TABLE IF NOT EXISTS galley_schema_migrations ("
    "  version     integer PRIMARY KEY,"
    "  name        text NOT NULL,"
    "  checksum    text NOT NULL,"
    "  applied_at  timestamptz NOT NULL DEFAULT clock_timestamp(),"
    "  duration_ms bigint NOT NULL)";
const char* const kSelectHistory =
    "SELECT version, name, checksum, "
    "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), duration_ms "
    "FROM galley_schema_migrations ORDER BY version";
const char* const kInsertHistory =
    "INSERT INTO galley_schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4) "
    "RETURNING to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

struct AppliedRow {
  std::string name;
  std::string checksum;
  std::string applied_at;
  std::int64_t duration_ms = 0;
};

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
  try {
    CheckConnectionUrl(url);
    return std::make_unique<pqxx::connection>(WithConnectTimeout(url, kConnectTimeoutSeconds));
  } catch (const std::invalid_argument& error) {
    throw MigrationError(error.what());
  } catch (const pqxx::broken_connection& error) {
    throw MigrationUnreachable("cannot reach the database: " + FirstLine(error.what()));
  }
}

// Runs `body`, so that callers see the migrator's errors only, each one line.
template <typename Body>
auto Guarded(Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const pqxx::broken_connection& error) {
    throw MigrationUnreachable("lost the database connection: " + FirstLine(error.what()));
  } catch (const pqxx::failure& error) {
    throw MigrationError(FirstLine(error.what()));
  }
}

std::map<int, AppliedRow> ReadHistory(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  std::map<int, AppliedRow> applied;
  if (tx.exec1("SELECT to_regclass('galley_schema_migrations') IS NOT NULL")[0].as<bool>()) {
    for (const auto& row : tx.exec(kSelectHistory)) {
      applied[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>(),
                                   row[4].as<std::int64_t>()};
    }
  }
  return applied;
}

// The file name a history row was applied from.
std::string FileNameOf(int version, const std::string& name) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%04d", version);
  return std::string(digits) + "_" + name + ".sql";
}

std::vector<MigrationStatus> Compare(const std::vector<Migration>& migrations,
                                     const std::map<int, AppliedRow>& applied) {
  std::vector<MigrationStatus> statuses;
  const int newest_file = migrations.empty() ? 0 : migrations.back().version;
  for (const auto& migration : migrations) {
    MigrationStatus status{migration.version, migration.name, migration.file_name, MigrationState::kPending, "", 0};
    if (const auto it = applied.find(migration.version); it != applied.end()) {
      status.state = it->second.checksum == migration.checksum ? MigrationState::kApplied : MigrationState::kChanged;
      status.applied_at = it->second.applied_at;
      status.duration_ms = it->second.duration_ms;
    }
    statuses.push_back(status);
  }
  for (const auto& [version, row] : applied) {
    const bool known = std::any_of(migrations.begin(), migrations.end(),
                                   [version = version](const Migration& m) { return m.version == version; });
    if (known) continue;
    statuses.push_back({version, row.name, FileNameOf(version, row.name),
                        version > newest_file ? MigrationState::kNewer : MigrationState::kMissing, row.applied_at,
                        row.duration_ms});
  }
  std::sort(statuses.begin(), statuses.end(),
            [](const MigrationStatus& a, const MigrationStatus& b) { return a.version < b.version; });
  return statuses;
}


// Throws naming every applied migration whose file changed or is gone.
void ThrowIfTampered(const std::vector<MigrationStatus>& statuses) {
  std::string problems;
  for (const auto& status : statuses) {
    if (status.state != MigrationState::kChanged && status.state != MigrationState::kMissing) continue;
    problems += problems.empty() ? "" : "; ";
    problems += status.file_name + (status.state == MigrationState::kChanged
                                         ? " changed after it was applied (checksum differs)"
                                         : " was applied but its file is missing");
  }
  if (!problems.empty()) {
    throw MigrationError("applied migrations do not match their files: " + problems +
                         " (migrations are forward-only: restore the file, and write a new migration instead)");
  }
}

// PostgreSQL's error as one line, and the line of the statement it points
// at ("LINE n:", counted from the statement's first line), if any. The
// excerpt and caret under "LINE n:" are dropped: the line number says it.
struct PostgresError {
  std::string text;
  int line_in_statement = 0;  // 0: PostgreSQL gave no position
};

PostgresError ParsePostgresError(const std::string& message) {
  static const std::regex kPosition(R"(^LINE (\d+): )");
  PostgresError error;
  bool internal_query = false;  // "LINE n" then counts within a query of a function body
  bool after_position = false;
  std::istringstream lines(message);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, kPosition)) {
      error.line_in_statement = std::stoi(match[1].str());
      after_position = true;
      continue;
    }
    if (after_position && line.find_first_not_of(" ^") == std::string::npos) continue;  // the caret
    after_position = false;
    if (line.rfind("QUERY:", 0) == 0) internal_query = true;
    if (line.rfind("ERROR:", 0) == 0) line.erase(0, 6);
    // libpq writes "DETAIL:  text"; one space reads better inside a line.
    if (const auto label = line.find(":  "); label != std::string::npos && label < 8) line.erase(label + 1, 1);
    const auto text = line.find_first_not_of(' ');
    if (text == std::string::npos) continue;
    if (!error.text.empty()) error.text += ' ';
    error.text += line.substr(text);
  }
  if (internal_query) error.line_in_statement = 0;
  return error;
}

// "migration file.sql line N failed: <message> (SQLSTATE xxxxx)"
std::string DescribeFailure(const Migration& migration, const SqlStatement& statement, const pqxx::failure& failure) {
  const PostgresError error = ParsePostgresError(failure.what());
  const int line = statement.first_line + std::max(error.line_in_statement - 1, 0);
  std::string description =
      "migration " + migration.file_name + " line " + std::to_string(line) + " failed: " + error.text;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&failure); sql != nullptr && !sql->sqlstate().empty()) {
    description += " (SQLSTATE " + sql->sqlstate() + ")";
  }
  return description;
}

// Runs the file statement by statement, so that a failure can name its line.
void RunStatements(pqxx::transaction_base& tx, const Migration& migration) {
  for (const auto& statement : SplitSqlStatements(migration.sql)) {
    try {
      tx.exec(statement.text);
    } catch (const pqxx::broken_connection& error) {
      throw MigrationUnreachable("lost the database connection while applying " + migration.file_name + " line " +
                                 std::to_string(statement.first_line) + ": " + FirstLine(error.what()));
    } catch (const pqxx::failure& error) {
      // Not only sql_error: a deadlock or serialization failure is a
      // transaction_rollback, which libpqxx 6 does not derive from it.
      throw MigrationError(DescribeFailure(migration, statement, error));
    }
  }
}

MigrationStatus Apply(pqxx::connection& connection, const Migration& migration) {
  const auto started = std::chrono::steady_clock::now();
  MigrationStatus status{migration.version, migration.name, migration.file_name, MigrationState::kApplied, "", 0};
  auto record = [&](pqxx::transaction_base& tx) {
    status.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    status.applied_at =
        tx.exec_params1(kInsertHistory, migration.version, migration.name, migration.checksum, status.duration_ms)[0]
            .as<std::string>();
  };
  if (migration.transactional) {
    pqxx::work tx(connection);
    RunStatements(tx, migration);
    record(tx);
    tx.commit();
    return status;
  }
  // Outside a transaction a failure cannot be undone by PostgreSQL; the
  // migration is recorded only when every statement succeeded, so a rerun
  // retries it (such files must be safe to run again: see the README).
  {
    pqxx::nontransaction tx(connection);
    RunStatements(tx, migration);
  }
  pqxx::work tx(connection);
  record(tx);
  tx.commit();
  return status;
}

// The connection broke after the statements ran, while recording or
// committing: whether the migration took is unknown until the next run looks.
[[noreturn]] void ThrowLostWhileRecording(const Migration& migration, const pqxx::failure& error) {
  throw MigrationUnreachable("lost the database connection while committing " + migration.file_name +
                             "; run again (status shows whether it was applied): " + FirstLine(error.what()));
}

// Holds the migration lock for as long as it lives. It asks again every
// 100 ms rather than waiting inside pg_advisory_lock: a statement that waits
// holds a snapshot, and `CREATE INDEX CONCURRENTLY` in the holder's
// migration waits for every snapshot to go, so the two would deadlock.
class MigrationLock {
 public:
  explicit MigrationLock(pqxx::connection& connection) : connection_(connection) {
    const std::string try_lock = "SELECT pg_try_advisory_lock(" + std::to_string(kMigrationLockKey) + ")";
    while (!pqxx::nontransaction(connection_).exec(try_lock).at(0)[0].as<bool>()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~MigrationLock() {
    try {
      pqxx::nontransaction(connection_).exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
    } catch (const std::exception&) {
      // The lock goes with the session anyway.
    }
  }

 private:
  pqxx::connection& connection_;
};

std::vector<Migration> Sorted(std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      throw MigrationError("two migrations have version " + std::to_string(migrations[i].version) + ": " +
                           migrations[i - 1].file_name + " and " + migrations[i].file_name);
    }
  }
  return migrations;
}

}  // namespace

const char* MigrationStateName(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied: return "applied";
    case MigrationState::kPending: return "pending";
    case MigrationState::kChanged: return "changed";
    case MigrationState::kMissing: return "missing";
    case MigrationState::kNewer: return "newer";
  }
  return "unknown";
}

Migration ParseMigration(const std::string& file_name, const std::string& sql) {
  static const std::regex kName(R"((\d{4})_([a-z0-9_]+)\.sql)");
  std::smatch match;
  if (!std::regex_match(file_name, match, kName)) {
    throw MigrationError("migration file " + file_name +
                         " is not named NNNN_description.sql (four digits, then lowercase letters, digits, '_')");
  }
  Migration migration;
  migration.version = std::stoi(match[1].str());
  migration.name = match[2].str();
  migration.file_name = file_name;
  migration.sql = sql;
  migration.checksum = domain::Sha256Hex(sql);
  // The marker counts among the leading comment lines only.
  std::istringstream lines(sql);
  for (std::string line; std::getline(lines, line);) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (line == kNoTransactionMarker) migration.transactional = false;
    if (!line.empty() && line.rfind("--", 0) != 0) break;
  }
  return migration;
}

std::vector<Migration> EmbeddedMigrations() {
  std::vector<Migration> migrations;
  for (const auto& file : EmbeddedMigrationFiles()) migrations.push_back(ParseMigration(file.file_name, file.content));
  return Sorted(std::move(migrations));
}

std::vector<Migration> LoadMigrations(const std::string& directory) {
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error) throw MigrationError("cannot read migrations directory " + directory + ": " + error.message());
  std::vector<Migration> migrations;
  for (const auto& entry : entries) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    migrations.push_back(ParseMigration(entry.path().filename().string(), content.str()));
  }
  return Sorted(std::move(migrations));
}

Migrator::Migrator(std::string database_url, std::vector<Migration> migrations)
    : database_url_(std::move(database_url)), migrations_(Sorted(std::move(migrations))) {}

std::vector<MigrationStatus> Migrator::Status() {
  return Guarded([&] {
    auto connection = Connect(database_url_);
    return Compare(migrations_, ReadHistory(*connection));
  });
}

void Migrator::Verify() { ThrowIfTampered(Status()); }

std::vector<MigrationStatus> Migrator::Up(bool dry_run,
                                          const std::function<void(const MigrationStatus&)>& applied) {
  return Guarded([&] {
    auto connection = Connect(database_url_);
    auto pending = [&] {
      const auto statuses = Compare(migrations_, ReadHistory(*connection));
      ThrowIfTampered(statuses);
      std::vector<Migration> result;
      for (const auto& migration : migrations_) {
        const bool is_pending = std::any_of(statuses.begin(), statuses.end(), [&](const MigrationStatus& status) {
          return status.version == migration.version && status.state == MigrationState::kPending;
        });
        if (is_pending) result.push_back(migration);
      }
      return result;
    };
    std::vector<MigrationStatus> result;
    if (dry_run) {
      for (const auto& migration : pending()) {
        result.push_back({migration.version, migration.name, migration.file_name, MigrationState::kPending, "", 0});
      }
      return result;
    }
    // Concurrent runners queue here; whoever comes second finds nothing to do.
    MigrationLock lock(*connection);
    pqxx::nontransaction(*connection).exec(kCreateHistory);
    for (const auto& migration : pending()) {
      try {
        result.push_back(Apply(*connection, migration));
      } catch (const pqxx::broken_connection& error) {
        ThrowLostWhileRecording(migration, error);
      } catch (const pqxx::in_doubt_error& error) {
        ThrowLostWhileRecording(migration, error);
      }
      if (applied) applied(result.back());
    }
    return result;
  });
}

}  // namespace galley::store
