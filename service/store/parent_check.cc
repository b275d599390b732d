#include "store/parent_check.h"

#include "domain/error.h"
#include "domain/publication.h"

namespace galley::store {

namespace {
// FOR KEY SHARE: children may be added concurrently, the parent not deleted.
const Statement kLockPublication{"lock_publication_key", "SELECT 1 FROM publications WHERE id = $1 FOR KEY SHARE"};
}  // namespace

void RequirePublication(Transaction& tx, const std::string& publication_id) {
  if (tx.Exec(kLockPublication, publication_id).empty()) {
    throw domain::NotFound(domain::PublicationName().Format({publication_id}));
  }
}

}  // namespace galley::store
