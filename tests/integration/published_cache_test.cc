// GetArticle's published view is served from memory (api/published_article_cache.h)
// and never stale past a change: a reader sees at once what a publish on this
// server made, and what another server (here the scheduler on a connection
// of its own) published as soon as the change log's notification arrives.
// The tests tell memory from the database by changing a stored revision
// behind the service's back, which no API call can do.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <pqxx/pqxx>
#include <thread>

#include "galley/v1/article_service.grpc.pb.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "store/publishing.h"
#include "support/article_driver.h"
#include "support/in_process_galley.h"
#include "support/proto_time.h"

namespace galley {
namespace {

using testing::SleepUntil;
using testing::TimestampFromNow;

class PublishedCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  // The headline a reader gets.
  std::string ReaderHeadline(const std::string& name) {
    v1::GetArticleRequest request;
    request.set_name(name);
    v1::Article article;
    grpc::ClientContext context;
    const auto status = reader_->GetArticle(&context, request, &article);
    return status.ok() ? article.headline() : "(" + status.error_message() + ")";
  }

  // Rewrites the stored headline of every revision, as no call could.
  void RewriteStoredHeadlines(const std::string& headline) {
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    tx.exec_params("UPDATE article_revisions SET headline = $1", headline);
    tx.commit();
  }

  v1::Article Edited(const v1::Article& article, const std::string& headline) {
    v1::Article edited = article;
    edited.set_headline(headline);
    return articles_.Update(edited, "headline");
  }

  // A publish's notification reaches the server a few milliseconds after
  // the call returns, and moves everything read before it out of memory:
  // wait until the server's notifier has heard of every change committed so
  // far, so that what is read next stays. False if it has not within 10 s.
  bool TheNotificationArrives() {
    const std::int64_t head = ChangeLogHead();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (galley_.feed_head() < head && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return galley_.feed_head() >= head;
  }

  // The newest sequence committed to the change log.
  std::int64_t ChangeLogHead() {
    pqxx::connection connection(galley_.database().url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT COALESCE(max(sequence), 0) FROM changes")[0].as<std::int64_t>();
  }

  testing::InProcessGalley galley_;
  testing::ArticleDriver articles_{galley_.channel()};
  std::unique_ptr<v1::ArticleService::Stub> reader_ =
      v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReader, "website"));
};

TEST_F(PublishedCacheTest, APublishedVersionIsReadOnceThenServedFromMemory) {
  const auto live = articles_.Live(articles_.Create("gannan-daily", "kangjin", "产业拔节生长"));
  ASSERT_TRUE(TheNotificationArrives()) << "the notifier never heard of the publish";
  ASSERT_EQ(ReaderHeadline(live.name()), "产业拔节生长");
  RewriteStoredHeadlines("(changed behind the service's back)");
  EXPECT_EQ(ReaderHeadline(live.name()), "产业拔节生长");
}

TEST_F(PublishedCacheTest, APublishOnThisServerIsSeenByTheNextRead) {
  const auto live = articles_.Live(articles_.Create("gannan-daily", "kangjin", "产业拔节生长"));
  ASSERT_EQ(ReaderHeadline(live.name()), "产业拔节生长");
  const auto corrected = articles_.Publish(Edited(live, "产业拔节生长(更正)"), "更正:标题有误。");
  EXPECT_EQ(ReaderHeadline(live.name()), "产业拔节生长(更正)");
  articles_.Unpublish(corrected, "撤稿");
  EXPECT_EQ(ReaderHeadline(live.name()).rfind("(", 0), 0u) << "unpublished: NOT_FOUND, not the version in memory";
}

TEST_F(PublishedCacheTest, AChangeAnotherServerCommitsReachesMemoryThroughTheChangeLog) {
  const auto live = articles_.Live(articles_.Create("gannan-daily", "kangjin", "产业拔节生长"));
  ASSERT_EQ(ReaderHeadline(live.name()), "产业拔节生长");
  // Scheduled here, published by a scheduler that is not this server.
  v1::Article edited = Edited(live, "产业拔节生长(二版)");
  v1::PublishArticleRequest schedule;
  schedule.set_name(edited.name());
  schedule.set_etag(edited.etag());
  // A few seconds ahead, to the millisecond: a schedule that arrives after
  // its time publishes at once instead.
  const auto due = TimestampFromNow(std::chrono::seconds(3));
  *schedule.mutable_publish_time() = due;
  v1::Article scheduled;
  grpc::ClientContext context;
  ASSERT_TRUE(v1::ArticleService::NewStub(galley_.channel())->PublishArticle(&context, schedule, &scheduled).ok());
  EXPECT_EQ(ReaderHeadline(live.name()), "产业拔节生长") << "the live version stays until the schedule fires";
  SleepUntil(due);
  store::ConnectionPool pool(galley_.database().url(), 1);
  store::Database database(pool);
  ASSERT_EQ(store::Publisher(database).PublishDue(store::Clock::now() + std::chrono::seconds(10)), 1);

  std::string seen;
  for (int i = 0; i < 100 && (seen = ReaderHeadline(live.name())) != "产业拔节生长(二版)"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(seen, "产业拔节生长(二版)");
}

}  // namespace
}  // namespace galley
