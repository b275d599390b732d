// Secrets every replica must share, kept in the database (created by the
// first migration), so that a page token issued by one replica is honoured
// by another.
#pragma once

#include <string>

#include "store/database.h"

namespace galley::store {

// The key that signs page tokens. Throws domain errors like any store call.
std::string LoadPageTokenSecret(Database& database, Deadline deadline);

}  // namespace galley::store
