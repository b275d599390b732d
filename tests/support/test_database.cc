// The test server (GALLEY_TEST_DATABASE_URL or a throwaway LocalCluster) and
// the migrated template that every TestDatabase is cloned from.
#include "support/test_database.h"

#include <libpq-fe.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>
#include <thread>

#include "domain/digest.h"
#include "store/connection_url.h"
#include "store/local_cluster.h"
#include "store/migrator.h"

namespace galley::testing {

namespace {

constexpr const char* kUrlVariable = "GALLEY_TEST_DATABASE_URL";
// Serializes building the template among test processes sharing a server.
constexpr long long kTemplateLockKey = 0x67616c6c6579;  // "galley"
constexpr const char* kObjectInUse = "55006";

// Started on first use; stopped and removed when the test process exits.
class ThrowawayServer {
 public:
  ThrowawayServer() {
    char dir[] = "/tmp/galley-test-XXXXXX";
    if (mkdtemp(dir) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    dir_ = dir;
    // PostgreSQL, run as `postgres` when the tests run as root, must reach it.
    chmod(dir, 0755);
    store::LocalClusterOptions options;
    options.data_dir = dir_;
    options.fast_unsafe = true;
    cluster_ = std::make_unique<store::LocalCluster>(options);
  }

  ~ThrowawayServer() {
    // A forked child that exits normally must not take the parent's server down.
    if (getpid() != owner_) {
      cluster_->Detach();
      return;
    }
    // Stopped here rather than by ~LocalCluster, which may log through spdlog,
    // whose registry may already be destroyed at this point of the exit.
    try {
      cluster_->Stop();
    } catch (const std::exception& error) {
      std::cerr << "warning: could not stop the test PostgreSQL in " << dir_.string() << ": " << error.what() << '\n';
    }
    cluster_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string Url(const std::string& database) const { return cluster_->Url(database); }

 private:
  pid_t owner_ = getpid();
  std::filesystem::path dir_;
  std::unique_ptr<store::LocalCluster> cluster_;
};

const ThrowawayServer& Server() {
  static const ThrowawayServer server;
  return server;
}


// `url` (a URI or key=value list, as libpq parses it) with another database:
// every setting it names is carried over as a URI parameter but dbname.
std::string WithDatabase(const std::string& url, const std::string& database) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    const std::string reason = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error(std::string(kUrlVariable) + " is not a libpq URL: " + reason);
  }
  std::string result = "postgresql:///" + store::PercentEncoded(database);
  char separator = '?';
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::strcmp(option->keyword, "dbname") == 0) continue;
    result += separator + std::string(option->keyword) + "=" + store::PercentEncoded(option->val);
    separator = '&';
  }
  PQconninfoFree(options);
  return result;
}

bool DatabaseExists(pqxx::transaction_base& tx, const std::string& name) {
  return !tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name).empty();
}

// Named after the migrations it holds, so a changed migration gets a new template.
std::string TemplateName() {
  std::string checksums;
  for (const auto& migration : store::EmbeddedMigrations()) checksums += migration.checksum;
  return "galley_template_" + domain::Sha256Hex(checksums).substr(0, 12);
}

// Builds the template unless it exists. Other test processes may be at it
// too: under an advisory lock, it is built under a temporary name and renamed
// only when fully migrated, so its final name always means "ready".
void BuildTemplate(const std::string& name) {
  pqxx::connection admin(AdminUrl());
  pqxx::nontransaction tx(admin);
  if (DatabaseExists(tx, name)) return;
  // Released with the connection, also when building fails.
  tx.exec("SELECT pg_advisory_lock(" + std::to_string(kTemplateLockKey) + ")");
  if (DatabaseExists(tx, name)) return;
  const std::string building = name + "_building";
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(building) + " WITH (FORCE)");  // left by a crash
  tx.exec("CREATE DATABASE " + tx.quote_name(building) + " TEMPLATE template0 ENCODING 'UTF8'");
  store::Migrator(DatabaseUrl(building), store::EmbeddedMigrations()).Up(/*dry_run=*/false);
  tx.exec("ALTER DATABASE " + tx.quote_name(building) + " RENAME TO " + tx.quote_name(name));
  // A stray connection to the template would make cloning it fail.
  tx.exec("ALTER DATABASE " + tx.quote_name(name) + " ALLOW_CONNECTIONS false");
}

const std::string& MigratedTemplate() {
  static std::mutex mutex;
  static std::string ready;
  std::lock_guard<std::mutex> lock(mutex);
  if (ready.empty()) {
    const std::string name = TemplateName();
    BuildTemplate(name);
    ready = name;
  }
  return ready;
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  static std::mt19937 engine{std::random_device{}()};
  static std::mutex mutex;
  unsigned suffix = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    suffix = engine() % 0x1000000;
  }
  char hex[8];
  std::snprintf(hex, sizeof hex, "%06x", suffix);
  return "galley_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" + hex;
}

// CREATE DATABASE ... TEMPLATE fails while anyone is connected to the
// template, a moment after it was built, say: retry a few times.
void CloneTemplate(pqxx::transaction_base& tx, const std::string& name, const std::string& template_name) {
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      tx.exec("CREATE DATABASE " + tx.quote_name(name) + " TEMPLATE " + tx.quote_name(template_name));
      return;
    } catch (const pqxx::sql_error& error) {
      if (error.sqlstate() != kObjectInUse || attempt == kAttempts) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
  }
}

}  // namespace

std::string AdminUrl() { return DatabaseUrl("postgres"); }

std::string DatabaseUrl(const std::string& database) {
  const char* url = std::getenv(kUrlVariable);
  if (url != nullptr && *url != '\0') return WithDatabase(url, database);
  return Server().Url(database);
}

TestDatabase::TestDatabase(Schema schema) : name_(UniqueName()) {
  const std::string template_name = schema == Schema::kMigrated ? MigratedTemplate() : "";
  pqxx::connection admin(AdminUrl());
  pqxx::nontransaction tx(admin);
  if (schema == Schema::kMigrated) {
    CloneTemplate(tx, name_, template_name);
  } else {
    tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0 ENCODING 'UTF8'");
  }
  url_ = DatabaseUrl(name_);
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(AdminUrl());
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& error) {
    std::cerr << "warning: could not drop test database " << name_ << ": " << error.what() << '\n';
  }
}

}  // namespace galley::testing
