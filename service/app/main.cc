// galley: the newspaper content service and its tools, in one binary.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/options.h"
#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: galley <command> [flags]\n"
    "\n"
    "commands:\n"
    "  dev        run a private PostgreSQL, migrate it and serve (for development)\n"
    "  serve      serve the gRPC API on an existing, migrated database\n"
    "  migrate    apply or inspect database migrations: up | status | verify\n"
    "  token      create an access token straight in the database (bootstrapping)\n"
    "\n"
    "client commands (they call a running server, --server 127.0.0.1:50051):\n"
    "  publication  create | get | list | update publications\n"
    "  health       print whether the server is SERVING\n"
    "  photo        upload FILE | download NAME (the streaming photo methods)\n"
    "  feed         follow [--after N]: print changes as JSON lines as they commit\n"
    "  call         call any unary method with a JSON request, e.g.\n"
    "               galley call galley.v1.IssueService/ListIssues '{\"parent\": \"publications/gannan-daily\"}'\n"
    "\n"
    "Run `galley <command> --help` for the flags of each command.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace galley::app;
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    std::cout << kUsage;
    return all.empty() ? kExitUsage : kExitOk;
  }
  const std::string command = all[0];
  const Args args(all.begin() + 1, all.end());
  try {
    if (command == "serve") return RunServe(args);
    if (command == "dev") return RunDev(args);
    if (command == "migrate") return RunMigrate(args);
    if (command == "token") return RunToken(args);
    if (command == "publication") return galley::cli::RunPublicationCommand(args);
    if (command == "health") return galley::cli::RunHealthCommand(args);
    if (command == "call") return galley::cli::RunCallCommand(args);
    if (command == "photo") return galley::cli::RunPhotoCommand(args);
    if (command == "feed") return galley::cli::RunFeedCommand(args);
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
