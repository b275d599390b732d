// The request-id record (table request_ids) that makes Create and other
// state-changing calls safe to retry. Used inside the transaction of the
// change, so the record and the change commit together or not at all.
#pragma once

#include <optional>
#include <string>

#include "domain/request_id.h"
#include "store/database.h"

namespace galley::store {

// Claims `key` for `resource_name`. If an earlier request already claimed
// it, returns the name that request produced (and the caller returns that
// resource instead of changing anything, and `tx` is marked as a replay,
// which writes no audit record); a different fingerprint under the
// same id is INVALID_ARGUMENT. Concurrent claims of one id serialize on the
// primary key, so exactly one of them makes the change.
std::optional<std::string> ClaimRequestId(Transaction& tx, const domain::IdempotencyKey& key,
                                          const std::string& resource_name);

}  // namespace galley::store
