#include "app/search_backfill.h"

#include "domain/error.h"
#include "store/article_repository.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "store/migrator.h"

namespace galley::app {

std::int64_t IndexForSearch(const std::string& database_url) {
  try {
    store::ConnectionPool pool(database_url, 1);
    store::Database database(pool);
    return store::IndexUnsearched(database);
  } catch (const domain::Error& error) {
    if (error.code() == domain::ErrorCode::kUnavailable) throw store::MigrationUnreachable(error.what());
    throw store::MigrationError(std::string("indexing articles for search failed: ") + error.what());
  }
}

}  // namespace galley::app
