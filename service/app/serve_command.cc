// `galley serve`: the production entry point. Never migrates by itself.
#include <iostream>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/logging.h"
#include "app/server.h"

namespace galley::app {

int RunServe(const Args& args) {
  auto specs = ServerOptionSpecs();
  specs.insert(specs.begin(),
               {{"database-url", "GALLEY_DATABASE_URL", "", "PostgreSQL connection URL (libpq syntax); required"},
                {"read-database-url", "GALLEY_READ_DATABASE_URL", "",
                 "a streaming replica of it: readers' reads and the feed's replay go there\n"
                 "(the primary serves them while it does not answer); empty: none"},
                {"read-pool-size", "GALLEY_READ_POOL_SIZE", "0",
                 "connections to the read replica; 0 takes --pool-size's"}});
  Options options("serve", "Serves the gRPC API on an existing database migrated with `galley migrate up`.",
                  specs);
  if (!options.Parse(args)) return kExitOk;
  ServerConfig config = ServerConfigFrom(options);
  config.database_url = options.Get("database-url");
  if (config.database_url.empty()) throw UsageError("galley serve: --database-url (or GALLEY_DATABASE_URL) is required");
  config.read_database_url = options.Get("read-database-url");
  config.read_pool_size = options.GetInt("read-pool-size", 0, 1000);
  ConfigureLogging(config.json_logs, config.log_level);
  return RunServer(config);
}

}  // namespace galley::app
