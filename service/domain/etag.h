// Etags (AIP-154): an opaque string that changes with every change to a
// resource. Updates must carry the etag the client read, so that no edit
// ever silently overwrites another: a stale one is ABORTED and changes
// nothing. A client that means to overwrite whatever is stored says so
// explicitly with the etag "*".
#pragma once

#include <cstdint>
#include <string>

#include "domain/error.h"

namespace galley::domain {

// Matches any current etag: "overwrite whatever is there".
inline constexpr const char* kAnyEtag = "*";

// Derived from the resource name and its row version, so it needs no storage
// of its own and differs between resources at the same version.
std::string MakeEtag(const std::string& resource_name, std::int64_t version);

// For updates: adds a violation for `field` when the client sent no etag.
void RequireEtag(FieldViolations& violations, const std::string& field, const std::string& sent);

// Throws ABORTED when `sent` names another version than `current`. Empty
// (where RequireEtag allowed it, as for deletes) and "*" match any.
void CheckEtag(const std::string& resource_name, const std::string& sent, const std::string& current);

}  // namespace galley::domain
