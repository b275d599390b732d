// The content scenarios of issue 7: a corpus loaded through COPY at a small
// and then a large size (corpus.h), ListArticles and SearchArticles at both
// (the large figures also as ratios of the small), then GetArticle in both
// views, UpdateArticle and PublishIssue at the large size.
#pragma once

#include <vector>

#include "scenario.h"

namespace galley::bench {

void AddContentScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios);

}  // namespace galley::bench
