#include "feed_scenarios.h"

#include <condition_variable>
#include <cstdio>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "galley/v1/feed_service.grpc.pb.h"
#include "load_generator.h"
#include "newsroom.h"
#include "process_sampler.h"

namespace galley::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kCallTimeout = std::chrono::seconds(30);
// Bounds every stream, should a scenario fail to cancel it.
constexpr auto kStreamTimeout = std::chrono::minutes(10);
constexpr auto kConnectTimeout = std::chrono::seconds(60);
// How long the consumers get, after the last publish, to receive it.
constexpr auto kDrainTimeout = std::chrono::seconds(30);
constexpr int kListPageSize = 1000;  // the largest ListChanges serves
constexpr int kPreparingThreads = 4;

struct FeedSizes {
  int consumers;
  int publishes;
  double publish_rate;  // per second: a newsroom's busiest hour is far below this
  int replay_changes;   // the log holds at least this many when replay scenarios run
  double min_replay_seconds;  // replays repeat until this long has passed
};

FeedSizes SizesFor(const BenchOptions& options) {
  if (options.quick) return {10, 20, 20.0, 100, 0.2};
  return {100, 300, 20.0, 2000, 3.0};
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

void SetDeadline(grpc::ClientContext& context, std::chrono::seconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

std::int64_t HeadSequence(const Harness& harness) {
  auto feed = v1::FeedService::NewStub(harness.NewChannel());
  grpc::ClientContext context;
  SetDeadline(context, kCallTimeout);
  v1::ListChangesRequest request;
  request.set_page_size(1);
  v1::ListChangesResponse response;
  const grpc::Status status = feed->ListChanges(&context, request, &response);
  if (!status.ok()) throw ScenarioFailure("ListChanges: " + Describe(status));
  return response.head_sequence();
}

// Publishes articles until the log holds at least `changes` changes; returns its head.
std::int64_t FillLog(const Harness& harness, int changes) {
  const std::int64_t head = HeadSequence(harness);
  if (head >= changes) return head;
  PublishArticles(harness, "filler-" + std::to_string(head), static_cast<int>(changes - head), kPreparingThreads);
  return HeadSequence(harness);
}

// Checks that `change` is the one expected after `last` (the next sequence,
// with its content) and advances `last`; throws ScenarioFailure otherwise.
void ExpectNext(const v1::Change& change, std::int64_t& last, const std::string& who) {
  if (change.sequence() != last + 1) {
    throw ScenarioFailure(who + " received sequence " + std::to_string(change.sequence()) + " after " +
                          std::to_string(last) + (change.sequence() <= last ? " (repeated or out of order)" : " (a gap)"));
  }
  if (change.type() == v1::Change::ARTICLE_PUBLISHED && !change.has_article()) {
    throw ScenarioFailure(who + ": change " + std::to_string(change.sequence()) + " came without its article");
  }
  last = change.sequence();
}

// One StreamChanges consumer on a thread and a connection of its own,
// recording when each change it is waiting for arrives. It starts one change
// before the head, so that the first message it receives proves the server
// follows it (a stream says nothing until it has a change to send).
class Consumer {
 public:
  // When `index` knows a change's resource, the delivery is recorded as
  // that article's; any other change after the first is a failure.
  Consumer(int number, std::shared_ptr<grpc::Channel> channel, std::int64_t after,
           const std::unordered_map<std::string, int>& index)
      : name_("consumer " + std::to_string(number)),
        feed_(v1::FeedService::NewStub(channel)),
        last_(after),
        index_(index) {
    context_.set_deadline(std::chrono::system_clock::now() + kStreamTimeout);
    thread_ = std::thread([this] { Run(); });
  }

  ~Consumer() { Stop(); }
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Waits until the first change came, or the stream failed, or the deadline.
  bool WaitUntilFollowing(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return following_ || ended_; }) && following_ && !ended_;
  }

  // Waits until `count` recorded deliveries came, the stream ended or the deadline passed.
  bool WaitForDeliveries(std::size_t count, Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return deliveries_.size() >= count || ended_; }) &&
           deliveries_.size() >= count;
  }

  // Cancels the stream and joins its thread; idempotent.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    context_.TryCancel();
    if (thread_.joinable()) thread_.join();
  }

  struct Delivery {
    int article;
    Clock::time_point received;
  };
  // After Stop().
  const std::vector<Delivery>& deliveries() const { return deliveries_; }
  const std::string& failure() const { return failure_; }
  const std::string& name() const { return name_; }

 private:
  void Run() {
    v1::StreamChangesRequest request;
    request.set_after_sequence(last_);
    auto stream = feed_->StreamChanges(&context_, request);
    v1::StreamChangesResponse message;
    std::string failure;
    try {
      while (stream->Read(&message)) {
        const auto received = Clock::now();
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& change : message.changes()) {
          ExpectNext(change, last_, name_);
          if (!following_) {
            following_ = true;  // the change before the head: not measured
            continue;
          }
          const auto known = index_.find(change.resource());
          if (known == index_.end()) throw ScenarioFailure(name_ + " received an unexpected change of " + change.resource());
          deliveries_.push_back({known->second, received});
        }
        changed_.notify_all();
      }
    } catch (const ScenarioFailure& error) {
      failure = error.what();
      context_.TryCancel();
      while (stream->Read(&message)) {
      }
    }
    const grpc::Status status = stream->Finish();
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    if (!failure.empty()) {
      failure_ = failure;
    } else if (!stopping_) {
      failure_ = name_ + ": the stream ended: " + Describe(status);
    }
    changed_.notify_all();
  }

  const std::string name_;
  std::unique_ptr<v1::FeedService::Stub> feed_;
  grpc::ClientContext context_;
  std::int64_t last_;  // the last sequence received
  const std::unordered_map<std::string, int>& index_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool following_ = false;
  bool ended_ = false;
  bool stopping_ = false;
  std::vector<Delivery> deliveries_;
  std::string failure_;
  std::thread thread_;
};

