// Page tokens (AIP-158): opaque to clients, tamper-evident, and bound to the
// query they continue. A token carries the sort key of the last row served
// (the keyset cursor), signed with HMAC-SHA-256 under a secret every replica
// shares, so a forged or edited token, or one reused with another filter or
// order, is INVALID_ARGUMENT rather than a wrong page.
#pragma once

#include <string>
#include <vector>

namespace galley::domain {

class PageTokenCodec {
 public:
  explicit PageTokenCodec(std::string secret);

  std::string Encode(const std::string& query_fingerprint, const std::vector<std::string>& last_key) const;

  // The cursor inside `token`; empty for an empty token (the first page).
  // Throws INVALID_ARGUMENT for `page_token` if the token is not one this
  // service issued for the same query.
  std::vector<std::string> Decode(const std::string& query_fingerprint, const std::string& token) const;

 private:
  std::string Sign(const std::string& query_fingerprint, const std::string& payload) const;

  std::string secret_;
};

}  // namespace galley::domain
