#include "domain/access_token.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>

#include "domain/digest.h"

namespace galley::domain {

std::string AccessToken::Name() const { return AccessTokenName().Format({id}); }

const NamePattern& AccessTokenName() {
  static const NamePattern kPattern("tokens/{token}");
  return kPattern;
}

void CheckPrincipal(FieldViolations& violations, const std::string& field, const std::string& principal) {
  if (principal.empty()) {
    violations.Add(field, "is required");
    return;
  }
  if (principal.size() > kMaxPrincipalChars ||
      principal.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") !=
          std::string::npos) {
    violations.Add(field, "must be at most 100 letters, digits and . _ @ - (such as yin.caixia or website)");
  }
}

std::string NewTokenSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw Internal("the system's random source failed");
  return "galley_" + Base64UrlEncode(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string TokenSecretHash(const std::string& secret) { return Sha256Hex(secret); }

const std::vector<QueryableField>& AccessTokenQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"principal", FieldType::kString, true, false},
      {"role", FieldType::kString, true, false},
      {"create_time", FieldType::kTimestamp, true, true},
  };
  return kFields;
}

void CanonicalizeRoleTerms(std::vector<FilterTerm>& filter, const std::string& field) {
  for (FilterTerm& term : filter) {
    if (term.field != "role") continue;
    std::string lower = term.value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!ParseRole(lower)) {
      throw InvalidField(field, "role \"" + term.value + "\" is not a role: use reader, reporter, editor, publisher or "
                                "admin (or READER … ADMIN)");
    }
    term.value = lower;
  }
}

}  // namespace galley::domain
