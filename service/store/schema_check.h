// What `galley serve` checks before serving: that every migration this
// binary knows has been applied. Applied migrations it does not know mean the
// schema is newer (a rolling upgrade in progress), which is served.
#pragma once

#include <string>
#include <vector>

namespace galley::store {

struct SchemaCheck {
  std::vector<std::string> pending;  // file names not applied yet
  std::vector<std::string> unknown;  // applied, newer than every file of this binary
};

// Compares the database with the embedded migrations. Throws
// MigrationUnreachable when the database cannot be reached, MigrationError
// for anything else that goes wrong.
SchemaCheck InspectSchema(const std::string& database_url);

}  // namespace galley::store
