// The change feed across a server's life: a stream ends with UNAVAILABLE
// when its server shuts down, and the consumer resumes on the next server
// after the last sequence it processed, missing and repeating nothing.
#include <gtest/gtest.h>
#include <signal.h>

#include <optional>
#include <thread>

#include "e2e_client.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "galley_process.h"
#include "metrics_scrape.h"
#include "support/article_driver.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

class FeedTest : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = CreateToken(database_.url(), "admin", "admin"); }

  // With `metrics_port`, the server serves /metrics too, on the port it
  // receives.
  std::unique_ptr<GalleyProcess> StartServe(std::string* address, const std::string& max_streams = "500",
                                            int* metrics_port = nullptr) {
    std::vector<std::string> args{"serve", "--database-url", database_.url(), "--listen", "127.0.0.1:0",
                                  "--shutdown-grace", "30", "--max-streams", max_streams};
    if (metrics_port != nullptr) args.insert(args.end(), {"--metrics-listen", "127.0.0.1:0"});
    auto process = std::make_unique<GalleyProcess>(args);
    *address = process->WaitForAddress();
    if (metrics_port != nullptr) *metrics_port = process->WaitForPortOf("metrics");
    return process;
  }

  TestDatabase database_;
  std::string admin_;
};

TEST_F(FeedTest, AStreamEndsWithUnavailableOnShutdownAndResumesOnTheNextServer) {
  std::string address;
  auto first = StartServe(&address);
  ASSERT_TRUE(CreatePublication(ChannelTo(address, admin_), "gannan-daily", "赣南日报").ok());
  ArticleDriver articles(ChannelTo(address, admin_));
  articles.Live(articles.Create("gannan-daily", "first", "第一篇"));

  const std::string reader = CreateToken(database_.url(), "website", "reader");
  auto feed = v1::FeedService::NewStub(ChannelTo(address, reader));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = feed->StreamChanges(&context, v1::StreamChangesRequest());
  v1::StreamChangesResponse message;
  ASSERT_TRUE(stream->Read(&message));
  ASSERT_EQ(message.changes_size(), 1);
  const std::int64_t processed = message.changes(0).sequence();

  // Shutting down does not wait out the 30 s grace for the stream: it ends
  // the stream at once so that the consumer moves on.
  first->Signal(SIGTERM);
  while (stream->Read(&message)) ASSERT_EQ(message.changes_size(), 0);  // heartbeats at most
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(first->WaitForExit(std::chrono::seconds(20)), 0);

  auto second = StartServe(&address);
  ArticleDriver again(ChannelTo(address, admin_));
  again.Live(again.Create("gannan-daily", "second", "第二篇"));
  auto resumed_feed = v1::FeedService::NewStub(ChannelTo(address, reader));
  v1::StreamChangesRequest resume;
  resume.set_after_sequence(processed);
  grpc::ClientContext resumed_context;
  resumed_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto resumed = resumed_feed->StreamChanges(&resumed_context, resume);
  ASSERT_TRUE(resumed->Read(&message));
  ASSERT_EQ(message.changes_size(), 1);
  EXPECT_EQ(message.changes(0).sequence(), processed + 1);
  EXPECT_EQ(message.changes(0).resource(), "publications/gannan-daily/articles/second");
  resumed_context.TryCancel();
}

// How many lines of `log` hold a change with this sequence.
int LinesWithSequence(const std::string& log, std::int64_t sequence) {
  const std::string needle = "\"sequence\":\"" + std::to_string(sequence) + "\"";
  int count = 0;
  for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++count;
  return count;
}

