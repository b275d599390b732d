// `galley serve --read-database-url` against a real PostgreSQL streaming
// replica: a primary of the test's own, a hot standby made from it with
// pg_basebackup, and the real binary reading from both. Readers' reads and
// the feed's replay come from the standby (so they do not see what it has
// not replayed), editors read the primary, the feed misses and repeats
// nothing across the two, killed content never shows through the lag, and
// while the standby is down readers read the primary.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "e2e_client.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "galley_process.h"
#include "metrics_scrape.h"
#include "private_cluster.h"
#include "store/local_cluster.h"
#include "support/article_driver.h"

namespace galley::testing {
namespace {

constexpr auto kWait = std::chrono::seconds(20);
constexpr const char* kReplicaHealth = "galley.read_replica";

// Polls `done` until it holds or `timeout` passes.
bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds timeout = kWait) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

std::string QueryValue(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  const auto value = tx.exec1(sql)[0];
  return value.is_null() ? "" : value.as<std::string>();
}

std::vector<std::int64_t> Sequences(const google::protobuf::RepeatedPtrField<v1::Change>& changes) {
  std::vector<std::int64_t> sequences;
  for (const auto& change : changes) sequences.push_back(change.sequence());
  return sequences;
}

v1::ListChangesResponse ListChanges(const std::shared_ptr<grpc::Channel>& channel, std::int64_t after) {
  v1::ListChangesRequest request;
  request.set_after_sequence(after);
  v1::ListChangesResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const auto status = v1::FeedService::NewStub(channel)->ListChanges(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  return response;
}

grpc::Status GetArticle(const std::shared_ptr<grpc::Channel>& channel, const std::string& name,
                        v1::ArticleView view = v1::ARTICLE_VIEW_UNSPECIFIED, v1::Article* out = nullptr) {
  v1::GetArticleRequest request;
  request.set_name(name);
  request.set_view(view);
  v1::Article response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const auto status = v1::ArticleService::NewStub(channel)->GetArticle(&context, request, &response);
  if (out != nullptr) *out = response;
  return status;
}

class ReadReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    primary_url_ = primary_.url();
    admin_ = CreateToken(primary_url_, "night-desk", "admin");
    reader_ = CreateToken(primary_url_, "website", "reader");

    standby_ = primary_.StartStandby();
    standby_url_ = standby_->Url("galley");
    ASSERT_EQ(QueryValue(standby_url_, "SELECT pg_is_in_recovery()"), "t");

    server_ = std::make_unique<GalleyProcess>(std::vector<std::string>{
        "serve", "--database-url", primary_url_, "--read-database-url", standby_url_, "--listen", "127.0.0.1:0",
        "--metrics-listen", "127.0.0.1:0"});
    address_ = server_->WaitForAddress();
    editor_ = ChannelTo(address_, admin_);
    reader_channel_ = ChannelTo(address_, reader_);
    // Reads go to the primary until the server has found the replica answering.
    ASSERT_TRUE(WaitForHealth(ChannelTo(address_), "SERVING", kWait, kReplicaHealth)) << server_->Log();
    ASSERT_TRUE(CreatePublication(editor_, "gannan-daily", "赣南日报").ok());
  }

  // The newest sequence the standby has replayed.
  std::int64_t ReplayedHead() const {
    return std::stoll(QueryValue(standby_url_, "SELECT COALESCE(max(sequence), 0) FROM changes"));
  }

  PrivateCluster primary_;
  std::unique_ptr<store::LocalCluster> standby_;
  std::string primary_url_;
  std::string standby_url_;
  std::string admin_;
  std::string reader_;
  std::unique_ptr<GalleyProcess> server_;
  std::string address_;
  std::shared_ptr<grpc::Channel> editor_;
  std::shared_ptr<grpc::Channel> reader_channel_;
};

