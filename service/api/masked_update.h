// What every Update method does: before the store is touched, require the
// resource, parse its name, resolve the update_mask and require an etag
// (domain/etag.h); then, on the row the store has locked, refuse a stale
// etag, copy the fields the mask names and validate the result. Written once
// so no service forgets a step.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.h"
#include "domain/etag.h"
#include "domain/resource_name.h"
#include "domain/update_mask.h"

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

// An Update request, checked: the ids of the resource it names, and the
// change to run on that resource once the store has locked its row.
template <typename Resource>
struct UpdateCommand {
  std::vector<std::string> ids;
  std::function<void(Resource&)> change;
};

// `resource` is the request's resource message (it has `name` and `etag`),
// `incoming` its client-settable fields converted to the domain.
template <typename Resource, typename Message>
UpdateCommand<Resource> ParseMaskedUpdate(const std::string& prefix, bool has_resource, const Message& resource,
                                          const google::protobuf::FieldMask& update_mask,
                                          const domain::NamePattern& pattern, const domain::ResourceFields& fields,
                                          Resource incoming, ApplyMasked<Resource> apply,
                                          CheckResource<Resource> check) {
  if (!has_resource) throw domain::InvalidField(prefix, "is required");
  UpdateCommand<Resource> command;
  command.ids = pattern.Parse(prefix + ".name", resource.name());
  const std::vector<std::string> paths(update_mask.paths().begin(), update_mask.paths().end());
  command.change = MaskedUpdate<Resource>(prefix, resource.etag(), domain::ResolveUpdateMask(paths, fields),
                                          std::move(incoming), apply, std::move(check));
  return command;
}

}  // namespace galley::api
