#include "store/migrator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>

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
    "INSERT INTO galley_schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)";

struct AppliedRow {
  std::string name;
  std::string checksum;
  std::string applied_at;
  std::int64_t duration_ms = 0;
};

std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
  try {
    CheckConnectionUrl(url);
    return std::make_unique<pqxx::connection>(WithConnectTimeout(url, kConnectTimeoutSeconds));
  } catch (const std::invalid_argument& error) {
    throw MigrationError(error.what());
  } catch (const pqxx::broken_connection& error) {
    std::string reason = error.what();
    reason = reason.substr(0, reason.find('\n'));
    throw MigrationUnreachable("cannot reach the database: " + reason);
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
    statuses.push_back({version, row.name, "",
                        version > newest_file ? MigrationState::kNewer : MigrationState::kMissing, row.applied_at,
                        row.duration_ms});
  }
  std::sort(statuses.begin(), statuses.end(),
            [](const MigrationStatus& a, const MigrationStatus& b) { return a.version < b.version; });
  return statuses;
}

std::string FileNameOf(const MigrationStatus& status) {
  if (!status.file_name.empty()) return status.file_name;
  char version[16];
  std::snprintf(version, sizeof version, "%04d", status.version);
  return std::string(version) + "_" + status.name + ".sql";
}

// Throws naming every applied migration whose file changed or is gone.
void ThrowIfTampered(const std::vector<MigrationStatus>& statuses) {
  std::string problems;
  for (const auto& status : statuses) {
    if (status.state == MigrationState::kChanged) {
      problems += "\n  " + FileNameOf(status) + " changed after it was applied (checksum differs)";
    } else if (status.state == MigrationState::kMissing) {
      problems += "\n  " + FileNameOf(status) + " was applied but its file is missing";
    }
  }
  if (!problems.empty()) {
    throw MigrationError("applied migrations do not match their files; restore them (migrations are forward-only: "
                         "write a new one instead of editing an applied one):" +
                         problems);
  }
}

// "file.sql line N failed: <PostgreSQL's message>". The line is where the
// failing statement starts, or the exact line when PostgreSQL knows the
// position of the error (its message then has "LINE n:", counted from the
// statement's first line).
std::string DescribeFailure(const Migration& migration, const pqxx::sql_error& error, const SqlStatement& statement) {
  std::string message = error.what();
  while (!message.empty() && message.back() == '\n') message.pop_back();
  static const std::regex kLine(R"(LINE (\d+):)");
  std::smatch match;
  int line = statement.first_line;
  if (std::regex_search(message, match, kLine)) line += std::stoi(match[1].str()) - 1;
  return "migration " + migration.file_name + " line " + std::to_string(line) + " failed: " + message;
}

// Runs the file statement by statement, so that a failure can name its line.
void RunStatements(pqxx::transaction_base& tx, const Migration& migration) {
  for (const auto& statement : SplitSqlStatements(migration.sql)) {
    try {
      tx.exec(statement.text);
    } catch (const pqxx::sql_error& error) {
      throw MigrationError(DescribeFailure(migration, error, statement));
    }
  }
}

void Apply(pqxx::connection& connection, const Migration& migration) {
  const auto started = std::chrono::steady_clock::now();
  auto elapsed_ms = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  };
  if (migration.transactional) {
    pqxx::work tx(connection);
    RunStatements(tx, migration);
    tx.exec_params(kInsertHistory, migration.version, migration.name, migration.checksum, elapsed_ms());
    tx.commit();
    return;
  }
  // Outside a transaction a failure cannot be undone by PostgreSQL; the
  // migration is recorded only when every statement succeeded, so a rerun
  // retries it (write such files to be rerunnable: IF NOT EXISTS).
  {
    pqxx::nontransaction tx(connection);
    RunStatements(tx, migration);
  }
  pqxx::work record(connection);
  record.exec_params(kInsertHistory, migration.version, migration.name, migration.checksum, elapsed_ms());
  record.commit();
}

// Holds the migration lock for as long as it lives.
class MigrationLock {
 public:
  explicit MigrationLock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction(connection_).exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")");
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
    if (!line.empty() && line.back() == '\r') line.pop_back();
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
  auto connection = Connect(database_url_);
  return Compare(migrations_, ReadHistory(*connection));
}

void Migrator::Verify() { ThrowIfTampered(Status()); }

std::vector<Migration> Migrator::Up(bool dry_run) {
  auto connection = Connect(database_url_);
  std::vector<Migration> pending;
  auto plan = [&] {
    const auto statuses = Compare(migrations_, ReadHistory(*connection));
    ThrowIfTampered(statuses);
    for (const auto& status : statuses) {
      if (status.state != MigrationState::kPending) continue;
      for (const auto& migration : migrations_) {
        if (migration.version == status.version) pending.push_back(migration);
      }
    }
  };
  if (dry_run) {
    plan();
    return pending;
  }
  // Concurrent runners queue here; whoever comes second finds nothing to do.
  MigrationLock lock(*connection);
  pqxx::nontransaction(*connection).exec(kCreateHistory);
  plan();
  for (const auto& migration : pending) Apply(*connection, migration);
  return pending;
}

}  // namespace galley::store
