// What every scenario shares: what it runs with (the harness, the mode, the
// empty-RPC rate measured first), what it reports (one row of the table),
// and how it says it failed. A scenario group (baseline_scenarios.h,
// feed_scenarios.h, ...) adds its scenarios to the list main runs in order.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness.h"
#include "latency_recorder.h"
#include "process_sampler.h"

namespace galley::bench {

struct BenchOptions {
  bool quick = false;  // seconds and small data: a smoke test that every scenario works
  std::string galley_binary;
  bool keep_database = false;  // leave PostgreSQL and the corpus running at the end
  // When not empty, only the scenarios whose names contain one of these run,
  // and the empty RPC, which every ratio needs (to profile or compare one).
  std::vector<std::string> only;
};

struct BenchContext {
  Harness& harness;
  const BenchOptions& options;
  // Requests per second of the empty RPC, set by the baseline scenario
  // (which runs first); 0 until then, or when it failed.
  double empty_rpc_rate = 0;
  // Transactions per second of `pgbench -S -M prepared` and `pgbench -N`
  // against the same PostgreSQL (pgbench_scenarios.h); 0 until measured.
  double pgbench_select_rate = 0;
  double pgbench_write_rate = 0;
};

struct ScenarioResult {
  double rate = 0;                     // `unit`s per second
  std::string unit;                    // "call", "change", "publish": what rate and CPU count
  std::optional<Percentiles> latency;  // when the scenario times something per unit
  bool has_ratio = true;               // rate / empty-RPC rate is meaningful
  Usage usage;                         // over the measured phase
  double units = 0;                    // how many units `usage` paid for
  std::vector<std::string> notes;      // printed under the table
};

struct Scenario {
  std::string name;
  std::function<ScenarioResult(BenchContext&)> run;
};

// Thrown by a scenario that could not do what it measures: an RPC error, a
// consumer that missed, repeated or reordered a change. The run goes on
// with the next scenario and exits non-zero at the end.
class ScenarioFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace galley::bench
