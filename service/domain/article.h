// Articles and their revisions, and the rules their fields follow.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/list_query.h"
#include "domain/resource_name.h"
#include "domain/time.h"
#include "domain/update_mask.h"

namespace galley::domain {

// Names as the API and the database spell them: DRAFT, SUBMITTED, APPROVED,
// SCHEDULED, PUBLISHED, UNPUBLISHED, KILLED.
const std::vector<std::string>& ArticleStates();

struct Block {
  std::string kind;  // PARAGRAPH, SUBHEADING, PHOTO, QUOTE
  std::string text;
  std::string photo;  // PHOTO: a photo resource name
  std::string credit;
};

struct Byline {
  std::string contributor;  // a contributor resource name, or empty
  std::string display_name;
  std::string role;  // REPORTER, CORRESPONDENT, PHOTOGRAPHER, EDITOR, or empty
  std::string credit;
};

// Everything a revision snapshots and an update may change.
struct ArticleContent {
  std::string headline;
  std::string kicker;
  std::string subheadline;
  std::string summary;
  std::vector<Block> body;
  std::vector<Byline> bylines;
  std::string dateline;
  std::vector<std::string> tags;
  std::string language;
  std::string section;  // a section resource name, or empty
  int position = 0;

  bool operator==(const ArticleContent& other) const;
};

// A visible note (更正) appended when a published article is published again.
struct Correction {
  std::string text;
  Timestamp create_time;
  std::int64_t corrected_revision = 0;  // the revision that was live before
  std::int64_t revision = 0;            // the revision that corrects it

  bool operator==(const Correction& other) const;
};

struct Article {
  std::string publication_id;
  std::string id;
  ArticleContent content;
  std::string state = "DRAFT";
  std::int64_t revision = 0;
  Timestamp create_time;
  Timestamp update_time;
  std::string owner;                      // the principal that created it
  std::int64_t published_revision = 0;    // the revision last published; 0: never
  bool live = false;                      // readers see published_revision
  std::optional<Timestamp> publish_time;  // when it went live, or is to go (SCHEDULED)
  std::string state_reason;               // the last reject note, unpublish or kill reason
  std::vector<Correction> corrections;
  std::string scheduled_correction;  // appended when a SCHEDULED publish fires

  std::string Name() const;
  std::string Etag() const;  // changes with every revision
};

// Which version of an article a read returns: the working copy editors
// change, or the published version readers see (DESIGN.md §2).
enum class ArticleView { kWorkingCopy, kPublished };

struct ArticleRevision {
  std::string publication_id;
  std::string article_id;
  std::int64_t number = 0;
  ArticleContent content;
  std::string state;
  std::string state_reason;
  std::vector<std::string> changed_fields;
  std::string author;
  Timestamp create_time;

  std::string Name() const;
};

const NamePattern& ArticleName();          // publications/{publication}/articles/{article}
const NamePattern& ArticleRevisionName();  // …/articles/{article}/revisions/{revision}
const NamePattern& PhotoName();            // publications/{publication}/photos/{photo}

// Limits, in characters (README "Articles").
constexpr std::size_t kMaxHeadlineChars = 200;
constexpr std::size_t kMaxSummaryChars = 2000;
constexpr std::size_t kMaxDatelineChars = 100;
constexpr std::size_t kMaxBlockTextChars = 20000;
constexpr std::size_t kMaxCaptionChars = 1000;
constexpr std::size_t kMaxCreditChars = 200;
constexpr std::size_t kMaxBodyBlocks = 1000;
constexpr std::size_t kMaxBylines = 50;
constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxTagChars = 50;

// Checks the content's own rules. References (section, contributors) must
// also exist; the store checks that in the transaction that writes them.
void CheckArticleContent(FieldViolations& violations, const std::string& prefix, const ArticleContent& content);

// The contributor names the bylines reference, each once, in byline order
// (the `contributors` column ListArticles filters on).
std::vector<std::string> ReferencedContributors(const ArticleContent& content);
// The photo names the body shows, each once, in body order.
std::vector<std::string> ReferencedPhotos(const ArticleContent& content);

// Copies the content fields named in `mask` from `update` into `target`.
void ApplyArticleUpdate(Article& target, const Article& update, const std::set<std::string>& mask);
// The fields whose values differ, in the order the API lists them.
std::vector<std::string> ChangedArticleFields(const ArticleContent& before, const ArticleContent& after);

const ResourceFields& ArticleFields();
const std::vector<QueryableField>& ArticleQueryFields();

// The issue name of a section name ("" for "").
std::string IssueOfSection(const std::string& section_name);

// The body and bylines as bytes, for the store to keep whole.
std::string EncodeBody(const std::vector<Block>& body);
std::vector<Block> DecodeBody(const std::string& bytes);  // throws Internal on corrupt bytes
std::string EncodeBylines(const std::vector<Byline>& bylines);
std::vector<Byline> DecodeBylines(const std::string& bytes);
std::string EncodeCorrections(const std::vector<Correction>& corrections);
std::vector<Correction> DecodeCorrections(const std::string& bytes);

}  // namespace galley::domain
