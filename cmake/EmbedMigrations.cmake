# Generates a C++ source that holds every migrations/*.sql file, byte for
# byte, so the binary needs no migration files at run time.
#   cmake -DSOURCE_DIR=<migrations> -DOUTPUT=<file.cc> -P EmbedMigrations.cmake
file(GLOB files RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/*.sql")
list(SORT files)

set(arrays "")
set(entries "")
set(index 0)
foreach(file IN LISTS files)
  # The migrator would reject the binary's own migrations at run time; fail
  # the build instead (this also keeps the name a plain C++ string literal).
  if(NOT file MATCHES "^[0-9][0-9][0-9][0-9]_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "migrations/${file}: a migration is named NNNN_description.sql "
                        "(four digits, then lowercase letters, digits and '_')")
  endif()
  file(READ "${SOURCE_DIR}/${file}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # A trailing 0 keeps the array non-empty even for an empty file.
  string(APPEND arrays "const unsigned char kFile${index}[] = {${bytes}0};\n")
  string(APPEND entries "      {\"${file}\", std::string(reinterpret_cast<const char*>(kFile${index}), ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()

set(content "// Generated from migrations/*.sql by cmake/EmbedMigrations.cmake. Do not edit.
#include \"store/embedded_migration_files.h\"

namespace galley::store {

namespace {
${arrays}}  // namespace

const std::vector<MigrationFile>& EmbeddedMigrationFiles() {
  static const std::vector<MigrationFile> kFiles{
${entries}  };
  return kFiles;
}

}  // namespace galley::store
")
# Rewrite only on change, so an unchanged migration set rebuilds nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" existing)
endif()
if(NOT "${existing}" STREQUAL "${content}")
  file(WRITE "${OUTPUT}" "${content}")
endif()