TEST_F(ReadReplicaTest, ReadersReadTheReplicaEditorsThePrimaryAndTheFeedStaysWholeWhileItLags) {
  ArticleDriver desk(editor_);
  const auto first = desk.Live(desk.Create("gannan-daily", "xitu", "稀土产业链加速延伸"));
  ASSERT_TRUE(WaitUntil([&] { return ReplayedHead() >= 1; }));
  // Written through the primary, read back through the replica.
  auto page = ListChanges(reader_channel_, 0);
  ASSERT_EQ(Sequences(page.changes()), std::vector<std::int64_t>{1});
  EXPECT_EQ(page.changes(0).article().headline(), "稀土产业链加速延伸");
  EXPECT_TRUE(GetArticle(reader_channel_, first.name()).ok());

  // The standby stops replaying: what the primary commits from now on, it
  // does not show.
  QueryValue(standby_url_, "SELECT pg_wal_replay_pause()");
  ASSERT_TRUE(WaitUntil([&] { return QueryValue(standby_url_, "SELECT pg_get_wal_replay_pause_state()") == "paused"; }));
  const auto second = desk.Live(desk.Create("gannan-daily", "kangjin", "赣县区做强“四链三群”推动工业经济跃升"));

  // A reader, whose reads come from the paused standby, does not see it
  // yet ...
  EXPECT_EQ(GetArticle(reader_channel_, second.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  // ... the editor reads their own write at once, from the primary.
  v1::Article seen;
  ASSERT_TRUE(GetArticle(editor_, second.name(), v1::ARTICLE_VIEW_WORKING_COPY, &seen).ok());
  EXPECT_EQ(seen.state(), v1::Article::PUBLISHED);
  EXPECT_TRUE(GetArticle(editor_, second.name(), v1::ARTICLE_VIEW_PUBLISHED).ok());
  page = ListChanges(reader_channel_, 0);
  EXPECT_EQ(Sequences(page.changes()), std::vector<std::int64_t>{1});
  EXPECT_EQ(page.next_after_sequence(), 1);
  EXPECT_EQ(page.head_sequence(), 1);

  // A stream replays from the standby, and takes what it lags by from the
  // primary: everything, once, in order.
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kWait);
    auto stream = v1::FeedService::NewStub(reader_channel_)->StreamChanges(&context, v1::StreamChangesRequest());
    std::vector<std::int64_t> streamed;
    v1::StreamChangesResponse message;
    while ((streamed.empty() || streamed.back() < 2) && stream->Read(&message)) {
      for (const auto& change : message.changes()) streamed.push_back(change.sequence());
    }
    EXPECT_EQ(streamed, (std::vector<std::int64_t>{1, 2}));
    context.TryCancel();
    stream->Finish();
  }
  // A consumer that got 2 from the primary and resumes where the standby
  // is behind neither moves back nor skips anything: an empty page that
  // ends where it started.
  page = ListChanges(reader_channel_, 2);
  EXPECT_EQ(page.changes_size(), 0);
  EXPECT_EQ(page.next_after_sequence(), 2);

  // A kill is never shown through the lag: the standby still has the
  // article live, but readers no longer get its content.
  desk.Kill(first, "法律原因");
  EXPECT_EQ(GetArticle(reader_channel_, first.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  page = ListChanges(reader_channel_, 0);
  ASSERT_EQ(Sequences(page.changes()), std::vector<std::int64_t>{1});
  EXPECT_FALSE(page.changes(0).has_article()) << page.changes(0).DebugString();

  // Replay resumes: the rest arrives, each change once, in order.
  QueryValue(standby_url_, "SELECT pg_wal_replay_resume()");
  ASSERT_TRUE(WaitUntil([&] { return ReplayedHead() >= 3; }));
  page = ListChanges(reader_channel_, 1);
  EXPECT_EQ(Sequences(page.changes()), (std::vector<std::int64_t>{2, 3}));
  ASSERT_EQ(page.changes_size(), 2);
  EXPECT_EQ(page.changes(0).article().headline(), "赣县区做强“四链三群”推动工业经济跃升");
  EXPECT_EQ(page.changes(1).type(), v1::Change::ARTICLE_KILLED);
  EXPECT_EQ(page.next_after_sequence(), 3);
  EXPECT_TRUE(GetArticle(reader_channel_, second.name()).ok());
  EXPECT_EQ(GetArticle(reader_channel_, first.name()).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReadReplicaTest, WhileTheReplicaIsDownReadersReadThePrimaryAndTheServerKeepsServing) {
  const int metrics = server_->WaitForPortOf("metrics");
  ASSERT_GT(metrics, 0) << server_->Log();
  auto text = ScrapeMetrics(metrics);
  EXPECT_EQ(MetricValue(text, "galley_db_read_replica_up"), 1) << text;
  EXPECT_GT(MetricValue(text, "galley_db_read_pool_size"), 0) << text;
  EXPECT_EQ(MetricValue(text, "galley_db_read_pool_waiting"), 0) << text;

  ArticleDriver desk(editor_);
  desk.Live(desk.Create("gannan-daily", "xitu", "稀土产业链加速延伸"));
  standby_->Stop();
  ASSERT_TRUE(WaitForHealth(ChannelTo(address_), "NOT_SERVING", kWait, kReplicaHealth));
  // The server as a whole serves on: load balancers must not drop it.
  EXPECT_EQ(HealthOf(ChannelTo(address_)), "SERVING");
  EXPECT_EQ(MetricValue(ScrapeMetrics(metrics), "galley_db_read_replica_up"), 0);

  // Readers read the primary meanwhile, which has everything.
  const auto second = desk.Live(desk.Create("gannan-daily", "kangjin", "赣县区做强“四链三群”推动工业经济跃升"));
  EXPECT_EQ(Sequences(ListChanges(reader_channel_, 0).changes()), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(GetArticle(reader_channel_, second.name()).ok());

  // Back, it serves readers again once it has caught up.
  standby_->Start();
  ASSERT_TRUE(WaitForHealth(ChannelTo(address_), "SERVING", kWait, kReplicaHealth)) << server_->Log();
  EXPECT_EQ(MetricValue(ScrapeMetrics(metrics), "galley_db_read_replica_up"), 1);
  ASSERT_TRUE(WaitUntil([&] { return ReplayedHead() >= 2; }));
  EXPECT_EQ(Sequences(ListChanges(reader_channel_, 0).changes()), (std::vector<std::int64_t>{1, 2}));
}

}  // namespace
}  // namespace galley::testing
