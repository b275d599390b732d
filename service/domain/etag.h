// Etags (AIP-154): an opaque string that changes with every change to a
// resource. Update calls that carry a stale one fail with ABORTED and change
// nothing, so no edit ever silently overwrites another.
#pragma once

#include <cstdint>
#include <string>

namespace galley::domain {

// Derived from the resource name and its row version, so it needs no storage
// of its own and differs between resources at the same version.
std::string MakeEtag(const std::string& resource_name, std::int64_t version);

// Throws ABORTED when the client sent an etag and it is not `current`. An
// empty `sent` means the client asked for an unconditional update.
void CheckEtag(const std::string& resource_name, const std::string& sent, const std::string& current);

}  // namespace galley::domain
