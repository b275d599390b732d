// Stores access tokens (table `access_tokens`): their hashes, never their
// secrets.
#pragma once

#include <optional>
#include <string>

#include "domain/access_token.h"
#include "domain/request_id.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

class TokenRepository {
 public:
  explicit TokenRepository(Database& database) : database_(database) {}

  struct Created {
    domain::AccessToken token;
    bool replayed = false;  // a retried request: the secret is not for showing again
  };
  Created Create(const domain::AccessToken& token, const std::string& secret_hash,
                 const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);
  ListPage<domain::AccessToken> List(const domain::ListQuery& query, Deadline deadline);
  // Revoking a revoked token changes nothing and returns it as it is.
  domain::AccessToken Revoke(const std::string& id, const Mutation& mutation);
  // The token with this secret hash, whatever its state; nullopt if none.
  std::optional<domain::AccessToken> FindBySecretHash(const std::string& secret_hash, Deadline deadline);

 private:
  Database& database_;
};

}  // namespace galley::store
