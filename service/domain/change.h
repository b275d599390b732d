// The change log (DESIGN.md §2 "Changes"): what readers can see changed, in
// commit order. A workflow action or a published issue records a change in
// its own transaction; consumers page through or stream the log and resume
// after the last sequence they processed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/article.h"
#include "domain/issue.h"
#include "domain/time.h"

namespace galley::domain {

enum class ChangeType { kArticlePublished, kArticleCorrected, kArticleUnpublished, kArticleKilled, kIssuePublished };

const char* ChangeTypeName(ChangeType type);  // "ARTICLE_PUBLISHED", as stored
ChangeType ParseChangeType(const std::string& name);

// A change as a transaction records it, before it has a sequence.
struct ChangeRecord {
  ChangeType type = ChangeType::kArticlePublished;
  std::string publication_id;
  std::string resource;        // the article's or issue's name
  std::string article_id;      // for article changes
  std::int64_t revision = 0;   // the published revision, for PUBLISHED and CORRECTED
  std::string issue_id;        // for ISSUE_PUBLISHED
  std::string reason;          // for UNPUBLISHED and KILLED
};

// What an article's workflow action means to readers: a change to record,
// or nullopt when nothing they can see changed (a submit, an approval, a
// schedule; a kill of something never published).
std::optional<ChangeRecord> ArticleChangeOf(const Article& before, const Article& after);

ChangeRecord IssuePublishedChange(const Issue& issue);

// A change as the log returns it, with the published content it carries.
struct Change {
  std::int64_t sequence = 0;
  ChangeType type = ChangeType::kArticlePublished;
  std::string publication_id;
  std::string resource;
  Timestamp commit_time;
  std::string reason;
  std::optional<Article> article;  // the version published; absent once the article is killed
  std::optional<Issue> issue;
};

}  // namespace galley::domain
