// A newsroom's load on running `galley serve` processes, for the fault tests
// of issue 8, and what it saw, to hold against what PostgreSQL holds after:
//
// - NewsroomWriters take articles of their own through create, submit,
//   approve and publish the way a careful editorial tool does: every call
//   with a request_id of its own and etag "*", and a call that failed with
//   UNAVAILABLE or DEADLINE_EXCEEDED sent again, with the same request_id,
//   to the next server. So is one that ended CANCELLED, which these writers
//   never do themselves: gRPC 1.51 ends so a call that reached a server in
//   the instant it shut down, before any handler took it (grpc/grpc#41785).
//   Any other failure is unexpected and counted.
// - FeedConsumers follow StreamChanges and, whenever a stream ends, resume
//   after the last sequence they processed, counting every gap and repeat.
// - CheckStoredArticles compares what the writers were told with the rows.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace galley::testing {

// The steps a writer takes each article through, in order.
constexpr int kWorkflowSteps = 4;  // create, submit, approve, publish

// `galley serve` flags for a server under this load: all writers share one
// principal and all consumers another, as a newsroom's tools might, and the
// faults, not the per-principal limits (principal_limits_test.cc), are
// what is tested.
inline const std::vector<std::string> kNoPrincipalLimits{"--max-requests-per-second", "0",
                                                         "--max-streams-per-principal", "0"};

// What one writer knows of one of its articles.
struct WrittenArticle {
  std::string name;
  int acknowledged = 0;  // steps the service acknowledged
  // The next step was sent and never acknowledged: the writer gave up on it
  // when told to stop. It may or may not have happened, but whole if it did.
  bool unacknowledged = false;
};

struct WriterFigures {
  int calls = 0;         // every attempt
  int acknowledged = 0;  // attempts answered OK
  int retried = 0;       // attempts that failed UNAVAILABLE or DEADLINE_EXCEEDED, sent again
  int cancelled = 0;     // attempts the server ended CANCELLED as it shut down, sent again
  // Any other failure, "CODE: message" → how often. A fault test fails on any.
  std::map<std::string, int> unexpected;
};

class NewsroomWriters {
 public:
  // Starts `writers` threads writing to `publication` ("gannan-daily") with
  // `token` (a publisher's). Writer i calls addresses[i % size] first and
  // moves to the next address after each failed attempt.
  NewsroomWriters(std::vector<std::string> addresses, const std::string& token, const std::string& publication,
                  int writers);
  ~NewsroomWriters();  // Stop()

  NewsroomWriters(const NewsroomWriters&) = delete;
  NewsroomWriters& operator=(const NewsroomWriters&) = delete;

  // Acknowledged calls so far.
  int acknowledged() const { return acknowledged_.load(); }
  // Waits until more than `calls` calls were acknowledged; false if not
  // within `timeout`, or once every writer has given up.
  bool WaitForAcknowledged(int calls, std::chrono::seconds timeout) const;

  // Writers finish the step in hand, retrying it for up to `give_up`, and
  // start no other. Idempotent.
  void Stop(std::chrono::seconds give_up = std::chrono::seconds(20));

  // After Stop().
  std::vector<WrittenArticle> Articles() const;
  WriterFigures Figures() const;

 private:
  struct Writer;
  void Run(Writer& writer);

  std::vector<std::string> addresses_;
  std::string token_;
  std::string publication_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::chrono::steady_clock::rep> give_up_at_{0};
  std::atomic<int> acknowledged_{0};
  std::atomic<int> running_{0};  // writers that have not given up
  std::vector<std::unique_ptr<Writer>> writers_;
};

struct ConsumerFigures {
  std::int64_t delivered = 0;  // changes received, all consumers
  int resumes = 0;             // streams opened again after one ended
  int gaps = 0;                // a sequence skipped
  int repeats = 0;             // a sequence received again or out of order
  std::int64_t lowest_last = 0;  // the last sequence of the consumer furthest behind
  std::int64_t highest_head = 0;  // the newest head_sequence any message reported
  std::map<std::string, int> endings;  // how streams ended, by status code
  std::string first_problem;  // the first gap or repeat, for the failure message
};

class FeedConsumers {
 public:
  // Starts `consumers` threads following the whole feed from the beginning
  // with `token` (a reader's); consumer i starts at addresses[i % size] and
  // moves to the next address whenever its stream ends.
  FeedConsumers(std::vector<std::string> addresses, const std::string& token, int consumers);
  ~FeedConsumers();  // Stop()

  FeedConsumers(const FeedConsumers&) = delete;
  FeedConsumers& operator=(const FeedConsumers&) = delete;

  // Waits until every consumer processed `sequence`; false if they did not
  // within `timeout`.
  bool WaitForAll(std::int64_t sequence, std::chrono::seconds timeout) const;
  void Stop();  // idempotent
  ConsumerFigures Figures() const;

 private:
  struct Consumer;
  void Run(Consumer& consumer);

  std::vector<std::string> addresses_;
  std::string token_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Consumer>> consumers_;
};

// What a fault test's load came to: ExpectNothingLost's figures.
struct LoadOutcome {
  WriterFigures written;
  ConsumerFigures delivered;
  std::int64_t head = 0;  // the change log's newest sequence at the end
  std::size_t articles = 0;
  int unacknowledged = 0;  // articles with a step the writers gave up on
};

// Stops the writers (each gives up on the step in hand after `give_up`),
// waits for the log at `url` to settle (SettledHeadSequence), then, once
// every consumer reached its head (or a minute passed), stops the
// consumers; expects every acknowledged write stored,
// every write whole or absent (CheckStoredArticles), no unexpected failure,
// and every consumer at the head with each change once, in order. Prints
// the figures on one line.
LoadOutcome ExpectNothingLost(const std::string& url, NewsroomWriters& writers, FeedConsumers& consumers,
                              std::chrono::seconds give_up);

// The unexpected failures, one line each ("3 × INTERNAL: …"), for a
// failure message.
std::string UnexpectedFailures(const WriterFigures& figures);

// The first `most` of `lines`, one a line, for a failure message.
std::string FirstLines(const std::vector<std::string>& lines, std::size_t most = 10);

// The newest sequence in the change log of the database at `url`.
std::int64_t HeadSequence(const std::string& url);

// HeadSequence once the log has stopped growing: read until unchanged for
// `quiet`. For after the writers stopped, when an attempt a writer gave up
// on (its deadline passed on the client) may still commit on its server.
// Fails the test, and returns the last read, if the log still grows after
// `limit`.
std::int64_t SettledHeadSequence(const std::string& url, std::chrono::milliseconds quiet = std::chrono::seconds(1),
                                 std::chrono::seconds limit = std::chrono::seconds(15));

// What is wrong with the written articles as stored at `url`, one line each;
// empty when every article is in the state its acknowledged steps (or, for
// one the writer gave up on, one step more) put it in, and whole: as many
// revisions as steps, one OK audit record per step, and one ARTICLE_PUBLISHED
// change if and only if it is live.
std::vector<std::string> CheckStoredArticles(const std::string& url, const std::vector<WrittenArticle>& articles);

}  // namespace galley::testing
