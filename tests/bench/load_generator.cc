#include "load_generator.h"

#include <array>
#include <atomic>
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

// Makes call and, if it was started (or due) in the counted part, counts
// it with its latency from `since`.
void CountCall(const Call& call, Clock::time_point since, Clock::time_point counted_from, CallerTally& tally) {
  const grpc::Status status = call();
  const auto answered = Clock::now();
  if (since < counted_from) return;
  if (status.ok()) {
    ++tally.calls;
    tally.latencies.Add(answered - since);
  } else {
    if (tally.failures++ == 0) tally.first_failure = Describe(status);
  }
}

void RunCaller(const Call& call, Clock::time_point counted_from, Clock::time_point end, CallerTally& tally) {
  for (;;) {
    const auto sent = Clock::now();
    if (sent >= end) return;
    CountCall(call, sent, counted_from, tally);
  }
}

// Releases request k at start + k * interval to whichever caller takes it.
void RunScheduledCaller(const Call& call, std::atomic<std::int64_t>& next, Clock::time_point start,
                        Clock::duration interval, Clock::time_point counted_from, Clock::time_point end,
                        CallerTally& tally) {
  for (;;) {
    const auto due = start + interval * next.fetch_add(1);
    if (due >= end) return;
    std::this_thread::sleep_until(due);
    CountCall(call, due, counted_from, tally);
  }
}

std::vector<Call> MakeCalls(const ChannelFactory& new_channel, const CallFactory& make_call, int channels,
                            int callers_per_channel) {
  std::vector<Call> calls;
  for (int c = 0; c < channels; ++c) {
    const auto channel = new_channel();
    for (int k = 0; k < callers_per_channel; ++k) calls.push_back(make_call(channel));
  }
  return calls;
}

// Runs `caller(i)` on a thread per call, samples usage over the counted
// part, and merges what the callers saw.
template <typename Caller>
LoadResult RunCallers(std::size_t callers, Clock::time_point counted_from, Clock::time_point end,
                      UsageSampler* usage, const Caller& caller) {
  std::vector<CallerTally> tallies(callers);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < callers; ++i) threads.emplace_back([&, i] { caller(i, tallies[i]); });
  std::this_thread::sleep_until(counted_from);
  if (usage != nullptr) usage->Start();
  std::this_thread::sleep_until(end);
  LoadResult result;
  // Sampled before joining: the calls still in flight are not counted either.
  if (usage != nullptr) result.usage = usage->Finish();
  for (auto& thread : threads) thread.join();
  result.seconds = std::chrono::duration<double>(end - counted_from).count();
  for (const auto& tally : tallies) {
    result.calls += tally.calls;
    if (result.failures == 0 && tally.failures > 0) result.first_failure = tally.first_failure;
    result.failures += tally.failures;
    result.latencies.Merge(tally.latencies);
  }
  return result;
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
  const std::vector<Call> calls = MakeCalls(new_channel, make_call, options.channels, options.callers_per_channel);
  const auto counted_from = Clock::now() + options.warmup;
  const auto end = counted_from + options.duration;
  return RunCallers(calls.size(), counted_from, end, options.usage, [&](std::size_t i, CallerTally& tally) {
    RunCaller(calls[i], counted_from, end, tally);
  });
}

LoadResult RunOpenLoop(const ChannelFactory& new_channel, const CallFactory& make_call,
                       const OpenLoopOptions& options) {
  const std::vector<Call> calls = MakeCalls(new_channel, make_call, options.channels, options.callers_per_channel);
  const auto start = Clock::now();
  const auto counted_from = start + options.warmup;
  const auto end = counted_from + options.duration;
  const auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options.rate));
  std::atomic<std::int64_t> next{0};
  return RunCallers(calls.size(), counted_from, end, options.usage, [&](std::size_t i, CallerTally& tally) {
    RunScheduledCaller(calls[i], next, start, interval, counted_from, end, tally);
  });
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
