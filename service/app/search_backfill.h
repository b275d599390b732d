// The data step of migrating to search (migrations 0011 and 0013): working
// copies written before it, and published versions whose article's row
// lacks their vector, get their search vectors, which only the service's
// own text cutting can make (domain/search_text.h). Run by `galley migrate
// up` and `galley dev` after the migrations.
#pragma once

#include <cstdint>
#include <string>

namespace galley::app {

// How many vectors it wrote (0 once everything is). Throws
// store::MigrationUnreachable when the database cannot be reached and
// store::MigrationError when indexing fails, as a migration would.
std::int64_t IndexForSearch(const std::string& database_url);

}  // namespace galley::app