// Latency = from just before PublishArticle is called to each consumer's
// receipt of that change, over every (consumer, change).
ScenarioResult PublishToDelivery(BenchContext& context) {
  const FeedSizes sizes = SizesFor(context.options);
  Harness& harness = context.harness;

  // Ahead of time: the articles to publish, and one change for the
  // consumers to start on.
  const std::int64_t head = FillLog(harness, 1);
  const std::vector<std::string> names =
      PrepareApprovedArticles(harness, "delivery-" + std::to_string(head), sizes.publishes, kPreparingThreads);
  std::unordered_map<std::string, int> index;
  for (std::size_t i = 0; i < names.size(); ++i) index.emplace(names[i], static_cast<int>(i));

  std::vector<std::unique_ptr<Consumer>> consumers;
  for (int c = 0; c < sizes.consumers; ++c) {
    consumers.push_back(std::make_unique<Consumer>(c, harness.NewChannel(), head - 1, index));
  }
  const auto connect_deadline = Clock::now() + kConnectTimeout;
  for (auto& consumer : consumers) {
    if (!consumer->WaitUntilFollowing(connect_deadline)) {
      consumer->Stop();
      throw ScenarioFailure(consumer->failure().empty() ? consumer->name() + " never received its first change"
                                                        : consumer->failure());
    }
  }

  UsageSampler usage = harness.NewUsageSampler();
  usage.Start();
  Newsroom newsroom(harness.NewChannel());
  Pacer pacer(sizes.publish_rate);
  std::vector<Clock::time_point> sent(names.size());
  LatencyRecorder publish_calls;
  for (std::size_t i = 0; i < names.size(); ++i) {
    pacer.WaitForNext();
    sent[i] = Clock::now();
    const grpc::Status status = newsroom.Publish(names[i]);
    publish_calls.Add(Clock::now() - sent[i]);
    if (!status.ok()) throw ScenarioFailure("PublishArticle " + names[i] + ": " + Describe(status));
  }
  const double publish_rate = pacer.AchievedRate();
  const auto drain_deadline = Clock::now() + kDrainTimeout;
  for (auto& consumer : consumers) consumer->WaitForDeliveries(names.size(), drain_deadline);
  const Usage used = usage.Finish();
  for (auto& consumer : consumers) consumer->Stop();

  LatencyRecorder deliveries;
  for (const auto& consumer : consumers) {
    if (!consumer->failure().empty()) throw ScenarioFailure(consumer->failure());
    if (consumer->deliveries().size() != names.size()) {
      throw ScenarioFailure(consumer->name() + " received " + std::to_string(consumer->deliveries().size()) +
                            " of " + std::to_string(names.size()) + " changes within " +
                            std::to_string(kDrainTimeout.count()) + " s of the last publish");
    }
    for (const auto& delivery : consumer->deliveries()) {
      deliveries.Add(delivery.received - sent[static_cast<std::size_t>(delivery.article)]);
    }
  }

  ScenarioResult result;
  result.unit = "publish";
  result.rate = publish_rate;
  result.has_ratio = false;  // paced, not a throughput
  result.latency = deliveries.Summary();
  result.usage = used;
  result.units = static_cast<double>(names.size());
  const Percentiles publish = publish_calls.Summary();
  char note[200];
  std::snprintf(note, sizeof note,
                "%zu deliveries to %d consumers; PublishArticle itself p50 %.1f ms, p99 %.1f ms; "
                "CPU per publish includes its %d deliveries",
                deliveries.count(), sizes.consumers, publish.p50, publish.p99, sizes.consumers);
  result.notes.push_back(note);
  return result;
}

