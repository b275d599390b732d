// The articles of the benchmark's corpus, made up deterministically from
// their index: Chinese text drawn from the sample page's statistics
// (sample_text_model.h), bylines naming the corpus's reporters, a place in a
// section of a dated issue, and a history of revisions as the service
// would have written it: created, sometimes edited, and for some, submitted,
// approved and published. Plain domain objects: corpus_loader.h turns them
// into rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/time.h"
#include "sample_text_model.h"

namespace galley::bench {

// The shape of the corpus: article i is in issue i / kArticlesPerIssue,
// one issue a day from 1990-01-01, each with kSectionsPerIssue sections.
struct CorpusLayout {
  static constexpr int kArticlesPerIssue = 100;
  static constexpr int kSectionsPerIssue = 8;

  struct Reporter {
    std::string id;
    std::string display_name;
  };

  std::string publication_id;
  // The contributors bylines name (created before the articles).
  std::vector<Reporter> reporters;
  // The principal that owns and revises every article: the benchmark's token.
  std::string author;
};

struct GeneratedIssue {
  std::string id;    // its date, YYYY-MM-DD, as the service defaults it
  int number = 0;    // 期号, from 1
  domain::Timestamp create_time;
};
GeneratedIssue IssueAt(std::int64_t issue_index);
// Section `s` (0-based) of an issue: id "a01".., its 版面 name.
std::string SectionId(int s);
std::string SectionDisplayName(int s);

struct GeneratedRevision {
  std::int64_t number = 0;
  std::size_t content = 0;  // which of GeneratedArticle::contents
  std::string state;
  std::vector<std::string> changed_fields;
  domain::Timestamp create_time;
};

struct GeneratedArticle {
  domain::Article article;                      // the working copy as it stands
  std::vector<domain::ArticleContent> contents;  // as created, then as edited
  std::vector<GeneratedRevision> revisions;     // oldest first
  bool touched_by_workflow = false;             // its corrections column was written
};

std::string GeneratedArticleId(std::int64_t index);
// Whether article `index` is published (about 3 in 10 are).
bool IsPublishedArticle(std::int64_t index);
GeneratedArticle GenerateArticle(const SampleTextModel& text, const CorpusLayout& layout, std::int64_t index);

}  // namespace galley::bench
