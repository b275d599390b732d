// `galley serve` connected as a login role that is only a member of
// galley_service (migration 0014), as docs/operations.md deploys it, while
// the tables belong to the role that ran the migrations.
//
// Pass criteria: a newsroom's whole day works through the API (tokens,
// articles through the workflow, an issue published, a photo, a schedule
// kept, search, the change feed) with those privileges alone; and the same
// role cannot change the schema, nor update or delete the audit log, the
// change log or article revisions, nor touch the migrations' record.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "e2e_client.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "galley_process.h"
#include "newsroom_load.h"
#include "support/article_driver.h"
#include "support/photo_upload.h"
#include "support/proto_time.h"
#include "support/sample_images.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

using std::chrono::seconds;

std::string AsUser(const std::string& url, const std::string& user) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "user=" + user;  // the last user= wins
}

class LeastPrivilegeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    role_ = database_.name() + "_app";
    pqxx::connection owner(database_.url());
    pqxx::nontransaction tx(owner);
    tx.exec("CREATE ROLE " + tx.quote_name(role_) + " LOGIN IN ROLE galley_service");
    service_url_ = AsUser(database_.url(), role_);
  }
  void TearDown() override {
    pqxx::connection owner(database_.url());
    pqxx::nontransaction tx(owner);
    tx.exec("DROP ROLE IF EXISTS " + tx.quote_name(role_));
  }

  TestDatabase database_;
  std::string role_;
  std::string service_url_;
};

