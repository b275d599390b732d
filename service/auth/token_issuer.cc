#include "auth/token_issuer.h"

#include <chrono>

namespace galley::auth {

IssuedToken IssueToken(store::TokenRepository& tokens, domain::AccessToken wanted,
                       const std::optional<domain::IdempotencyKey>& request, const store::Mutation& mutation) {
  const std::string secret = domain::NewTokenSecret();
  const auto created = tokens.Create(wanted, domain::TokenSecretHash(secret), request, mutation);
  return IssuedToken{created.token, created.replayed ? std::string() : secret};
}

IssuedToken IssueTokenDirectly(store::Database& database, const std::string& principal, domain::Role role,
                               std::optional<domain::Timestamp> expire_time, const std::string& creator,
                               const std::string& method) {
  domain::AccessToken wanted;
  wanted.id = domain::GenerateResourceId();
  wanted.principal = principal;
  wanted.role = role;
  wanted.expire_time = expire_time;
  wanted.creator = creator;
  store::TokenRepository tokens(database);
  const store::Mutation mutation{store::Clock::now() + std::chrono::seconds(10),
                                 store::AuditEntry{creator, domain::RoleName(domain::Role::kAdmin), method,
                                                   wanted.Name(), ""}};
  return IssueToken(tokens, wanted, std::nullopt, mutation);
}

}  // namespace galley::auth
