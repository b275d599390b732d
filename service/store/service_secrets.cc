#include "store/service_secrets.h"

#include <pqxx/binarystring>

#include "domain/error.h"

namespace galley::store {

namespace {
const Statement kSelectSecret{"select_service_secret",
                              "SELECT secret FROM service_secrets WHERE name = $1"};
}

std::string LoadPageTokenSecret(Database& database, Deadline deadline) {
  return database.Run(deadline, [](Transaction& tx) {
    const auto rows = tx.Exec(kSelectSecret, "page_token");
    if (rows.empty()) throw domain::Internal("the page token secret is missing; is the database migrated?");
    return pqxx::binarystring(rows[0][0]).str();
  });
}

}  // namespace galley::store
