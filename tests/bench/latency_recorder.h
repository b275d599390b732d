// Latencies collected during a scenario, and the percentiles reported from
// them. Not thread-safe: each load thread records into its own recorder and
// the scenario merges them when the threads are done, so recording costs a
// push_back and no lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace galley::bench {

struct Percentiles {  // milliseconds
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;
};

class LatencyRecorder {
 public:
  void Add(std::chrono::nanoseconds latency) { nanos_.push_back(latency.count()); }
  void Merge(const LatencyRecorder& other);

  std::size_t count() const { return nanos_.size(); }
  // Nearest-rank percentiles (each is a latency that was measured); all
  // zero when nothing was recorded.
  Percentiles Summary() const;

 private:
  std::vector<std::int64_t> nanos_;
};

}  // namespace galley::bench
