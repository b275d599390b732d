// What every Update method does to the stored resource, on the row the store
// has locked: refuse a stale etag, copy the fields the update_mask names,
// validate the result. Written once so no service forgets a step. An update
// without an etag is refused before anything is read (domain/etag.h).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>

#include "domain/error.h"
#include "domain/etag.h"

namespace galley::api {

template <typename Resource>
using ApplyMasked = void (*)(Resource& target, const Resource& update, const std::set<std::string>& mask);

template <typename Resource>
using CheckResource = std::function<void(domain::FieldViolations& violations, const Resource& resource)>;

// `prefix` is the request field holding the resource ("publication").
template <typename Resource>
std::function<void(Resource&)> MaskedUpdate(const std::string& prefix, std::string etag, std::set<std::string> mask,
                                            Resource incoming, ApplyMasked<Resource> apply,
                                            CheckResource<Resource> check) {
  domain::FieldViolations missing;
  domain::RequireEtag(missing, prefix + ".etag", etag);
  missing.ThrowIfAny();
  return [etag = std::move(etag), mask = std::move(mask), incoming = std::move(incoming), apply,
          check = std::move(check)](Resource& resource) {
    domain::CheckEtag(resource.Name(), etag, resource.Etag());
    apply(resource, incoming, mask);
    domain::FieldViolations violations;
    check(violations, resource);
    violations.ThrowIfAny();
  };
}

}  // namespace galley::api
