#include "auth/token_verifier.h"

#include "domain/error.h"

namespace galley::auth {

namespace {

domain::Error Unauthenticated(const std::string& why) {
  return domain::Error(domain::ErrorCode::kUnauthenticated, "UNAUTHENTICATED", why);
}

}  // namespace

domain::Caller TokenVerifier::Verify(const std::string& authorization, store::Deadline deadline) {
  static const std::string kScheme = "Bearer ";
  if (authorization.empty()) {
    throw Unauthenticated("this call needs an access token: send the metadata `authorization: Bearer <token>`");
  }
  if (authorization.compare(0, kScheme.size(), kScheme) != 0 || authorization.size() == kScheme.size()) {
    throw Unauthenticated("the authorization metadata must be `Bearer <token>`");
  }
  const auto token = Lookup(domain::TokenSecretHash(authorization.substr(kScheme.size())), deadline);
  if (!token) throw Unauthenticated("the access token is not known");
  if (token->revoke_time) throw Unauthenticated("the access token was revoked");
  const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  if (token->expire_time && *token->expire_time <= now) throw Unauthenticated("the access token has expired");
  return domain::Caller{token->principal, token->role};
}

void TokenVerifier::Forget(const std::string& token_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = it->second.token && it->second.token->id == token_id ? cache_.erase(it) : std::next(it);
  }
}

std::optional<domain::AccessToken> TokenVerifier::Lookup(const std::string& secret_hash, store::Deadline deadline) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = cache_.find(secret_hash);
    if (it != cache_.end() && now - it->second.fetched < kCacheLifetime) return it->second.token;
  }
  auto token = tokens_.FindBySecretHash(secret_hash, deadline);
  std::lock_guard<std::mutex> lock(mutex_);
  // Unknown secrets are cached too, so guessing costs no database work; the
  // bound keeps a flood of them from growing memory.
  if (cache_.size() >= kMaxEntries) cache_.clear();
  cache_[secret_hash] = Entry{token, now};
  return token;
}

}  // namespace galley::auth
