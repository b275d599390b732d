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

void RequireUnused(Transaction& tx, const Statement& count_users, const std::string& resource_name,
                   const std::string& users) {
  const auto count = tx.Exec(count_users, resource_name).at(0)[0].as<long>();
  if (count == 0) return;
  const std::string why = std::to_string(count) + " " + users + " still use it";
  domain::Error error(domain::ErrorCode::kFailedPrecondition, "IN_USE", resource_name + " is in use: " + why);
  error.AddPreconditionViolation({"IN_USE", resource_name, why});
  throw error;
}

}  // namespace galley::store
