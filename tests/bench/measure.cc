#include "measure.h"

namespace galley::bench {

ClosedLoopOptions ThroughputOptions(const BenchOptions& options, std::chrono::milliseconds duration) {
  ClosedLoopOptions load;
  load.channels = 4;
  load.callers_per_channel = 4;
  load.warmup = options.quick ? std::chrono::milliseconds(200) : std::chrono::milliseconds(1000);
  load.duration = options.quick ? std::chrono::milliseconds(500) : duration;
  return load;
}

ScenarioResult ResultOf(const LoadResult& load, const std::string& unit) {
  if (load.failures > 0) {
    throw ScenarioFailure(std::to_string(load.failures) + " failed calls, the first " + load.first_failure);
  }
  if (load.calls == 0) throw ScenarioFailure("no call was answered");
  ScenarioResult result;
  result.unit = unit;
  result.rate = load.rate();
  result.latency = load.latencies.Summary();
  result.usage = load.usage;
  result.units = static_cast<double>(load.calls);
  return result;
}

ScenarioResult MeasureClosedLoop(BenchContext& context, const CallFactory& make_call, const std::string& unit,
                                 ClosedLoopOptions options) {
  UsageSampler usage = context.harness.NewUsageSampler();
  options.usage = &usage;
  const LoadResult load = RunClosedLoop([&] { return context.harness.NewChannel(); }, make_call, options);
  ScenarioResult result = ResultOf(load, unit);
  result.notes.push_back(std::to_string(options.channels) + " channels x " +
                         std::to_string(options.callers_per_channel) + " blocking callers, closed loop");
  return result;
}

}  // namespace galley::bench
