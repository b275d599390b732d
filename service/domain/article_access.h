// What each role may see and change of an article (DESIGN.md §1 "Roles"),
// beyond the least role each method needs (auth/method_roles.h): readers see
// only published versions; a reporter sees the working copies of their own
// articles and changes only their own drafts. Another reporter's working copy
// is NOT_FOUND, so that not even its existence leaks.
#pragma once

#include "domain/article.h"
#include "domain/caller.h"

namespace galley::domain {

// The view a read returns. `requested` is the client's choice, nullopt when
// it made none; readers get the published version whatever they ask, and
// asking explicitly for a working copy is PERMISSION_DENIED for them.
ArticleView ViewFor(const Caller& caller, std::optional<ArticleView> requested);

// NOT_FOUND unless the caller may see this article's working copy.
void RequireWorkingCopyVisible(const Caller& caller, const Article& article);

// Refuses a change (edit, delete, restore, submit) the caller may not make.
void RequireMayChange(const Caller& caller, const Article& article);

}  // namespace galley::domain
