// The change feed (FeedService): how long a publish takes to reach 100
// streaming consumers, and how fast a consumer replays the log from the
// start, paged (ListChanges) and streamed (StreamChanges). Each also checks
// what the feed promises: every consumer gets every change exactly once, in
// order, with no gap; a scenario that sees otherwise fails.
#pragma once

#include <vector>

#include "scenario.h"

namespace galley::bench {

// Names say the sizes of `options`' mode (consumers, changes replayed).
void AddFeedScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios);

}  // namespace galley::bench
