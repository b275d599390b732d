// Who is calling, and the roles of DESIGN.md §1: each role may do everything
// the one before it may, and more. The rules about what a caller may see and
// change live in the domain, next to the resources they protect.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace galley::domain {

enum class Role { kReader = 1, kReporter, kEditor, kPublisher, kAdmin };

const char* RoleName(Role role);  // "reader", as tokens, logs and audit records spell it
std::optional<Role> ParseRole(const std::string& name);
const std::vector<std::string>& RoleNames();

struct Caller {
  std::string principal;  // the token's name: "yin-caixia", "website"
  Role role = Role::kReader;

  bool AtLeast(Role minimum) const { return role >= minimum; }
  // Editorial roles see working copies; readers see published content only.
  bool Editorial() const { return AtLeast(Role::kReporter); }
};

}  // namespace galley::domain
