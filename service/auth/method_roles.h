// DESIGN.md §1's roles table as data: the least role each RPC needs, and
// whether it changes anything (then the audit log records it, failed or not).
// Finer rules (a reporter's own drafts, readers' published view) are applied
// by the handlers, on the resource itself.
#pragma once

#include <optional>
#include <string>

#include "domain/caller.h"

namespace galley::auth {

struct MethodAccess {
  domain::Role minimum;
  bool mutation;
};

// `method` is the full name, "galley.v1.ArticleService/PublishArticle";
// nullopt for a method the table does not know (refused: a forgotten entry
// must not open a door).
std::optional<MethodAccess> AccessFor(const std::string& method);

}  // namespace galley::auth
