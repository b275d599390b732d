#include "domain/change.h"

#include <iterator>

#include "domain/error.h"

namespace galley::domain {

namespace {

constexpr const char* kNames[] = {"ARTICLE_PUBLISHED", "ARTICLE_CORRECTED", "ARTICLE_UNPUBLISHED", "ARTICLE_KILLED",
                                  "ISSUE_PUBLISHED"};

ChangeRecord ArticleChange(ChangeType type, const Article& article) {
  ChangeRecord change;
  change.type = type;
  change.publication_id = article.publication_id;
  change.resource = article.Name();
  change.article_id = article.id;
  return change;
}

}  // namespace

const char* ChangeTypeName(ChangeType type) { return kNames[static_cast<int>(type)]; }

ChangeType ParseChangeType(const std::string& name) {
  for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i) {
    if (name == kNames[i]) return static_cast<ChangeType>(i);
  }
  throw Internal("unknown change type " + name);
}

std::optional<ChangeRecord> ArticleChangeOf(const Article& before, const Article& after) {
  if (after.live && after.published_revision != before.published_revision) {
    // Live before: the new version replaces one readers have (a correction).
    auto change = ArticleChange(before.live ? ChangeType::kArticleCorrected : ChangeType::kArticlePublished, after);
    change.revision = after.published_revision;
    return change;
  }
  const bool killed = after.state == "KILLED" && before.state != "KILLED";
  // Killing what was published once, even if unpublished since, tells
  // every consumer to remove whatever copy it kept.
  if (killed && (before.live || before.published_revision != 0)) {
    auto change = ArticleChange(ChangeType::kArticleKilled, after);
    change.reason = after.state_reason;
    return change;
  }
  if (before.live && !after.live) {
    auto change = ArticleChange(ChangeType::kArticleUnpublished, after);
    change.reason = after.state_reason;
    return change;
  }
  return std::nullopt;
}

ChangeRecord IssuePublishedChange(const Issue& issue) {
  ChangeRecord change;
  change.type = ChangeType::kIssuePublished;
  change.publication_id = issue.publication_id;
  change.resource = issue.Name();
  change.issue_id = issue.id;
  return change;
}

}  // namespace galley::domain
