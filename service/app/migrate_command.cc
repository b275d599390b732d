// `galley migrate up|status|verify`: the schema migrator for CI pipelines.
// Exit codes: 0 ok, 1 failed (a migration failed, verify found a problem),
// 2 usage, 3 the database could not be reached.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/search_backfill.h"
#include "app/options.h"
#include "domain/json_text.h"
#include "store/connection_url.h"
#include "store/migrator.h"

namespace galley::app {

namespace {

constexpr const char* kSummary =
    "Applies or inspects the database migrations compiled into this binary.\n"
    "  up       apply every pending migration (--dry-run: print the plan, change nothing)\n"
    "  status   list applied and pending migrations (--format=json for machines)\n"
    "  verify   fail if an applied migration's file changed or is missing";

void PrintStatusText(const std::vector<store::MigrationStatus>& statuses) {
  std::printf("%-8s %-40s %-8s %s\n", "VERSION", "NAME", "STATE", "APPLIED AT");
  for (const auto& status : statuses) {
    std::printf("%04d     %-40s %-8s %s\n", status.version, status.name.c_str(),
                store::MigrationStateName(status.state), status.applied_at.c_str());
  }
}

void PrintStatusJson(const std::vector<store::MigrationStatus>& statuses) {
  std::cout << "[";
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const auto& status = statuses[i];
    std::cout << (i == 0 ? "\n" : ",\n") << "  {\"version\": " << status.version
              << ", \"name\": " << domain::JsonQuote(status.name)
              << ", \"file\": " << domain::JsonQuote(status.file_name)
              << ", \"state\": " << domain::JsonQuote(store::MigrationStateName(status.state))
              << ", \"applied_at\": " << (status.applied_at.empty() ? "null" : domain::JsonQuote(status.applied_at))
              << ", \"duration_ms\": " << status.duration_ms << "}";
  }
  std::cout << (statuses.empty() ? "]\n" : "\n]\n");
}

}  // namespace

int RunMigrate(const Args& args) {
  Options options("migrate <up|status|verify>", kSummary,
                  {{"database-url", "GALLEY_DATABASE_URL", "", "PostgreSQL connection URL (libpq syntax); required"},
                   {"dir", "GALLEY_MIGRATIONS_DIR", "", "read migrations from this directory, not the binary"},
                   {"dry-run", "GALLEY_MIGRATE_DRY_RUN", "", "up: print what would be applied, change nothing", true},
                   {"format", "GALLEY_MIGRATE_FORMAT", "text", "status: text or json"}});
  if (!options.Parse(args, 1)) return kExitOk;
  if (options.positional().empty()) throw UsageError("galley migrate: say up, status or verify (see --help)");
  const std::string action = options.positional()[0];
  if (action != "up" && action != "status" && action != "verify") {
    throw UsageError("galley migrate: unknown action '" + action + "'; use up, status or verify");
  }
  const std::string url = options.Get("database-url");
  if (url.empty()) throw UsageError("galley migrate: --database-url (or GALLEY_DATABASE_URL) is required");
  try {
    store::CheckConnectionUrl(url);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("galley migrate: --database-url: ") + error.what());
  }
  const std::string format = options.Get("format");
  if (format != "text" && format != "json") throw UsageError("galley migrate: --format must be text or json");
  const std::string dir = options.Get("dir");
  if (!dir.empty() && !std::filesystem::is_directory(dir)) {
    throw UsageError("galley migrate: --dir " + dir + " is not a directory");
  }

  try {
    store::Migrator migrator(url, dir.empty() ? store::EmbeddedMigrations() : store::LoadMigrations(dir));
    if (action == "status") {
      const auto statuses = migrator.Status();
      format == "json" ? PrintStatusJson(statuses) : PrintStatusText(statuses);
    } else if (action == "verify") {
      migrator.Verify();
      std::cout << "verified: every applied migration matches its file\n";
    } else {
      const bool dry_run = options.IsSet("dry-run");
      // Printed as each one commits, so a later failure still shows what was done.
      const auto report = [](const store::MigrationStatus& migration) {
        std::cout << "applied " << migration.file_name << " in " << migration.duration_ms << " ms" << std::endl;
      };
      const auto migrations = migrator.Up(dry_run, report);
      if (dry_run) {
        for (const auto& migration : migrations) std::cout << "would apply " << migration.file_name << '\n';
      }
      if (migrations.empty()) std::cout << "up to date: no pending migrations\n";
      if (!dry_run) {
        if (const auto indexed = IndexForSearch(url); indexed > 0) {
          std::cout << "indexed " << indexed << " articles and published versions for search" << std::endl;
        }
      }
    }
    return kExitOk;
  } catch (const store::MigrationUnreachable& error) {
    std::cerr << "galley migrate: " << error.what() << '\n';
    return kExitDatabaseUnavailable;
  } catch (const store::MigrationError& error) {
    std::cerr << "galley migrate: " << error.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace galley::app
