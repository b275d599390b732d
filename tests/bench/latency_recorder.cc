#include "latency_recorder.h"

#include <algorithm>
#include <cmath>

namespace galley::bench {

namespace {

double Millis(std::int64_t nanos) { return static_cast<double>(nanos) / 1e6; }

// The smallest latency that at least `percent` % of the sorted ones do not exceed.
double NearestRank(const std::vector<std::int64_t>& sorted, double percent) {
  const auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(sorted.size())));
  return Millis(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]);
}

}  // namespace

void LatencyRecorder::Merge(const LatencyRecorder& other) {
  nanos_.insert(nanos_.end(), other.nanos_.begin(), other.nanos_.end());
}

Percentiles LatencyRecorder::Summary() const {
  Percentiles summary;
  if (nanos_.empty()) return summary;
  std::vector<std::int64_t> sorted(nanos_);
  std::sort(sorted.begin(), sorted.end());
  summary.p50 = NearestRank(sorted, 50);
  summary.p90 = NearestRank(sorted, 90);
  summary.p99 = NearestRank(sorted, 99);
  summary.max = Millis(sorted.back());
  return summary;
}

}  // namespace galley::bench
