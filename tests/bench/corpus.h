// The corpus the content scenarios share: the bench publication's reporters
// (created through the API), and generated articles loaded through COPY
// (corpus_loader.h) in two steps, a small size and then a large one, so the
// same scenarios run at both. Each step is checked (corpus_check.h) before
// anything is measured on it.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "article_generator.h"
#include "corpus_loader.h"
#include "harness.h"
#include "sample_text_model.h"
#include "scenario.h"

namespace galley::bench {

struct CorpusSizes {
  std::int64_t small;  // 10k; quick: a few hundred
  std::int64_t large;  // 1M; quick: a few thousand
};
CorpusSizes CorpusSizesFor(const BenchOptions& options);
// "10k", "1M", "300": for scenario names.
std::string SizeLabel(std::int64_t articles);

class Corpus {
 public:
  Corpus();

  // Loads articles until there are `size` of them (the first call also
  // creates the reporters) and checks them; throws ScenarioFailure.
  LoadStatistics GrowTo(Harness& harness, std::int64_t size);

  std::int64_t size() const { return size_; }
  const SampleTextModel& text() const { return text_; }
  // The name of generated article `index` (< size()).
  static std::string ArticleName(std::int64_t index);
  // A random article of the corpus, and a random published one.
  std::string AnyArticle(std::mt19937_64& random) const;
  std::string PublishedArticle(std::mt19937_64& random) const;
  // A 2- and a 4-character term of the sample page in about 1 % of the
  // articles (10 000 of a million).
  const std::string& short_term() const { return short_term_; }
  const std::string& long_term() const { return long_term_; }

 private:
  void CreateReporters(Harness& harness);

  SampleTextModel text_;
  CorpusLayout layout_;
  std::int64_t size_ = 0;
  std::string short_term_;
  std::string long_term_;
};

}  // namespace galley::bench
