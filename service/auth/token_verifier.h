// Turns the `authorization: Bearer …` a call carries into its caller, or
// UNAUTHENTICATED. Tokens are looked up by the hash of their secret and kept
// in memory for a few seconds, so that authenticating costs a hash and a map
// lookup rather than a database round trip per call. A revocation takes
// effect at once on the replica that served it, and within the cache's
// lifetime on the others.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/access_token.h"
#include "domain/caller.h"
#include "store/token_repository.h"

namespace galley::auth {

class TokenVerifier {
 public:
  static constexpr std::chrono::seconds kCacheLifetime{5};

  explicit TokenVerifier(store::TokenRepository& tokens) : tokens_(tokens) {}

  // `authorization` is the metadata value: "Bearer <secret>", the scheme in any case.
  domain::Caller Verify(const std::string& authorization, store::Deadline deadline);
  // Drops a revoked token from the cache.
  void Forget(const std::string& token_id);

 private:
  struct Entry {
    std::optional<domain::AccessToken> token;  // nullopt: no such token
    std::chrono::steady_clock::time_point fetched;
  };
  static constexpr std::size_t kMaxEntries = 10000;

  std::optional<domain::AccessToken> Lookup(const std::string& secret_hash, store::Deadline deadline);

  store::TokenRepository& tokens_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;  // by secret hash
};

}  // namespace galley::auth
