// The subcommands of `galley`. Each takes the arguments after its own name
// and returns an ExitCode (exit_codes.h); a UsageError thrown from one is
// reported by main() as a single line with kExitUsage.
#pragma once

#include <string>
#include <vector>

namespace galley::app {

using Args = std::vector<std::string>;

int RunServe(const Args& args);    // serve_command.cc
int RunDev(const Args& args);      // dev_command.cc
int RunMigrate(const Args& args);  // migrate_command.cc
int RunToken(const Args& args);    // token_command.cc

}  // namespace galley::app