bool WaitForLine(GalleyProcess& follower, std::int64_t sequence) {
  for (int i = 0; i < 300 && LinesWithSequence(follower.Log(), sequence) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return LinesWithSequence(follower.Log(), sequence) > 0;
}

TEST_F(FeedTest, GalleyFeedFollowPrintsJsonLinesAndReconnectsAfterARestart) {
  std::string address;
  auto server = StartServe(&address);
  ASSERT_TRUE(CreatePublication(ChannelTo(address, admin_), "gannan-daily", "赣南日报").ok());
  ArticleDriver articles(ChannelTo(address, admin_));
  articles.Live(articles.Create("gannan-daily", "first", "第一篇"));
  articles.Live(articles.Create("gannan-daily", "second", "第二篇"));

  const std::string reader = CreateToken(database_.url(), "website", "reader");
  GalleyProcess follower({"feed", "follow", "--after", "1", "--server", address, "--token", reader});
  ASSERT_TRUE(WaitForLine(follower, 2)) << follower.Log();
  EXPECT_EQ(LinesWithSequence(follower.Log(), 1), 0) << "--after 1 starts after it";
  EXPECT_NE(follower.Log().find("\"headline\":\"第二篇\""), std::string::npos) << follower.Log();

  // The server goes away and comes back on the same address; meanwhile
  // another change commits through another server. That one starts first:
  // started after, it could be given the port the first has just freed.
  std::string other_address;
  auto other = StartServe(&other_address);
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitForExit(std::chrono::seconds(20)), 0);
  ArticleDriver elsewhere(ChannelTo(other_address, admin_));
  elsewhere.Live(elsewhere.Create("gannan-daily", "third", "第三篇"));
  auto restarted = std::make_unique<GalleyProcess>(std::vector<std::string>{
      "serve", "--database-url", database_.url(), "--listen", address});
  restarted->WaitForAddress();
  ASSERT_TRUE(WaitForLine(follower, 3)) << follower.Log();
  elsewhere.Live(elsewhere.Create("gannan-daily", "fourth", "第四篇"));
  ASSERT_TRUE(WaitForLine(follower, 4)) << follower.Log();
  for (int sequence = 2; sequence <= 4; ++sequence) {
    EXPECT_EQ(LinesWithSequence(follower.Log(), sequence), 1) << sequence << "\n" << follower.Log();
  }
  EXPECT_TRUE(follower.running());
}

