#include "domain/article.h"

#include <algorithm>

#include "domain/byte_codec.h"
#include "domain/contributor.h"
#include "domain/etag.h"
#include "domain/issue.h"
#include "domain/publication.h"
#include "domain/text.h"

namespace galley::domain {

namespace {

const std::vector<std::string>& BlockKinds() {
  static const std::vector<std::string> kKinds{"PARAGRAPH", "SUBHEADING", "PHOTO", "QUOTE"};
  return kKinds;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool SameBlock(const Block& a, const Block& b) {
  return a.kind == b.kind && a.text == b.text && a.photo == b.photo && a.credit == b.credit;
}

bool SameByline(const Byline& a, const Byline& b) {
  return a.contributor == b.contributor && a.display_name == b.display_name && a.role == b.role &&
         a.credit == b.credit;
}

void CheckName(FieldViolations& violations, const std::string& field, const NamePattern& pattern,
               const std::string& name) {
  try {
    pattern.Parse(field, name);
  } catch (const Error& error) {
    for (const auto& violation : error.field_violations()) violations.Add(violation.field, violation.description);
  }
}

void CheckBlock(FieldViolations& violations, const std::string& prefix, const Block& block) {
  if (!Contains(BlockKinds(), block.kind)) {
    violations.Add(prefix + ".kind", "must be PARAGRAPH, SUBHEADING, PHOTO or QUOTE");
    return;
  }
  const bool photo = block.kind == "PHOTO";
  CheckText(violations, prefix + ".text", block.text,
            TextRule{/*required=*/!photo, photo ? kMaxCaptionChars : kMaxBlockTextChars, /*single_line=*/false});
  CheckText(violations, prefix + ".credit", block.credit, TextRule{false, kMaxCreditChars, true});
  if (photo) {
    // Empty while the picture is still to come (an imported caption);
    // approving and publishing wait for it (domain/workflow.cc).
    if (!block.photo.empty()) CheckName(violations, prefix + ".photo", PhotoName(), block.photo);
  } else if (!block.photo.empty()) {
    violations.Add(prefix + ".photo", "is only for PHOTO blocks");
  }
}

void CheckByline(FieldViolations& violations, const std::string& prefix, const Byline& byline) {
  CheckText(violations, prefix + ".display_name", byline.display_name,
            TextRule{/*required=*/true, kMaxContributorNameChars, /*single_line=*/true});
  CheckText(violations, prefix + ".credit", byline.credit, TextRule{false, 100, true});
  if (!byline.contributor.empty()) CheckName(violations, prefix + ".contributor", ContributorName(), byline.contributor);
  if (!byline.role.empty() && !Contains(ContributorRoles(), byline.role)) {
    violations.Add(prefix + ".role", "must be REPORTER, CORRESPONDENT, PHOTOGRAPHER or EDITOR");
  }
}

}  // namespace

const std::vector<std::string>& ArticleStates() {
  static const std::vector<std::string> kStates{"DRAFT",     "SUBMITTED",   "APPROVED", "SCHEDULED",
                                                "PUBLISHED", "UNPUBLISHED", "KILLED"};
  return kStates;
}

bool ArticleContent::operator==(const ArticleContent& other) const {
  return headline == other.headline && kicker == other.kicker && subheadline == other.subheadline &&
         summary == other.summary &&
         std::equal(body.begin(), body.end(), other.body.begin(), other.body.end(), SameBlock) &&
         std::equal(bylines.begin(), bylines.end(), other.bylines.begin(), other.bylines.end(), SameByline) &&
         dateline == other.dateline && tags == other.tags && language == other.language &&
         section == other.section && position == other.position;
}

bool Correction::operator==(const Correction& other) const {
  return text == other.text && create_time == other.create_time && corrected_revision == other.corrected_revision &&
         revision == other.revision;
}

std::string Article::Name() const { return ArticleName().Format({publication_id, id}); }
std::string Article::Etag() const { return MakeEtag(Name(), revision); }
std::string ArticleRevision::Name() const {
  return ArticleRevisionName().Format({publication_id, article_id, std::to_string(number)});
}

const NamePattern& ArticleName() {
  static const NamePattern kPattern("publications/{publication}/articles/{article}");
  return kPattern;
}

const NamePattern& ArticleRevisionName() {
  static const NamePattern kPattern("publications/{publication}/articles/{article}/revisions/{revision}");
  return kPattern;
}

const NamePattern& PhotoName() {
  static const NamePattern kPattern("publications/{publication}/photos/{photo}");
  return kPattern;
}

void CheckArticleContent(FieldViolations& violations, const std::string& prefix, const ArticleContent& content) {
  CheckText(violations, prefix + ".headline", content.headline, TextRule{true, kMaxHeadlineChars, true});
  CheckText(violations, prefix + ".kicker", content.kicker, TextRule{false, kMaxHeadlineChars, true});
  CheckText(violations, prefix + ".subheadline", content.subheadline, TextRule{false, kMaxHeadlineChars, true});
  CheckText(violations, prefix + ".summary", content.summary, TextRule{false, kMaxSummaryChars, false});
  CheckText(violations, prefix + ".dateline", content.dateline, TextRule{false, kMaxDatelineChars, true});
  if (content.body.size() > kMaxBodyBlocks) {
    violations.Add(prefix + ".body", "has more than " + std::to_string(kMaxBodyBlocks) + " blocks");
  }
  for (std::size_t i = 0; i < content.body.size() && i < kMaxBodyBlocks; ++i) {
    CheckBlock(violations, prefix + ".body[" + std::to_string(i) + "]", content.body[i]);
  }
  if (content.bylines.size() > kMaxBylines) {
    violations.Add(prefix + ".bylines", "has more than " + std::to_string(kMaxBylines) + " bylines");
  }
  for (std::size_t i = 0; i < content.bylines.size() && i < kMaxBylines; ++i) {
    CheckByline(violations, prefix + ".bylines[" + std::to_string(i) + "]", content.bylines[i]);
  }
  if (content.tags.size() > kMaxTags) violations.Add(prefix + ".tags", "has more than 50 tags");
  for (std::size_t i = 0; i < content.tags.size() && i < kMaxTags; ++i) {
    const std::string field = prefix + ".tags[" + std::to_string(i) + "]";
    CheckText(violations, field, content.tags[i], TextRule{true, kMaxTagChars, true});
    if (std::find(content.tags.begin(), content.tags.begin() + static_cast<std::ptrdiff_t>(i), content.tags[i]) !=
        content.tags.begin() + static_cast<std::ptrdiff_t>(i)) {
      violations.Add(field, "is listed twice");
    }
  }
  if (!content.language.empty() && !IsLanguageTag(content.language)) {
    violations.Add(prefix + ".language", "must be a BCP 47 language tag such as zh-Hans or en");
  }
  if (!content.section.empty()) CheckName(violations, prefix + ".section", SectionName(), content.section);
  if (content.position < 0) violations.Add(prefix + ".position", "must not be negative");
}

void ApplyArticleUpdate(Article& article, const Article& incoming, const std::set<std::string>& mask) {
  ArticleContent& target = article.content;
  const ArticleContent& update = incoming.content;
  auto take = [&mask](const char* field) { return mask.count(field) > 0; };
  if (take("headline")) target.headline = update.headline;
  if (take("kicker")) target.kicker = update.kicker;
  if (take("subheadline")) target.subheadline = update.subheadline;
  if (take("summary")) target.summary = update.summary;
  if (take("body")) target.body = update.body;
  if (take("bylines")) target.bylines = update.bylines;
  if (take("dateline")) target.dateline = update.dateline;
  if (take("tags")) target.tags = update.tags;
  if (take("language")) target.language = update.language;
  if (take("section")) target.section = update.section;
  if (take("position")) target.position = update.position;
}

std::vector<std::string> ChangedArticleFields(const ArticleContent& before, const ArticleContent& after) {
  std::vector<std::string> changed;
  auto note = [&changed](bool differs, const char* field) {
    if (differs) changed.emplace_back(field);
  };
  note(before.headline != after.headline, "headline");
  note(before.kicker != after.kicker, "kicker");
  note(before.subheadline != after.subheadline, "subheadline");
  note(before.summary != after.summary, "summary");
  note(!std::equal(before.body.begin(), before.body.end(), after.body.begin(), after.body.end(), SameBlock), "body");
  note(!std::equal(before.bylines.begin(), before.bylines.end(), after.bylines.begin(), after.bylines.end(),
                   SameByline),
       "bylines");
  note(before.dateline != after.dateline, "dateline");
  note(before.tags != after.tags, "tags");
  note(before.language != after.language, "language");
  note(before.section != after.section, "section");
  note(before.position != after.position, "position");
  return changed;
}

const ResourceFields& ArticleFields() {
  static const ResourceFields kFields{
      {"headline", "kicker", "subheadline", "summary", "body", "bylines", "dateline", "tags", "language", "section",
       "position"},
      {"name", "state", "revision", "etag", "create_time", "update_time", "owner", "published_revision",
       "publish_time", "state_reason", "corrections"}};
  return kFields;
}

const std::vector<QueryableField>& ArticleQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"name", FieldType::kString, false, false},
      {"state", FieldType::kString, true, false},
      {"issue", FieldType::kString, true, false},
      {"section", FieldType::kString, true, false},
      {"tags", FieldType::kStringList, true, false},
      {"contributors", FieldType::kStringList, true, false},
      {"language", FieldType::kString, true, false},
      {"owner", FieldType::kString, true, false},
      {"position", FieldType::kInteger, false, true},
      {"create_time", FieldType::kTimestamp, true, true},
      {"update_time", FieldType::kTimestamp, true, true},
  };
  return kFields;
}

