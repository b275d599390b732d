// `galley token create`: makes an access token straight in the database, for
// a fresh install that has no token yet to call AccessService with. Prints
// the secret alone on stdout, so scripts can capture it.
#include <chrono>
#include <iostream>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "app/options.h"
#include "auth/token_issuer.h"
#include "domain/access_token.h"
#include "store/connection_pool.h"
#include "store/connection_url.h"
#include "store/database.h"

namespace galley::app {

namespace {

constexpr const char* kSummary =
    "Creates an access token directly in the database (to bootstrap a fresh install) and\n"
    "prints its secret, the only time it is shown. Afterwards admins use AccessService.\n"
    "  create --name NAME --role reader|reporter|editor|publisher|admin [--expires-in-days N]";

}  // namespace

int RunToken(const Args& args) {
  Options options("token create", kSummary,
                  {{"database-url", "GALLEY_DATABASE_URL", "", "PostgreSQL connection URL (libpq syntax); required"},
                   {"name", "", "", "the principal the token stands for (yin.caixia, website); required"},
                   {"role", "", "", "reader, reporter, editor, publisher or admin; required"},
                   {"expires-in-days", "", "", "the token expires after this many days; default never"}});
  if (!options.Parse(args, 1)) return kExitOk;
  if (options.positional().empty() || options.positional()[0] != "create") {
    throw UsageError("galley token: say create (see --help)");
  }
  const std::string url = options.Get("database-url");
  if (url.empty()) throw UsageError("galley token create: --database-url (or GALLEY_DATABASE_URL) is required");
  try {
    store::CheckConnectionUrl(url);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("galley token create: --database-url: ") + error.what());
  }
  domain::FieldViolations violations;
  domain::CheckPrincipal(violations, "--name", options.Get("name"));
  try {
    violations.ThrowIfAny();
  } catch (const domain::Error& error) {
    throw UsageError("galley token create: --name must be " + error.field_violations().at(0).description);
  }
  const auto role = domain::ParseRole(options.Get("role"));
  if (!role) throw UsageError("galley token create: --role must be reader, reporter, editor, publisher or admin");
  std::optional<domain::Timestamp> expire_time;
  if (options.IsSet("expires-in-days")) {
    const auto days = options.GetInt("expires-in-days", 1, 3650);
    expire_time = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now() +
                                                                          std::chrono::hours(24 * days));
  }

  try {
    store::ConnectionPool pool(url, 1);
    store::Database database(pool);
    const auto issued = auth::IssueTokenDirectly(database, options.Get("name"), *role, expire_time,
                                                 "galley-token-create", "galley token create");
    std::cerr << "created " << issued.token.Name() << " for " << issued.token.principal << " ("
              << domain::RoleName(issued.token.role) << "); its secret is shown only now:\n";
    std::cout << issued.secret << '\n';
    return kExitOk;
  } catch (const domain::Error& error) {
    std::cerr << "galley token create: " << error.what() << '\n';
    return error.code() == domain::ErrorCode::kUnavailable ? kExitDatabaseUnavailable : kExitFailure;
  }
}

}  // namespace galley::app
