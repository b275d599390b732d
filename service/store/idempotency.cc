#include "store/idempotency.h"

#include <pqxx/binarystring>

namespace galley::store {

namespace {

const Statement kClaim{"claim_request_id",
                       "INSERT INTO request_ids (method, request_id, fingerprint, resource_name) "
                       "VALUES ($1, $2, $3, $4) ON CONFLICT (method, request_id) DO NOTHING"};
const Statement kLookup{"lookup_request_id",
                        "SELECT fingerprint, resource_name FROM request_ids "
                        "WHERE method = $1 AND request_id = $2"};

}  // namespace

std::optional<std::string> ClaimRequestId(Transaction& tx, const domain::IdempotencyKey& key,
                                          const std::string& resource_name) {
  const pqxx::binarystring fingerprint(key.fingerprint);
  if (tx.Exec(kClaim, key.method, key.request_id, fingerprint, resource_name).affected_rows() == 1) {
    return std::nullopt;
  }
  const auto rows = tx.Exec(kLookup, key.method, key.request_id);
  if (pqxx::binarystring(rows.at(0)[0]).str() != key.fingerprint) {
    throw domain::RequestIdReused("request_id");
  }
  tx.MarkReplay();
  return rows[0][1].as<std::string>();
}

}  // namespace galley::store
