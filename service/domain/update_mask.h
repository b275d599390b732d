// Resolves an Update request's `update_mask` (AIP-134) against the fields of
// a resource: which fields to change, and a clear INVALID_ARGUMENT for a mask
// that is empty, names an unknown field or names one that is output only.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace galley::domain {

struct ResourceFields {
  std::vector<std::string> mutable_fields;  // may be named in a mask
  std::vector<std::string> output_only;     // named in a mask: INVALID_ARGUMENT
};

// More paths than any resource has fields, many times over: refused whole,
// with one violation, rather than path by path.
constexpr std::size_t kMaxUpdateMaskPaths = 100;

// `*` alone means every mutable field.
std::set<std::string> ResolveUpdateMask(const std::vector<std::string>& paths,
                                        const ResourceFields& fields);

}  // namespace galley::domain
