// `galley serve`: the production entry point. Never migrates by itself.
#include <iostream>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/logging.h"
#include "app/server.h"

namespace galley::app {

int RunServe(const Args& args) {
  auto specs = ServerOptionSpecs();
  specs.insert(specs.begin(), {"database-url", "GALLEY_DATABASE_URL", "",
                               "PostgreSQL connection URL (libpq syntax); required"});
  Options options("serve", "Serves the gRPC API on an existing database migrated with `galley migrate up`.",
                  specs);
  if (!options.Parse(args)) return kExitOk;
  ServerConfig config = ServerConfigFrom(options);
  config.database_url = options.Get("database-url");
  if (config.database_url.empty()) throw UsageError("galley serve: --database-url (or GALLEY_DATABASE_URL) is required");
  ConfigureLogging(config.json_logs, config.log_level);
  return RunServer(config);
}

}  // namespace galley::app
