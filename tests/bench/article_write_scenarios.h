// Writing articles under load: UpdateArticle (a new headline, and the
// revision it writes) on random articles of the corpus, and PublishIssue of
// an issue of 100 approved articles, one issue at a time.
#pragma once

#include <memory>
#include <vector>

#include "corpus.h"
#include "scenario.h"

namespace galley::bench {

void AddArticleWriteScenarios(const BenchOptions& options, const std::shared_ptr<Corpus>& corpus,
                              std::int64_t size, std::vector<Scenario>& scenarios);

}  // namespace galley::bench
