// Checks, inside a write's transaction, that the parent of a new resource
// exists (and keeps it from being deleted until the transaction ends), and
// that a resource about to be deleted is not still in use.
#pragma once

#include <string>

#include "store/database.h"

namespace galley::store {

// NOT_FOUND naming the publication if there is none with this id.
void RequirePublication(Transaction& tx, const std::string& publication_id);

// FAILED_PRECONDITION naming `resource_name` when `count_users` (a statement
// taking the resource name as $1 and counting what uses it) counts any,
// e.g. articles placed in a section being deleted.
void RequireUnused(Transaction& tx, const Statement& count_users, const std::string& resource_name,
                   const std::string& users);

}  // namespace galley::store