TEST_F(FeedTest, GalleyFeedFollowPrintsNinjsForPartners) {
  std::string address;
  auto server = StartServe(&address);
  ASSERT_TRUE(CreatePublication(ChannelTo(address, admin_), "gannan-daily", "赣南日报").ok());
  ArticleDriver articles(ChannelTo(address, admin_));
  articles.Live(articles.Create("gannan-daily", "first", "第一篇"));
  const std::string reader = CreateToken(database_.url(), "website", "reader");
  GalleyProcess follower({"feed", "follow", "--format", "ninjs", "--server", address, "--token", reader});
  const std::string expected =
      R"({"sequence":1,"type":"ARTICLE_PUBLISHED","ninjs":{"uri":"urn:galley:publications/gannan-daily/articles/first")";
  for (int i = 0; i < 300 && follower.Log().find(expected) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(follower.Log().find(expected), std::string::npos) << follower.Log();
  EXPECT_NE(follower.Log().find(R"("headlines":[{"role":"main","value":"第一篇"}])"), std::string::npos)
      << follower.Log();

  GalleyProcess unknown({"feed", "follow", "--format", "xml", "--server", address, "--token", reader});
  EXPECT_EQ(unknown.WaitForExit(std::chrono::seconds(20)), 2);
  EXPECT_NE(unknown.Log().find("--format must be galley or ninjs"), std::string::npos) << unknown.Log();
}

TEST_F(FeedTest, StreamsPastTheCapAreRefusedAndOtherCallsStillServed) {
  std::string address;
  int metrics_port = 0;
  auto server = StartServe(&address, "1", &metrics_port);
  ASSERT_GT(metrics_port, 0) << server->Log();
  auto channel = ChannelTo(address, admin_);
  auto feed = v1::FeedService::NewStub(channel);
  grpc::ClientContext first_context;
  auto first = feed->StreamChanges(&first_context, v1::StreamChangesRequest());
  // The first stream holds the only place once the server counts it open.
  ASSERT_TRUE(WaitForMetric(metrics_port, "galley_feed_streams", 1, std::chrono::seconds(10)))
      << ScrapeMetrics(metrics_port);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto second = feed->StreamChanges(&context, v1::StreamChangesRequest());
  v1::StreamChangesResponse message;
  while (second->Read(&message)) {
  }
  const grpc::Status refused = second->Finish();
  // Served instead (it ran to its deadline): the first stream had lost its
  // place, and the server's log says why.
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_message() << "\n" << server->Log();
  // Other calls are served as usual, the feed's own included.
  v1::ListChangesResponse page;
  grpc::ClientContext list_context;
  list_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EXPECT_TRUE(feed->ListChanges(&list_context, v1::ListChangesRequest(), &page).ok());
  EXPECT_EQ(HealthOf(channel), "SERVING");
  first_context.TryCancel();
}

// Opens a stream and reads until it ends: at `deadline`, or when the client
// cancels it after `cancel_after` (if given). Returns how it ended.
grpc::StatusCode FollowUntilItEnds(v1::FeedService::Stub& feed, std::chrono::milliseconds deadline,
                                   std::optional<std::chrono::milliseconds> cancel_after = std::nullopt) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  auto stream = feed.StreamChanges(&context, v1::StreamChangesRequest());
  std::thread canceller;
  if (cancel_after) {
    canceller = std::thread([&] {
      std::this_thread::sleep_for(*cancel_after);
      context.TryCancel();
    });
  }
  v1::StreamChangesResponse message;
  while (stream->Read(&message)) {
  }
  const auto code = stream->Finish().error_code();
  if (canceller.joinable()) canceller.join();
  return code;
}

// The server frees a place within its check interval of a stream ending:
// until then a new stream is refused, after that it is served (until it
// ends as FollowUntilItEnds says). Still refused after 15 s (far beyond the
// interval, even on a slow machine), it returns RESOURCE_EXHAUSTED.
grpc::StatusCode FollowOnceAPlaceIsFree(v1::FeedService::Stub& feed, std::chrono::milliseconds deadline,
                                        std::optional<std::chrono::milliseconds> cancel_after = std::nullopt) {
  grpc::StatusCode code = grpc::StatusCode::RESOURCE_EXHAUSTED;
  for (const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
       code == grpc::StatusCode::RESOURCE_EXHAUSTED && std::chrono::steady_clock::now() < give_up;) {
    code = FollowUntilItEnds(feed, deadline, cancel_after);
    if (code == grpc::StatusCode::RESOURCE_EXHAUSTED) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return code;
}

TEST_F(FeedTest, AStreamEndedByItsDeadlineOrCancelledGivesItsPlaceBack) {
  std::string address;
  auto server = StartServe(&address, "1");
  auto feed = v1::FeedService::NewStub(ChannelTo(address, admin_));
  // The only place, taken by a stream whose deadline passes while it waits;
  // served, not refused (that would come at once, as RESOURCE_EXHAUSTED).
  EXPECT_EQ(FollowUntilItEnds(*feed, std::chrono::seconds(1)), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(FollowOnceAPlaceIsFree(*feed, std::chrono::milliseconds(1500)), grpc::StatusCode::DEADLINE_EXCEEDED);
  // A consumer that cancels frees its place just as well.
  EXPECT_EQ(FollowOnceAPlaceIsFree(*feed, std::chrono::seconds(30), std::chrono::milliseconds(300)),
            grpc::StatusCode::CANCELLED);
  EXPECT_EQ(FollowOnceAPlaceIsFree(*feed, std::chrono::milliseconds(1500)), grpc::StatusCode::DEADLINE_EXCEEDED);
}

}  // namespace
}  // namespace galley::testing
