#include "store/schema_check.h"

#include "store/migrator.h"

namespace galley::store {

SchemaCheck InspectSchema(const std::string& database_url) {
  SchemaCheck check;
  Migrator migrator(database_url, EmbeddedMigrations());
  for (const auto& status : migrator.Status()) {
    const std::string label = std::to_string(status.version) + "_" + status.name;
    if (status.state == MigrationState::kPending) check.pending.push_back(label);
    if (status.state == MigrationState::kNewer) check.unknown.push_back(label);
  }
  return check;
}

}  // namespace galley::store
