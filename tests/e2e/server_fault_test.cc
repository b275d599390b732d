// `galley serve` itself going away under a newsroom's load (issue 8): told to
// stop with SIGTERM, and one of two replicas on one database killed with
// SIGKILL while the other serves on.
//
// Pass criteria: on SIGTERM, calls in flight complete, new calls are
// refused with UNAVAILABLE, and the server exits 0 within its grace
// period; with a replica killed, the other serves every writer and consumer
// (they move to it as clients behind a load balancer would) and publishes
// every scheduled article exactly once. In both, every acknowledged write is
// stored, every write is whole or absent, and every consumer receives each
// change exactly once, in order. The figures are printed.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "e2e_client.h"
#include "figures.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley_process.h"
#include "health_watch.h"
#include "newsroom_load.h"
#include "support/article_driver.h"
#include "support/proto_time.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr int kWriters = 16;
constexpr int kConsumers = 20;
constexpr int kCalls = 100;  // acknowledged calls of load before and after a fault

class ServerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = CreateToken(database_.url(), "admin", "admin");
    publisher_ = CreateToken(database_.url(), "night-desk", "publisher");
    reader_ = CreateToken(database_.url(), "website", "reader");
  }

  std::unique_ptr<GalleyProcess> StartServe(std::string* address, const std::vector<std::string>& extra = {}) {
    return StartServeOn("127.0.0.1:0", address, extra);
  }

  std::unique_ptr<GalleyProcess> StartServeOn(const std::string& listen, std::string* address,
                                              const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"serve", "--database-url", database_.url(), "--listen", listen};
    args.insert(args.end(), kNoPrincipalLimits.begin(), kNoPrincipalLimits.end());
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = std::make_unique<GalleyProcess>(args);
    *address = process->WaitForAddress();
    return process;
  }

  TestDatabase database_;
  std::string admin_;
  std::string publisher_;
  std::string reader_;
};

TEST_F(ServerFaultTest, SigtermUnderLoadCompletesCallsInFlightRefusesNewOnesAndExitsZeroWithinTheGrace) {
  constexpr int kGraceSeconds = 10;
  std::string address;
  auto server = StartServe(&address, {"--shutdown-grace", std::to_string(kGraceSeconds)});
  ASSERT_TRUE(CreatePublication(ChannelTo(address, admin_), "gannan-daily", "赣南日报").ok());
  ArticleDriver desk(ChannelTo(address, admin_));
  const v1::Article held = desk.Create("gannan-daily", "held", "赣县区做强“四链三群”推动工业经济跃升");

  FeedConsumers consumers({address}, reader_, kConsumers);
  NewsroomWriters writers({address}, publisher_, "gannan-daily", kWriters);
  ASSERT_TRUE(writers.WaitForAcknowledged(kCalls, seconds(120))) << UnexpectedFailures(writers.Figures());

  // One call is sure to be in flight at SIGTERM: its row is locked by
  // another session until a second after.
  pqxx::connection blocker(database_.url());
  pqxx::work lock(blocker);
  lock.exec("SELECT 1 FROM articles WHERE id = 'held' FOR UPDATE");
  auto in_flight = std::async(std::launch::async, [&] {
    auto stub = v1::ArticleService::NewStub(ChannelTo(address, admin_));
    v1::UpdateArticleRequest request;
    *request.mutable_article() = held;
    request.mutable_article()->set_headline("赣县区做强“四链三群” 推动工业经济跃升");
    request.mutable_update_mask()->add_paths("headline");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(30));
    v1::Article response;
    return stub->UpdateArticle(&context, request, &response);
  });
  // In flight for sure once PostgreSQL has it waiting for the lock.
  pqxx::connection probe(database_.url());
  const auto waiting_for_lock = [&] {
    pqxx::nontransaction tx(probe);
    return tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE " + std::to_string(blocker.backendpid()) +
                    " = ANY(pg_blocking_pids(pid))")[0]
               .as<int>() > 0;
  };
  for (const auto give_up = Clock::now() + seconds(10); !waiting_for_lock() && Clock::now() < give_up;) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(waiting_for_lock()) << "the update never reached the locked row";

  const int acknowledged_at_sigterm = writers.acknowledged();
  const auto sigterm_at = Clock::now();
  server->Signal(SIGTERM);
  // New calls are refused as soon as the server has taken the signal in.
  grpc::Status late;
  for (const auto give_up = Clock::now() + seconds(5); Clock::now() < give_up;) {
    late = GetPublication(ChannelTo(address, admin_), "publications/gannan-daily");
    if (late.error_code() == grpc::StatusCode::UNAVAILABLE) break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(late.error_code(), grpc::StatusCode::UNAVAILABLE) << "a new call after SIGTERM: " << late.error_message();
  ASSERT_EQ(in_flight.wait_for(seconds(0)), std::future_status::timeout) << "the held update ended before its lock";
  lock.commit();

  const grpc::Status held_status = in_flight.get();
  EXPECT_TRUE(held_status.ok()) << "the call in flight at SIGTERM: " << held_status.error_message();
  const auto exit_code = server->WaitForExit(seconds(kGraceSeconds));
  const auto exited_at = Clock::now();
  EXPECT_EQ(exit_code, 0) << "not out within the grace period of " << kGraceSeconds << " s\n" << server->Log();
  const int completed_after_sigterm = writers.acknowledged() - acknowledged_at_sigterm;
  PrintFigures("SIGTERM: exited %lld ms later; %d writers' calls in flight then completed OK, and the held update\n",
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(exited_at - sigterm_at).count()),
              completed_after_sigterm);
  pqxx::nontransaction check(blocker);
  EXPECT_EQ(check.exec1("SELECT headline FROM articles WHERE id = 'held'")[0].as<std::string>(),
            "赣县区做强“四链三群” 推动工业经济跃升");
  // The next server on the same address: writers and consumers carry on there.
  std::string next_address;
  auto next = StartServeOn(address, &next_address);
  ExpectNothingLost(database_.url(), writers, consumers, seconds(0));
}

