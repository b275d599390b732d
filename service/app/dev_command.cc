// `galley dev`: everything a newcomer needs in one command. Without a
// database URL it runs a private PostgreSQL in --data-dir, migrates it and
// serves; Ctrl-C stops the server, then PostgreSQL. A second run reuses the
// data, and takes over a PostgreSQL that a crashed run left behind.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/dev_token.h"
#include "app/sample_edition.h"
#include "app/exit_codes.h"
#include "app/search_backfill.h"
#include "app/logging.h"
#include "app/server.h"
#include "app/shutdown_signals.h"
#include "auth/token_issuer.h"
#include "store/connection_pool.h"
#include "store/connection_url.h"
#include "store/database.h"
#include "store/local_cluster.h"
#include "store/migrator.h"

namespace galley::app {

namespace {

constexpr const char* kDevDatabase = "galley";

// Held for the life of the process: one `galley dev` per data directory, so
// a PostgreSQL found running there was left by a run that is gone.
class DataDirLock {
 public:
  explicit DataDirLock(const std::filesystem::path& data_dir) {
    std::filesystem::create_directories(data_dir);
    const std::string path = (data_dir / "galley-dev.lock").string();
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    held_ = fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) == 0;
  }
  ~DataDirLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }
  bool held() const { return held_; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

// On the first start, an admin token for the developer, stored where the
// `galley` client commands look for it (cli/client.h). Later starts keep it.
void EnsureAdminToken(const std::string& database_url, const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) {
    spdlog::info("admin token in {} (the galley client commands use it)", file.string());
    return;
  }
  store::ConnectionPool pool(database_url, 1);
  store::Database database(pool);
  const auto issued =
      auth::IssueTokenDirectly(database, "dev-admin", domain::Role::kAdmin, std::nullopt, "galley-dev", "galley dev");
  std::filesystem::create_directories(file.parent_path());
  const std::string temporary = file.string() + ".new";
  {
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + temporary);
    const std::string line = issued.secret + "\n";
    const bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    close(fd);
    if (!written) throw std::runtime_error("cannot write " + temporary);
  }
  std::filesystem::rename(temporary, file);  // a reader never sees half a token
  spdlog::info("created an admin token for dev-admin, stored in {} (the galley client commands use it): {}",
               file.string(), issued.secret);
}

}  // namespace

int RunDev(const Args& args) {
  auto specs = ServerOptionSpecs();
  specs.insert(specs.begin(),
               {{"data-dir", "GALLEY_DATA_DIR", kDefaultDataDir, "where the private PostgreSQL and the admin token are kept"},
                {"database-url", "GALLEY_DATABASE_URL", "",
                 "use this database instead of a private one (it is migrated first)"},
                {"sample-page", "GALLEY_SAMPLE_PAGE", "",
                 "on the first start, import this page of print text into 赣南日报's issue of 2026-05-12\n"
                 "(scripts/dev gives samples/gannan-daily-page.txt)"}});
  Options options("dev",
                  "Runs Galley for development: a private PostgreSQL (unless --database-url is given),\n"
                  "migrated to the newest schema, and the gRPC server on it.",
                  specs);
  if (!options.Parse(args)) return kExitOk;
  ServerConfig config = ServerConfigFrom(options);
  ConfigureLogging(config.json_logs, config.log_level);
  // From here on Ctrl-C waits for the server's orderly shutdown, even when
  // it comes while PostgreSQL is still starting or migrating.
  BlockShutdownSignals();

  std::unique_ptr<DataDirLock> lock;
  std::unique_ptr<store::LocalCluster> cluster;
  config.database_url = options.Get("database-url");
  if (config.database_url.empty()) {
    const auto data_dir = std::filesystem::absolute(options.Get("data-dir"));
    try {
      lock = std::make_unique<DataDirLock>(data_dir);
      if (!lock->held()) {
        std::cerr << "galley dev: another galley dev is running on " << data_dir.string() << '\n';
        return kExitFailure;
      }
      store::LocalClusterOptions cluster_options{data_dir};
      cluster_options.adopt_running = true;
      cluster = std::make_unique<store::LocalCluster>(cluster_options);
      cluster->EnsureDatabase(kDevDatabase);
    } catch (const std::exception& error) {
      std::cerr << "galley dev: " << error.what() << '\n';
      return kExitDatabaseUnavailable;
    }
    config.database_url = cluster->Url(kDevDatabase);
    config.before_forced_exit = [&cluster] { cluster->Stop(); };
    spdlog::info("PostgreSQL running in {}; database URL {}", cluster->home().string(), config.database_url);
  }

  try {
    store::CheckConnectionUrl(config.database_url);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("galley dev: --database-url: ") + error.what());
  }
  try {
    store::Migrator migrator(config.database_url, store::EmbeddedMigrations());
    for (const auto& migration : migrator.Up(/*dry_run=*/false)) {
      spdlog::info("applied migration {}", migration.file_name);
    }
    if (const auto indexed = IndexForSearch(config.database_url); indexed > 0) {
      spdlog::info("indexed {} articles and published versions for search", indexed);
    }
  } catch (const store::MigrationUnreachable& error) {
    std::cerr << "galley dev: " << error.what() << '\n';
    return kExitDatabaseUnavailable;
  } catch (const store::MigrationError& error) {
    std::cerr << "galley dev: " << error.what() << '\n';
    return kExitFailure;
  }
  const auto data_dir = std::filesystem::absolute(options.Get("data-dir"));
  try {
    EnsureAdminToken(config.database_url, data_dir / kAdminTokenFile);
  } catch (const std::exception& error) {
    std::cerr << "galley dev: could not create the admin token: " << error.what() << '\n';
    return kExitFailure;
  }
  if (options.IsSet("sample-page")) {
    SampleEdition sample{std::filesystem::absolute(options.Get("sample-page")), data_dir / kSampleMarkerFile,
                         ReadAdminToken(data_dir / kAdminTokenFile)};
    config.when_serving = [sample](const std::shared_ptr<grpc::Channel>& channel) {
      ImportSampleEditionOnce(channel, sample);
    };
  }
  // Returns on Ctrl-C or SIGTERM; `cluster` then stops PostgreSQL.
  return RunServer(config);
}

}  // namespace galley::app
