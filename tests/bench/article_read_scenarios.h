// Reading articles under load: ListArticles (the first page of 50, and a
// page far down), SearchArticles (a 2- and a 4-character Chinese term, top
// 20) and GetArticle in both views, each checking what it gets back.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "corpus.h"
#include "scenario.h"

namespace galley::bench {

// Rates by scenario at the small size, so that the large-size rows can say
// how much more each costs there.
using RatesBySize = std::map<std::string, double>;

// List and Search at the corpus's current size, `size` (a label for the
// names): at the small size they record their rates into `rates`, at the
// large one they compare with them.
void AddListAndSearchScenarios(const BenchOptions& options, const std::shared_ptr<Corpus>& corpus,
                               std::int64_t size, bool large, const std::shared_ptr<RatesBySize>& rates,
                               std::vector<Scenario>& scenarios);
void AddGetScenarios(const BenchOptions& options, const std::shared_ptr<Corpus>& corpus, std::int64_t size,
                     std::vector<Scenario>& scenarios);

}  // namespace galley::bench
