// The change log (DESIGN.md §2 "Changes"): what readers can see changed, in
// commit order. A workflow action or a published issue records a change in
// its own transaction; consumers page through or stream the log and resume
// after the last sequence they processed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/issue.h"
#include "domain/photo.h"
#include "domain/time.h"

namespace galley::domain {

enum class ChangeType {
  kArticlePublished,
  kArticleCorrected,
  kArticleUnpublished,
  kArticleKilled,
  kIssuePublished,
  kPhotoUpdated,
};

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
  std::vector<std::string> articles;  // for ISSUE_PUBLISHED: the names placed in it, in print order
  std::string reason;          // for UNPUBLISHED and KILLED
  std::optional<Photo> photo;  // for PHOTO_UPDATED: the metadata as it now is
};

// What an article's workflow action means to readers: a change to record,
// or nullopt when nothing they can see changed (a submit, an approval, a
// schedule; a kill of something never published).
std::optional<ChangeRecord> ArticleChangeOf(const Article& before, const Article& after);

// `articles`: those placed in the issue, in print order.
ChangeRecord IssuePublishedChange(const Issue& issue, const std::vector<Article>& articles);

// What an edit of a photo's metadata means to readers, when live content
// shows it: a change carrying the new metadata, or nullopt when nothing they
// see changed.
std::optional<ChangeRecord> PhotoChangeOf(const Photo& before, const Photo& after);

// The photo's metadata as the change log keeps it (never the bytes).
std::string EncodePhotoSnapshot(const Photo& photo);
Photo DecodePhotoSnapshot(const std::string& bytes);  // throws Internal on corrupt bytes

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
  std::vector<std::string> articles;  // ISSUE_PUBLISHED: what it held, in print order
  std::optional<Photo> photo;         // PHOTO_UPDATED
  // The photos `article` shows, as they are now, in the order it first
  // shows them; read only for formats that describe them (ninjs).
  std::vector<Photo> article_photos;
};

}  // namespace galley::domain
