#include "domain/update_mask.h"

#include <algorithm>

#include "domain/error.h"

namespace galley::domain {

namespace {
bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}
}  // namespace

std::set<std::string> ResolveUpdateMask(const std::vector<std::string>& paths,
                                        const ResourceFields& fields) {
  constexpr const char* kField = "update_mask";
  if (paths.empty()) throw InvalidField(kField, "is required: name the fields to change");
  if (paths.size() > kMaxUpdateMaskPaths) {
    throw InvalidField(kField, "has " + std::to_string(paths.size()) + " paths; at most " +
                                   std::to_string(kMaxUpdateMaskPaths) + " are taken");
  }
  if (Contains(paths, "*")) {
    if (paths.size() > 1) throw InvalidField(kField, "`*` cannot be combined with other paths");
    return {fields.mutable_fields.begin(), fields.mutable_fields.end()};
  }
  FieldViolations violations;
  std::set<std::string> resolved;
  for (const auto& path : paths) {
    if (Contains(fields.output_only, path)) {
      violations.Add(kField, "`" + path + "` is output only and cannot be updated");
    } else if (!Contains(fields.mutable_fields, path)) {
      violations.Add(kField, "`" + path + "` is not a field that can be updated");
    } else {
      resolved.insert(path);
    }
  }
  violations.ThrowIfAny();
  return resolved;
}

}  // namespace galley::domain
