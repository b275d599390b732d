// PostgreSQL restarted under a newsroom's load (issue 8): 32 writers and 100
// change-feed consumers on one `galley serve`, and PostgreSQL stopped, first
// with a fast shutdown and then with an immediate one (crash-like: it
// recovers from the WAL), and started again while the server runs on.
//
// Pass criteria: health goes NOT_SERVING and back to SERVING by itself;
// writes succeed again within seconds of the start, with no restart of the
// server; every write the service acknowledged is stored, and every write
// is whole or absent (CheckStoredArticles); every consumer ends at the head
// of the log having received each change exactly once, in order, across
// however many streams it had to open again. The figures are printed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "e2e_client.h"
#include "figures.h"
#include "galley_process.h"
#include "health_watch.h"
#include "newsroom_load.h"
#include "private_cluster.h"

namespace galley::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr int kWriters = 32;
constexpr int kConsumers = 100;
// Acknowledged calls between one restart and the next.
constexpr int kCallsBetweenFaults = 100;

long long MillisecondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<milliseconds>(to - from).count();
}

class DatabaseRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = database_.url();
    std::vector<std::string> args{"serve", "--database-url", url_, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), kNoPrincipalLimits.begin(), kNoPrincipalLimits.end());
    server_ = std::make_unique<GalleyProcess>(args);
    address_ = server_->WaitForAddress();
    ASSERT_TRUE(CreatePublication(ChannelTo(address_, CreateToken(url_, "admin", "admin")), "gannan-daily", "赣南日报")
                    .ok());
  }

  PrivateCluster database_;  // restarted by the tests
  std::string url_;
  std::unique_ptr<GalleyProcess> server_;
  std::string address_;
};

TEST_F(DatabaseRestartTest, FastAndImmediateRestartsUnderLoadLoseNoAcknowledgedWriteAndNoChange) {
  HealthWatch health(ChannelTo(address_));
  FeedConsumers consumers({address_}, CreateToken(url_, "website", "reader"), kConsumers);
  NewsroomWriters writers({address_}, CreateToken(url_, "night-desk", "publisher"), "gannan-daily", kWriters);
  ASSERT_TRUE(writers.WaitForAcknowledged(kCallsBetweenFaults, seconds(120))) << UnexpectedFailures(writers.Figures());

  for (const bool immediate : {false, true}) {
    const std::string mode = immediate ? "immediate" : "fast";
    const auto stopped_at = Clock::now();
    database_.cluster().Stop(immediate);
    const auto not_serving = health.WaitFor("NOT_SERVING", stopped_at, seconds(20));
    ASSERT_TRUE(not_serving) << mode << " shutdown: health never said NOT_SERVING";
    std::this_thread::sleep_for(seconds(1));  // the writers fail and retry meanwhile
    const int acknowledged_while_down = writers.acknowledged();
    database_.cluster().Start();
    const auto started_at = Clock::now();
    const auto serving = health.WaitFor("SERVING", started_at, seconds(30));
    ASSERT_TRUE(serving) << mode << ": health never came back to SERVING\n" << server_->Log();
    ASSERT_TRUE(writers.WaitForAcknowledged(acknowledged_while_down, seconds(30)))
        << mode << ": no write succeeded after the restart\n" << server_->Log();
    const auto writing_at = Clock::now();
    PrintFigures("%s shutdown: NOT_SERVING %lld ms after the stop; after the start, SERVING in %lld ms and the first "
                "write acknowledged in %lld ms\n",
                mode.c_str(), MillisecondsBetween(stopped_at, *not_serving), MillisecondsBetween(started_at, *serving),
                MillisecondsBetween(started_at, writing_at));
    ASSERT_TRUE(writers.WaitForAcknowledged(writers.acknowledged() + kCallsBetweenFaults, seconds(120))) << mode;
  }
  EXPECT_TRUE(server_->running()) << "the server must ride out the restarts by itself";
  const LoadOutcome outcome = ExpectNothingLost(url_, writers, consumers, seconds(20));
  EXPECT_EQ(outcome.delivered.delivered, outcome.head * kConsumers);
}

}  // namespace
}  // namespace galley::testing