TEST_F(LeastPrivilegeTest, TheServiceRoleRunsANewsroomsDayButCannotChangeTheSchemaOrRewriteTheRecord) {
  // Bootstrapped and served as the service's role, never the owner's.
  const std::string admin = CreateToken(service_url_, "admin", "admin");
  GalleyProcess server({"serve", "--database-url", service_url_, "--listen", "127.0.0.1:0"});
  const std::string address = server.WaitForAddress();
  const auto channel = ChannelTo(address, admin);
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报").ok()) << server.Log();

  {
    FeedConsumers consumers({address}, CreateToken(service_url_, "website", "reader"), 2);
    NewsroomWriters writers({address}, CreateToken(service_url_, "night-desk", "publisher"), "gannan-daily", 4);
    ASSERT_TRUE(writers.WaitForAcknowledged(40, seconds(60))) << UnexpectedFailures(writers.Figures()) << server.Log();
    writers.Stop();
    EXPECT_TRUE(writers.Figures().unexpected.empty()) << UnexpectedFailures(writers.Figures());
    EXPECT_EQ(CheckStoredArticles(database_.url(), writers.Articles()), std::vector<std::string>{});
    const auto head = HeadSequence(database_.url());
    EXPECT_TRUE(consumers.WaitForAll(head, seconds(30)));
  }

  // An issue planned and published, a photo, a schedule, a search.
  auto issues = v1::IssueService::NewStub(channel);
  v1::CreateIssueRequest issue;
  issue.set_parent("publications/gannan-daily");
  issue.mutable_issue()->set_issue_date("2026-05-12");
  v1::Issue created_issue;
  grpc::ClientContext issue_context;
  ASSERT_TRUE(issues->CreateIssue(&issue_context, issue, &created_issue).ok());
  v1::CreateSectionRequest section;
  section.set_parent(created_issue.name());
  section.set_section_id("a01");
  section.mutable_section()->set_display_name("要闻");
  v1::Section created_section;
  grpc::ClientContext section_context;
  ASSERT_TRUE(issues->CreateSection(&section_context, section, &created_section).ok());
  ArticleDriver desk(channel);
  v1::Article placed;
  placed.set_headline("赣县区做强“四链三群”推动工业经济跃升");
  placed.set_section(created_section.name());
  desk.Approved(desk.Create("gannan-daily", "kangjin", placed));
  v1::PublishIssueRequest publish;
  publish.set_name(created_issue.name());
  publish.set_etag("*");
  v1::PublishIssueResponse published;
  grpc::ClientContext publish_context;
  const auto publish_status = issues->PublishIssue(&publish_context, publish, &published);
  EXPECT_TRUE(publish_status.ok()) << publish_status.error_message();

  auto photos = v1::PhotoService::NewStub(channel);
  const auto upload = UploadPhoto(*photos, {"publications/gannan-daily", "aerial", SamplePng(640, 480)});
  EXPECT_TRUE(upload.ok()) << upload.error_message();

  auto articles = v1::ArticleService::NewStub(channel);
  const auto scheduled = desk.Approved(desk.Create("gannan-daily", "tonight", "今晚发布"));
  v1::PublishArticleRequest schedule;
  schedule.set_name(scheduled.name());
  schedule.set_etag("*");
  // Far enough ahead that the scheduler, not this call, publishes it (taken
  // to the millisecond: whole seconds could leave it already due).
  *schedule.mutable_publish_time() = TimestampFromNow(seconds(3));
  v1::Article pending;
  grpc::ClientContext schedule_context;
  ASSERT_TRUE(articles->PublishArticle(&schedule_context, schedule, &pending).ok());
  ASSERT_EQ(pending.state(), v1::Article::SCHEDULED);

  v1::SearchArticlesRequest search;
  search.set_parent("publications/gannan-daily");
  search.set_query("四链三群");
  v1::SearchArticlesResponse found;
  grpc::ClientContext search_context;
  ASSERT_TRUE(articles->SearchArticles(&search_context, search, &found).ok());
  ASSERT_EQ(found.results_size(), 1);

  pqxx::connection owner(database_.url());
  for (int i = 0; i < 100; ++i) {
    pqxx::nontransaction check(owner);
    if (check.exec1("SELECT state FROM articles WHERE id = 'tonight'")[0].as<std::string>() == "PUBLISHED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  {
    pqxx::nontransaction check(owner);
    EXPECT_EQ(check.exec1("SELECT state FROM articles WHERE id = 'tonight'")[0].as<std::string>(), "PUBLISHED")
        << "the scheduler, as the service's role, kept the schedule\n"
        << server.Log();
  }
  EXPECT_EQ(server.Log().find("permission denied"), std::string::npos) << server.Log();

  // What the role may never do, each refused by PostgreSQL itself.
  const std::vector<std::string> forbidden{
      "UPDATE audit_events SET outcome = 'OK'",
      "DELETE FROM audit_events",
      "TRUNCATE audit_events",
      "UPDATE changes SET reason = 'rewritten'",
      "DELETE FROM changes",
      "UPDATE article_revisions SET headline = 'rewritten'",
      "DELETE FROM article_revisions",
      "DELETE FROM galley_schema_migrations",
      "INSERT INTO galley_schema_migrations (version, name, checksum, duration_ms) VALUES (9999, 'x', 'x', 0)",
      "CREATE TABLE scratch (x int)",
      "ALTER TABLE articles ADD COLUMN scratch int",
      "CREATE INDEX scratch_idx ON articles (headline)",
      "DROP TABLE articles",
      "DROP VIEW published_articles",
  };
  pqxx::connection service(service_url_);
  for (const auto& statement : forbidden) {
    try {
      pqxx::work tx(service);
      tx.exec(statement);
      tx.commit();
      ADD_FAILURE() << "the service's role may: " << statement;
    } catch (const pqxx::insufficient_privilege&) {
      // refused, as it must be (SQLSTATE 42501)
    } catch (const pqxx::sql_error& error) {
      ADD_FAILURE() << statement << " failed otherwise than for want of privilege: " << error.what();
    }
  }
  pqxx::nontransaction check(owner);
  EXPECT_GT(check.exec1("SELECT count(*) FROM audit_events")[0].as<int>(), 0);
  EXPECT_GT(check.exec1("SELECT count(*) FROM changes")[0].as<int>(), 0);
}

}  // namespace
}  // namespace galley::testing
