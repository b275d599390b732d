#include "load_generator.h"

#include <array>
#include <thread>
#include <vector>

namespace galley::bench {

namespace {

using Clock = std::chrono::steady_clock;

// What one caller saw; merged once all callers are done.
struct CallerTally {
  std::int64_t calls = 0;
  std::int64_t failures = 0;
  std::string first_failure;
  LatencyRecorder latencies;
};

void RunCaller(const Call& call, Clock::time_point counted_from, Clock::time_point end, CallerTally& tally) {
  for (;;) {
    const auto sent = Clock::now();
    if (sent >= end) return;
    const grpc::Status status = call();
    const auto answered = Clock::now();
    if (sent < counted_from) continue;
    if (status.ok()) {
      ++tally.calls;
      tally.latencies.Add(answered - sent);
    } else {
      if (tally.failures++ == 0) tally.first_failure = Describe(status);
    }
  }
}

}  // namespace

std::string Describe(const grpc::Status& status) {
  static constexpr std::array<const char*, 17> kCodes{
      "OK",        "CANCELLED",         "UNKNOWN",        "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
      "OUT_OF_RANGE", "UNIMPLEMENTED",   "INTERNAL",       "UNAVAILABLE",      "DATA_LOSS",         "UNAUTHENTICATED"};
  const auto code = static_cast<std::size_t>(status.error_code());
  const std::string name = code < kCodes.size() ? kCodes[code] : "code " + std::to_string(code);
  return name + ": " + status.error_message();
}

LoadResult RunClosedLoop(const ChannelFactory& new_channel, const CallFactory& make_call,
                         const ClosedLoopOptions& options) {
  std::vector<Call> calls;
  for (int c = 0; c < options.channels; ++c) {
    const auto channel = new_channel();
    for (int k = 0; k < options.callers_per_channel; ++k) calls.push_back(make_call(channel));
  }
  std::vector<CallerTally> tallies(calls.size());
  const auto counted_from = Clock::now() + options.warmup;
  const auto end = counted_from + options.duration;
  std::vector<std::thread> callers;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    callers.emplace_back(RunCaller, std::cref(calls[i]), counted_from, end, std::ref(tallies[i]));
  }
  std::this_thread::sleep_until(counted_from);
  if (options.usage != nullptr) options.usage->Start();
  std::this_thread::sleep_until(end);
  LoadResult result;
  // Sampled before joining: the calls still in flight are not counted either.
  if (options.usage != nullptr) result.usage = options.usage->Finish();
  for (auto& caller : callers) caller.join();
  result.seconds = std::chrono::duration<double>(options.duration).count();
  for (const auto& tally : tallies) {
    result.calls += tally.calls;
    if (result.failures == 0 && tally.failures > 0) result.first_failure = tally.first_failure;
    result.failures += tally.failures;
    result.latencies.Merge(tally.latencies);
  }
  return result;
}

Pacer::Pacer(double per_second)
    : interval_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_second))) {}

void Pacer::WaitForNext() {
  if (released_ == 0) start_ = Clock::now();
  std::this_thread::sleep_until(start_ + interval_ * released_);
  last_ = Clock::now();
  ++released_;
}

double Pacer::AchievedRate() const {
  const double seconds = std::chrono::duration<double>(last_ - start_).count();
  return seconds > 0 ? static_cast<double>(released_ - 1) / seconds : 0;
}

}  // namespace galley::bench
