// What the database alone does on this machine, side by side with the
// service: `pgbench -S -M prepared` (read one row by key) and `pgbench -N`
// (a small write transaction) against the same PostgreSQL, in a database of
// their own, with as many clients as the server's pool has connections.
// GetArticle and UpdateArticle are also given as ratios of them.
#pragma once

#include <vector>

#include "scenario.h"

namespace galley::bench {

void AddPgbenchScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios);

}  // namespace galley::bench
