#include "store/schema_check.h"

#include "store/migrator.h"

namespace galley::store {

SchemaCheck InspectSchema(const std::string& database_url) {
  SchemaCheck check;
  Migrator migrator(database_url, EmbeddedMigrations());
  for (const auto& status : migrator.Status()) {
    if (status.state == MigrationState::kPending) check.pending.push_back(status.file_name);
    if (status.state == MigrationState::kNewer) check.unknown.push_back(status.file_name);
  }
  return check;
}

}  // namespace galley::store
