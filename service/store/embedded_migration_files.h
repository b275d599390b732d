// The migration files compiled into the binary. The definition is generated
// at build time from migrations/*.sql by cmake/EmbedMigrations.cmake.
#pragma once

#include <string>
#include <vector>

namespace galley::store {

struct MigrationFile {
  std::string file_name;
  std::string content;
};

const std::vector<MigrationFile>& EmbeddedMigrationFiles();

}  // namespace galley::store
