// galley: the newspaper content service and its tools, in one binary.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/options.h"
#include "cli/commands.h"
#include "cli/galley_nouns.h"
#include "cli/resource_command.h"

namespace {

constexpr const char* kServerUsage =
    "usage: galley <command> [flags]\n"
    "\n"
    "commands:\n"
    "  dev          run a private PostgreSQL, migrate it and serve (for development)\n"
    "  serve        serve the gRPC API on an existing, migrated database\n"
    "  migrate      apply or inspect database migrations: up | status | verify\n"
    "  token create --database-url URL ...: an access token straight in the database (bootstrapping)\n"
    "\n"
    "client commands (they call a running server, --server 127.0.0.1:50051; --output table|json):\n";

constexpr const char* kOtherClientUsage =
    "  health       print whether the server is SERVING\n"
    "  call         call any unary method with a JSON request, e.g.\n"
    "               galley call galley.v1.IssueService/ListIssues '{\"parent\": \"publications/gannan-daily\"}'\n"
    "\n"
    "Run `galley <command> --help` for the verbs of each command, `galley <command> <verb> --help`\n"
    "for their flags.\n";

// The client nouns come from their table, so this list cannot miss one.
std::string Usage() {
  std::string usage = kServerUsage;
  for (const auto& noun : galley::cli::GalleyNouns()) {
    std::string verbs;
    for (const auto& verb : noun.verbs) verbs += (verbs.empty() ? "" : " | ") + verb.name;
    std::string line = "  " + noun.name;
    line.resize(15, ' ');
    usage += line + verbs + '\n';
  }
  return usage + kOtherClientUsage;
}

// `galley token create --database-url ...` (or with the bootstrap's other
// own flags) writes a token into the database; any other `galley token`
// calls AccessService on a server.
bool IsDatabaseToken(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    for (const char* flag : {"--database-url", "--name", "--expires-in-days"}) {
      if (arg == flag || arg.rfind(std::string(flag) + "=", 0) == 0) return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace galley::app;
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    std::cout << Usage();
    return all.empty() ? kExitUsage : kExitOk;
  }
  const std::string command = all[0];
  const Args args(all.begin() + 1, all.end());
  try {
    if (command == "serve") return RunServe(args);
    if (command == "dev") return RunDev(args);
    if (command == "migrate") return RunMigrate(args);
    if (command == "token" && IsDatabaseToken(args)) return RunToken(args);
    if (command == "health") return galley::cli::RunHealthCommand(args);
    if (command == "call") return galley::cli::RunCallCommand(args);
    if (const auto* noun = galley::cli::FindNoun(command)) return galley::cli::RunResourceCommand(*noun, args);
    std::cerr << "galley: unknown command '" << command << "' (see galley --help)\n";
    return kExitUsage;
  } catch (const UsageError& error) {
    std::cerr << error.what() << '\n';
    return kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "galley " << command << ": " << error.what() << '\n';
    return kExitFailure;
  }
}
