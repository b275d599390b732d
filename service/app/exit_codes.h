// The exit codes of the `galley` binary, documented in README.md. Scripts and
// CI pipelines depend on them: never renumber, only add.
#pragma once

namespace galley::app {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,              // the command ran and failed (a migration, a check)
  kExitUsage = 2,                // bad flags, arguments or configuration values
  kExitDatabaseUnavailable = 3,  // the database could not be reached
  kExitSchemaNotReady = 4,       // serve: migrations are pending, run `galley migrate up`
  kExitListenFailed = 5,         // serve: the listen address is taken or invalid
};

}  // namespace galley::app
