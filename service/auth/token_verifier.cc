#include "auth/token_verifier.h"

#include <cctype>

#include "domain/error.h"

namespace galley::auth {

namespace {

domain::Error Unauthenticated(const std::string& why) {
  return domain::Error(domain::ErrorCode::kUnauthenticated, "UNAUTHENTICATED", why);
}

// The credentials of `authorization: <scheme> <credentials>` if the scheme
// is Bearer, or "". Auth schemes are case-insensitive (RFC 7235 §2.1, which
// RFC 6750 §2.1 builds on): "bearer" and "BEARER" are Bearer too.
std::string BearerCredentials(const std::string& authorization) {
  static const std::string kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || authorization[kScheme.size()] != ' ') return "";
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return "";
  }
  const auto start = authorization.find_first_not_of(' ', kScheme.size());
  return start == std::string::npos ? "" : authorization.substr(start);
}

}  // namespace

domain::Caller TokenVerifier::Verify(const std::string& authorization, store::Deadline deadline) {
  if (authorization.empty()) {
    throw Unauthenticated("this call needs an access token: send the metadata `authorization: Bearer <token>`");
  }
  const std::string secret = BearerCredentials(authorization);
  if (secret.empty()) throw Unauthenticated("the authorization metadata must be `Bearer <token>`");
  const auto token = Lookup(domain::TokenSecretHash(secret), deadline);
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