std::string IssueOfSection(const std::string& section_name) {
  // The last "/sections/": a publication or issue id may itself be `sections`.
  const auto cut = section_name.rfind("/sections/");
  return cut == std::string::npos ? "" : section_name.substr(0, cut);
}

std::string EncodeBody(const std::vector<Block>& body) {
  ByteWriter writer;
  for (const auto& block : body) {
    writer.String(block.kind);
    writer.String(block.text);
    writer.String(block.photo);
    writer.String(block.credit);
  }
  return writer.bytes();
}

std::vector<Block> DecodeBody(const std::string& bytes) {
  ByteReader reader(bytes);
  std::vector<Block> body;
  while (!reader.AtEnd()) {
    Block block;
    if (!reader.String(block.kind) || !reader.String(block.text) || !reader.String(block.photo) ||
        !reader.String(block.credit)) {
      throw Internal("an article body in the database is corrupt");
    }
    body.push_back(std::move(block));
  }
  return body;
}

std::string EncodeBylines(const std::vector<Byline>& bylines) {
  ByteWriter writer;
  for (const auto& byline : bylines) {
    writer.String(byline.contributor);
    writer.String(byline.display_name);
    writer.String(byline.role);
    writer.String(byline.credit);
  }
  return writer.bytes();
}

std::vector<Byline> DecodeBylines(const std::string& bytes) {
  ByteReader reader(bytes);
  std::vector<Byline> bylines;
  while (!reader.AtEnd()) {
    Byline byline;
    if (!reader.String(byline.contributor) || !reader.String(byline.display_name) || !reader.String(byline.role) ||
        !reader.String(byline.credit)) {
      throw Internal("article bylines in the database are corrupt");
    }
    bylines.push_back(std::move(byline));
  }
  return bylines;
}

