// Access tokens (AccessService): a long random secret handed out once, and
// stored only as its SHA-256, with the principal and role it stands for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/caller.h"
#include "domain/error.h"
#include "domain/list_query.h"
#include "domain/resource_name.h"
#include "domain/time.h"

namespace galley::domain {

struct AccessToken {
  std::string id;
  std::string principal;
  Role role = Role::kReader;
  Timestamp create_time;
  std::optional<Timestamp> expire_time;
  std::optional<Timestamp> revoke_time;
  std::string creator;

  std::string Name() const;
};

const NamePattern& AccessTokenName();  // tokens/{token}

constexpr std::size_t kMaxPrincipalChars = 100;

// A principal is a name people and logs can read: letters, digits, and
// . _ @ - (an e-mail address, a service name); at most 100 characters.
void CheckPrincipal(FieldViolations& violations, const std::string& field, const std::string& principal);

// A new secret: "galley_" and 43 characters of URL-safe base64 (256 random bits).
std::string NewTokenSecret();
// What the store keeps and looks a presented secret up by.
std::string TokenSecretHash(const std::string& secret);

// principal, role and create_time filter; create_time sorts.
const std::vector<QueryableField>& AccessTokenQueryFields();

// Rewrites the `role` terms of a token filter to the names tokens are stored
// under ("editor"), accepting the API's enum names ("EDITOR") and any case,
// so that no spelling silently matches nothing; a value that names no role is
// INVALID_ARGUMENT for `field`.
void CanonicalizeRoleTerms(std::vector<FilterTerm>& filter, const std::string& field);

}  // namespace galley::domain
