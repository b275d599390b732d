// Articles and their revisions, and the rules their fields follow.
#pragma once

#include <cstdint>
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

struct Article {
  std::string publication_id;
  std::string id;
  ArticleContent content;
  std::string state = "DRAFT";
  std::int64_t revision = 0;
  Timestamp create_time;
  Timestamp update_time;

  std::string Name() const;
  std::string Etag() const;  // changes with every revision
};

struct ArticleRevision {
  std::string publication_id;
  std::string article_id;
  std::int64_t number = 0;
  ArticleContent content;
  std::string state;
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

}  // namespace galley::domain