std::string EncodeCorrections(const std::vector<Correction>& corrections) {
  ByteWriter writer;
  for (const auto& correction : corrections) {
    writer.String(correction.text);
    writer.Int(correction.create_time.time_since_epoch().count());
    writer.Int(correction.corrected_revision);
    writer.Int(correction.revision);
  }
  return writer.bytes();
}

std::vector<Correction> DecodeCorrections(const std::string& bytes) {
  ByteReader reader(bytes);
  std::vector<Correction> corrections;
  while (!reader.AtEnd()) {
    Correction correction;
    std::int64_t micros = 0;
    if (!reader.String(correction.text) || !reader.Int(micros) || !reader.Int(correction.corrected_revision) ||
        !reader.Int(correction.revision)) {
      throw Internal("article corrections in the database are corrupt");
    }
    correction.create_time = Timestamp(std::chrono::microseconds(micros));
    corrections.push_back(std::move(correction));
  }
  return corrections;
}

namespace {

// Each non-empty `name_of(item)`, once, in order.
template <typename Items, typename NameOf>
std::vector<std::string> DistinctNames(const Items& items, NameOf name_of) {
  std::vector<std::string> names;
  for (const auto& item : items) {
    const std::string& name = name_of(item);
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

}  // namespace

std::vector<std::string> ReferencedContributors(const ArticleContent& content) {
  return DistinctNames(content.bylines, [](const Byline& byline) -> const std::string& { return byline.contributor; });
}

std::vector<std::string> ReferencedPhotos(const ArticleContent& content) {
  return DistinctNames(content.body, [](const Block& block) -> const std::string& { return block.photo; });
}

}  // namespace galley::domain
