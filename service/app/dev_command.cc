// `galley dev`: everything a newcomer needs in one command. Without a
// database URL it runs a private PostgreSQL in --data-dir, migrates it and
// serves; Ctrl-C stops the server, then PostgreSQL. A second run reuses the
// data.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/logging.h"
#include "app/server.h"
#include "store/connection_url.h"
#include "store/local_cluster.h"
#include "store/migrator.h"

namespace galley::app {

namespace {
constexpr const char* kDevDatabase = "galley";
}

int RunDev(const Args& args) {
  auto specs = ServerOptionSpecs();
  specs.insert(specs.begin(),
               {{"data-dir", "GALLEY_DATA_DIR", ".galley", "where the private PostgreSQL keeps its data"},
                {"database-url", "GALLEY_DATABASE_URL", "",
                 "use this database instead of a private one (it is migrated first)"}});
  Options options("dev",
                  "Runs Galley for development: a private PostgreSQL (unless --database-url is given),\n"
                  "migrated to the newest schema, and the gRPC server on it.",
                  specs);
  if (!options.Parse(args)) return kExitOk;
  ServerConfig config = ServerConfigFrom(options);
  ConfigureLogging(config.json_logs, config.log_level);

  std::unique_ptr<store::LocalCluster> cluster;
  config.database_url = options.Get("database-url");
  if (config.database_url.empty()) {
    const auto data_dir = std::filesystem::absolute(options.Get("data-dir"));
    try {
      cluster = std::make_unique<store::LocalCluster>(store::LocalClusterOptions{data_dir});
      cluster->EnsureDatabase(kDevDatabase);
    } catch (const store::LocalClusterError& error) {
      std::cerr << "galley dev: " << error.what() << '\n';
      return kExitDatabaseUnavailable;
    }
    config.database_url = cluster->Url(kDevDatabase);
    std::cerr << "galley dev: PostgreSQL running in " << cluster->home().string() << "; database URL " << config.database_url
              << '\n';
  }

  try {
    store::CheckConnectionUrl(config.database_url);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("galley dev: --database-url: ") + error.what());
  }
  try {
    store::Migrator migrator(config.database_url, store::EmbeddedMigrations());
    for (const auto& migration : migrator.Up(/*dry_run=*/false)) {
      std::cerr << "galley dev: applied migration " << migration.file_name << '\n';
    }
  } catch (const store::MigrationUnreachable& error) {
    std::cerr << "galley dev: " << error.what() << '\n';
    return kExitDatabaseUnavailable;
  } catch (const store::MigrationError& error) {
    std::cerr << "galley dev: " << error.what() << '\n';
    return kExitFailure;
  }
  // Returns on Ctrl-C or SIGTERM; `cluster` then stops PostgreSQL.
  return RunServer(config);
}

}  // namespace galley::app