// An approved article scheduled to go live at `when`.
v1::Article Schedule(const std::shared_ptr<grpc::Channel>& channel, const v1::Article& approved,
                     const google::protobuf::Timestamp& when) {
  v1::PublishArticleRequest request;
  request.set_name(approved.name());
  request.set_etag(approved.etag());
  *request.mutable_publish_time() = when;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + seconds(10));
  v1::Article scheduled;
  const auto status = v1::ArticleService::NewStub(channel)->PublishArticle(&context, request, &scheduled);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(scheduled.state(), v1::Article::SCHEDULED);
  return scheduled;
}

TEST_F(ServerFaultTest, AReplicaKilledMidLoadLeavesTheOtherServingAndSchedulesPublishedOnce) {
  constexpr int kScheduled = 8;
  std::string address_a;
  std::string address_b;
  auto a = StartServe(&address_a);
  auto b = StartServe(&address_b);
  ASSERT_TRUE(CreatePublication(ChannelTo(address_a, admin_), "gannan-daily", "赣南日报").ok());

  // Due from 2 s to 5.5 s after they are scheduled, half a second apart:
  // some before the kill, some after, while both replicas' schedulers poll.
  const auto channel = ChannelTo(address_a, admin_);
  ArticleDriver desk(channel);
  std::vector<v1::Article> approved;
  for (int i = 0; i < kScheduled; ++i) {
    approved.push_back(
        desk.Approved(desk.Create("gannan-daily", "scheduled-" + std::to_string(i), "定时发布 " + std::to_string(i))));
  }
  // Taken to the millisecond after the setup, and 2 s ahead: a schedule that
  // arrives after its time publishes at once instead of being kept.
  const auto start = std::chrono::system_clock::now();
  const auto due = [&](int i) { return start + milliseconds(2000 + 500 * i); };
  std::vector<std::string> scheduled;
  for (int i = 0; i < kScheduled; ++i) scheduled.push_back(Schedule(channel, approved[i], ToTimestamp(due(i))).name());

  HealthWatch survivor_health(ChannelTo(address_b));
  FeedConsumers consumers({address_a, address_b}, reader_, kConsumers);
  NewsroomWriters writers({address_a, address_b}, publisher_, "gannan-daily", kWriters);
  ASSERT_TRUE(writers.WaitForAcknowledged(kCalls, seconds(120))) << UnexpectedFailures(writers.Figures());
  std::this_thread::sleep_until(due(1) + milliseconds(250));  // past the first schedules
  const int acknowledged_at_kill = writers.acknowledged();
  const auto killed_at = Clock::now();
  a->Signal(SIGKILL);
  ASSERT_TRUE(a->WaitForExit(seconds(10)).has_value());
  ASSERT_TRUE(writers.WaitForAcknowledged(acknowledged_at_kill + kCalls, seconds(120)))
      << UnexpectedFailures(writers.Figures()) << b->Log();

  // Every schedule is kept, by the survivor for those due after the kill.
  const auto published = [&] {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT count(*) FROM articles WHERE id LIKE 'scheduled-%' AND state = 'PUBLISHED'")[0].as<int>();
  };
  for (int i = 0; i < 200 && published() < kScheduled; ++i) std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(published(), kScheduled) << b->Log();
  EXPECT_FALSE(survivor_health.FirstSince("NOT_SERVING", killed_at)) << "the survivor stopped serving";
  EXPECT_TRUE(b->running());

  pqxx::connection connection(database_.url());
  pqxx::nontransaction tx(connection);
  for (const auto& name : scheduled) {
    const std::string id = name.substr(name.rfind('/') + 1);
    const auto row = tx.exec1(
        "SELECT (SELECT count(*) FROM changes c WHERE c.article_id = a.id AND c.type = 'ARTICLE_PUBLISHED'), "
        "(SELECT count(*) FROM audit_events e WHERE e.resource = " + tx.quote(name) +
        " AND e.method = 'scheduler' AND e.outcome = 'OK'), "
        "(SELECT count(*) FROM article_revisions r WHERE r.article_id = a.id), a.revision "
        "FROM articles a WHERE a.id = " + tx.quote(id));
    EXPECT_EQ(row[0].as<int>(), 1) << name << ": ARTICLE_PUBLISHED changes";
    EXPECT_EQ(row[1].as<int>(), 1) << name << ": the scheduler's OK records";
    EXPECT_EQ(row[2].as<int>(), row[3].as<int>()) << name << ": revisions";
  }
  PrintFigures("replica killed: the survivor served %d calls after it, and published the %d schedules once each\n",
              writers.acknowledged() - acknowledged_at_kill, kScheduled);
  ExpectNothingLost(database_.url(), writers, consumers, seconds(0));
}

}  // namespace
}  // namespace galley::testing
