#include "content_scenarios.h"

#include <cstdio>
#include <memory>

#include "article_read_scenarios.h"
#include "article_write_scenarios.h"
#include "corpus.h"

namespace galley::bench {

namespace {

// Loading is a row of its own: articles per second through COPY, index
// builds included.
Scenario LoadScenario(const std::shared_ptr<Corpus>& corpus, std::int64_t size) {
  return {"load to " + SizeLabel(size) + " articles (COPY, checked)", [=](BenchContext& context) {
            UsageSampler usage = context.harness.NewUsageSampler();
            usage.Start();
            const std::int64_t before = corpus->size();
            const LoadStatistics loaded = corpus->GrowTo(context.harness, size);
            ScenarioResult result;
            result.usage = usage.Finish();
            result.unit = "article";
            result.rate = static_cast<double>(loaded.articles) / loaded.seconds;
            result.has_ratio = false;
            result.units = static_cast<double>(loaded.articles);
            char note[200];
            std::snprintf(note, sizeof note,
                          "%lld articles after %lld: %lld revisions, %lld published; %.1f s, of which %.1f s "
                          "rebuilding indexes and vacuuming",
                          static_cast<long long>(loaded.articles), static_cast<long long>(before),
                          static_cast<long long>(loaded.revisions), static_cast<long long>(loaded.published),
                          loaded.seconds, loaded.index_seconds);
            result.notes.push_back(note);
            return result;
          }};
}

}  // namespace

void AddContentScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios) {
  const auto corpus = std::make_shared<Corpus>();
  const auto rates = std::make_shared<RatesBySize>();
  const CorpusSizes sizes = CorpusSizesFor(options);
  scenarios.push_back(LoadScenario(corpus, sizes.small));
  AddListAndSearchScenarios(options, corpus, sizes.small, false, rates, scenarios);
  scenarios.push_back(LoadScenario(corpus, sizes.large));
  AddListAndSearchScenarios(options, corpus, sizes.large, true, rates, scenarios);
  AddGetScenarios(options, corpus, sizes.large, scenarios);
  AddArticleWriteScenarios(options, corpus, sizes.large, scenarios);
}

}  // namespace galley::bench
