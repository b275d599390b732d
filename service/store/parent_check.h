// Checks, inside a write's transaction, that the parent of a new resource
// exists, and keeps it from being deleted until the transaction ends.
#pragma once

#include <string>

#include "store/database.h"

namespace galley::store {

// NOT_FOUND naming the publication if there is none with this id.
void RequirePublication(Transaction& tx, const std::string& publication_id);

}  // namespace galley::store