// One pass of ListChanges from 0 to `head` in pages of kListPageSize.
void ListPass(v1::FeedService::Stub& feed, std::int64_t head, LatencyRecorder& pages) {
  std::int64_t last = 0;
  while (last < head) {
    grpc::ClientContext context;
    SetDeadline(context, kCallTimeout);
    v1::ListChangesRequest request;
    request.set_after_sequence(last);
    request.set_page_size(kListPageSize);
    v1::ListChangesResponse response;
    const auto sent = Clock::now();
    const grpc::Status status = feed.ListChanges(&context, request, &response);
    if (!status.ok()) throw ScenarioFailure("ListChanges after " + std::to_string(last) + ": " + Describe(status));
    pages.Add(Clock::now() - sent);
    if (response.changes().empty()) {
      throw ScenarioFailure("ListChanges after " + std::to_string(last) + " returned nothing; head is " +
                            std::to_string(head));
    }
    for (const auto& change : response.changes()) ExpectNext(change, last, "ListChanges");
  }
}

// One StreamChanges from 0 until it received the change at `head`.
void StreamPass(v1::FeedService::Stub& feed, std::int64_t head) {
  grpc::ClientContext context;
  SetDeadline(context, kCallTimeout);
  auto stream = feed.StreamChanges(&context, v1::StreamChangesRequest());
  v1::StreamChangesResponse message;
  std::int64_t last = 0;
  while (last < head && stream->Read(&message)) {
    for (const auto& change : message.changes()) ExpectNext(change, last, "StreamChanges");
  }
  context.TryCancel();
  while (stream->Read(&message)) {
  }
  const grpc::Status status = stream->Finish();
  if (last < head) {
    throw ScenarioFailure("StreamChanges ended at sequence " + std::to_string(last) + " of " + std::to_string(head) +
                          ": " + Describe(status));
  }
}

// Repeats `pass` until the sizes' minimum time has passed (a single pass of a
// small log is over too soon to time); rate and CPU are per change.
template <typename Pass>
ScenarioResult Replay(BenchContext& context, const Pass& pass) {
  const FeedSizes sizes = SizesFor(context.options);
  const std::int64_t head = FillLog(context.harness, sizes.replay_changes);
  auto feed = v1::FeedService::NewStub(context.harness.NewChannel());
  UsageSampler usage = context.harness.NewUsageSampler();
  usage.Start();
  const auto start = Clock::now();
  int passes = 0;
  do {
    pass(*feed, head);
    ++passes;
  } while (Seconds(Clock::now() - start) < sizes.min_replay_seconds);
  const double seconds = Seconds(Clock::now() - start);
  const Usage used = usage.Finish();

  const double changes = static_cast<double>(head) * passes;
  ScenarioResult result;
  result.unit = "change";
  result.rate = changes / seconds;
  result.usage = used;
  result.units = changes;
  result.notes.push_back(std::to_string(passes) + " passes over " + std::to_string(head) + " changes");
  return result;
}

ScenarioResult ListReplay(BenchContext& context) {
  LatencyRecorder pages;
  ScenarioResult result =
      Replay(context, [&](v1::FeedService::Stub& feed, std::int64_t head) { ListPass(feed, head, pages); });
  result.latency = pages.Summary();
  result.notes.back() += "; latency is per page of " + std::to_string(kListPageSize);
  return result;
}

ScenarioResult StreamReplay(BenchContext& context) { return Replay(context, StreamPass); }

}  // namespace

void AddFeedScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios) {
  const FeedSizes sizes = SizesFor(options);
  scenarios.push_back(
      {"feed: publish-to-delivery, " + std::to_string(sizes.consumers) + " consumers", PublishToDelivery});
  const std::string replay = "feed: replay " + std::to_string(sizes.replay_changes) + ", ";
  scenarios.push_back({replay + "ListChanges by " + std::to_string(kListPageSize), ListReplay});
  scenarios.push_back({replay + "one StreamChanges", StreamReplay});
}

}  // namespace galley::bench
