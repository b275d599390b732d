// Makes a new access token: a fresh secret, stored only as its hash. What
// AccessService.CreateToken, `galley token create` and `galley dev`'s first
// start all do.
#pragma once

#include <optional>
#include <string>

#include "domain/access_token.h"
#include "domain/request_id.h"
#include "store/token_repository.h"

namespace galley::auth {

struct IssuedToken {
  domain::AccessToken token;
  std::string secret;  // empty when a retried request returned the earlier token
};

// `wanted` carries principal, role, optional expiry and creator; its id is
// generated here.
IssuedToken IssueToken(store::TokenRepository& tokens, domain::AccessToken wanted,
                       const std::optional<domain::IdempotencyKey>& request, const store::Mutation& mutation);

// For bootstrapping without a server: audits the change as made by
// `creator` acting as admin through `method` ("galley token create").
IssuedToken IssueTokenDirectly(store::Database& database, const std::string& principal, domain::Role role,
                               std::optional<domain::Timestamp> expire_time, const std::string& creator,
                               const std::string& method);

}  // namespace galley::auth
