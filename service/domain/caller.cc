#include "domain/caller.h"

namespace galley::domain {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kReader: return "reader";
    case Role::kReporter: return "reporter";
    case Role::kEditor: return "editor";
    case Role::kPublisher: return "publisher";
    case Role::kAdmin: return "admin";
  }
  return "reader";
}

const std::vector<std::string>& RoleNames() {
  static const std::vector<std::string> kNames{"reader", "reporter", "editor", "publisher", "admin"};
  return kNames;
}

std::optional<Role> ParseRole(const std::string& name) {
  for (Role role : {Role::kReader, Role::kReporter, Role::kEditor, Role::kPublisher, Role::kAdmin}) {
    if (name == RoleName(role)) return role;
  }
  return std::nullopt;
}

}  // namespace galley::domain
