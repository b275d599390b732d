// Loads generated articles (article_generator.h) straight into the
// service's tables through COPY, as the rows the service itself would have
// written for them: `articles` (with the search vectors domain::IndexArticle
// makes), `article_revisions`, the change-log rows of the published
// ones, and the issues and sections they are placed in. What it does not
// write: the audit log (no scenario reads it).
//
// Following PostgreSQL's advice for bulk loads, the two article tables'
// secondary indexes are dropped for the load and then rebuilt from their own
// definitions (pg_get_indexdef), so the schema ends as the migrations made it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "article_generator.h"
#include "sample_text_model.h"

namespace galley::bench {

struct LoadStatistics {
  std::int64_t articles = 0;
  std::int64_t revisions = 0;
  std::int64_t published = 0;
  double seconds = 0;         // all of it, index builds included
  double index_seconds = 0;   // rebuilding indexes and analyzing
};

class CorpusLoader {
 public:
  CorpusLoader(std::string database_url, const SampleTextModel& text, CorpusLayout layout);

  // The issues and sections articles [from, to) are placed in; `from` and
  // `to` are multiples of CorpusLayout::kArticlesPerIssue.
  void LoadIssues(std::int64_t from, std::int64_t to) const;
  // Loads articles [from, to) on `threads` connections at once, after their
  // issues. Nothing else may publish meanwhile (the change log's sequence
  // continues from its head).
  LoadStatistics LoadArticles(std::int64_t from, std::int64_t to, int threads) const;

 private:
  // What the change log records of a published article.
  struct Publication {
    std::int64_t index;
    std::int64_t revision;
    domain::Timestamp time;
  };

  std::int64_t CopyArticles(std::int64_t from, std::int64_t to, std::vector<Publication>& published) const;
  void AppendChanges(const std::vector<Publication>& published) const;

  std::string database_url_;
  const SampleTextModel& text_;
  CorpusLayout layout_;
};

}  // namespace galley::bench
