// What `galley serve` checks before serving: that every migration this
// binary knows has been applied. Applied migrations it does not know mean the
// schema is newer (a rolling upgrade in progress), which is served.
#pragma once

#include <string>
#include <vector>

namespace galley::store {

struct SchemaCheck {
  std::vector<std::string> pending;  // file names not applied yet
  std::vector<std::string> unknown;  // applied versions this binary has no file for
};

SchemaCheck InspectSchema(const std::string& database_url);

}  // namespace galley::store
