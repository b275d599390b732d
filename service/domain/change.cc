#include "domain/change.h"

#include <iterator>
#include <limits>

#include "domain/byte_codec.h"
#include "domain/error.h"

namespace galley::domain {

namespace {

constexpr const char* kNames[] = {"ARTICLE_PUBLISHED", "ARTICLE_CORRECTED", "ARTICLE_UNPUBLISHED", "ARTICLE_KILLED",
                                  "ISSUE_PUBLISHED",   "PHOTO_UPDATED"};

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

ChangeRecord IssuePublishedChange(const Issue& issue, const std::vector<Article>& articles) {
  ChangeRecord change;
  change.type = ChangeType::kIssuePublished;
  change.publication_id = issue.publication_id;
  change.resource = issue.Name();
  change.issue_id = issue.id;
  for (const auto& article : articles) change.articles.push_back(article.Name());
  return change;
}

std::optional<ChangeRecord> PhotoChangeOf(const Photo& before, const Photo& after) {
  if (before.caption == after.caption && before.credit == after.credit &&
      before.photographer == after.photographer && before.alt_text == after.alt_text) {
    return std::nullopt;
  }
  ChangeRecord change;
  change.type = ChangeType::kPhotoUpdated;
  change.publication_id = after.publication_id;
  change.resource = after.Name();
  change.photo = after;
  return change;
}

std::string EncodePhotoSnapshot(const Photo& photo) {
  ByteWriter writer;
  for (const auto* text : {&photo.publication_id, &photo.id, &photo.caption, &photo.credit, &photo.photographer,
                           &photo.alt_text, &photo.mime_type, &photo.sha256}) {
    writer.String(*text);
  }
  for (const std::int64_t number : {static_cast<std::int64_t>(photo.width), static_cast<std::int64_t>(photo.height),
                                    photo.size_bytes, photo.version,
                                    static_cast<std::int64_t>(photo.create_time.time_since_epoch().count()),
                                    static_cast<std::int64_t>(photo.update_time.time_since_epoch().count())}) {
    writer.Int(number);
  }
  return writer.bytes();
}

Photo DecodePhotoSnapshot(const std::string& bytes) {
  ByteReader reader(bytes);
  Photo photo;
  bool ok = true;
  for (auto* text : {&photo.publication_id, &photo.id, &photo.caption, &photo.credit, &photo.photographer,
                     &photo.alt_text, &photo.mime_type, &photo.sha256}) {
    ok = ok && reader.String(*text);
  }
  std::int64_t width = 0, height = 0, created = 0, updated = 0;
  for (auto* number : {&width, &height, &photo.size_bytes, &photo.version, &created, &updated}) {
    ok = ok && reader.Int(*number);
  }
  // Width and height were written from ints: anything else is corruption,
  // not a size to wrap into one.
  const auto is_int = [](std::int64_t n) {
    return n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max();
  };
  if (!ok || !reader.AtEnd() || !is_int(width) || !is_int(height)) {
    throw Internal("a photo in the change log is corrupt");
  }
  photo.width = static_cast<int>(width);
  photo.height = static_cast<int>(height);
  photo.create_time = Timestamp(std::chrono::microseconds(created));
  photo.update_time = Timestamp(std::chrono::microseconds(updated));
  return photo;
}

}  // namespace galley::domain
