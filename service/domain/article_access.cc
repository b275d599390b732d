#include "domain/article_access.h"

namespace galley::domain {

ArticleView ViewFor(const Caller& caller, std::optional<ArticleView> requested) {
  if (!caller.Editorial()) {
    if (requested == ArticleView::kWorkingCopy) {
      throw Error(ErrorCode::kPermissionDenied, "PERMISSION_DENIED",
                  "readers see published versions only; ask for view PUBLISHED");
    }
    return ArticleView::kPublished;
  }
  return requested.value_or(ArticleView::kWorkingCopy);
}

void RequireWorkingCopyVisible(const Caller& caller, const Article& article) {
  if (caller.AtLeast(Role::kEditor)) return;
  if (!caller.Editorial() || article.owner != caller.principal) throw NotFound(article.Name());
}

void RequireMayChange(const Caller& caller, const Article& article) {
  RequireWorkingCopyVisible(caller, article);
  if (caller.AtLeast(Role::kEditor)) return;
  if (article.state != "DRAFT") {
    throw Error(ErrorCode::kPermissionDenied, "PERMISSION_DENIED",
                "a reporter may change only their own drafts; " + article.Name() + " is " + article.state);
  }
}

}  // namespace galley::domain
