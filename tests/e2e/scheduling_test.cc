// Scheduled publishing as operators run it: two `galley serve` replicas on
// one database publish each scheduled article and issue exactly once, and a
// schedule whose time passed while no replica ran is kept at the next start.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <pqxx/pqxx>
#include <thread>

#include "e2e_client.h"
#include "galley/v1/access_service.grpc.pb.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley_process.h"
#include "support/proto_time.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

using google::protobuf::util::TimeUtil;
using v1::Article;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

class SchedulingTest : public ::testing::Test {
 protected:
  void SetUp() override { token_ = CreateToken(database_.url(), "desk", "publisher"); }

  std::unique_ptr<GalleyProcess> StartServe(std::string* address) {
    auto process = std::make_unique<GalleyProcess>(
        std::vector<std::string>{"serve", "--database-url", database_.url(), "--listen", "127.0.0.1:0"});
    *address = process->WaitForAddress();
    return process;
  }

  void Connect(const std::string& address) {
    auto channel = ChannelTo(address, token_);
    articles_ = v1::ArticleService::NewStub(channel);
    issues_ = v1::IssueService::NewStub(channel);
    access_ = v1::AccessService::NewStub(channel);
  }

  void CreateIssueWithSection() {
    const std::string admin = CreateToken(database_.url(), "admin", "admin");
    ASSERT_TRUE(CreatePublication(ChannelTo(address_a_, admin), "gannan-daily", "赣南日报").ok());
    v1::CreateIssueRequest issue;
    issue.set_parent("publications/gannan-daily");
    issue.mutable_issue()->set_issue_date("2026-05-12");
    v1::Issue created;
    ASSERT_TRUE(issues_->CreateIssue(Context().get(), issue, &created).ok());
    v1::CreateSectionRequest section;
    section.set_parent(created.name());
    section.set_section_id("a03");
    section.mutable_section()->set_display_name("综合新闻");
    v1::Section made;
    ASSERT_TRUE(issues_->CreateSection(Context().get(), section, &made).ok());
  }

  // An APPROVED article, placed in the issue's section when `placed`.
  Article Approved(const std::string& id, bool placed) {
    v1::CreateArticleRequest create;
    create.set_parent("publications/gannan-daily");
    create.set_article_id(id);
    create.mutable_article()->set_headline("赣县区做强“四链三群” " + id);
    if (placed) create.mutable_article()->set_section("publications/gannan-daily/issues/2026-05-12/sections/a03");
    Article article;
    EXPECT_TRUE(articles_->CreateArticle(Context().get(), create, &article).ok());
    v1::SubmitArticleRequest submit;
    submit.set_name(article.name());
    submit.set_etag(article.etag());
    EXPECT_TRUE(articles_->SubmitArticle(Context().get(), submit, &article).ok());
    v1::ApproveArticleRequest approve;
    approve.set_name(article.name());
    approve.set_etag(article.etag());
    EXPECT_TRUE(articles_->ApproveArticle(Context().get(), approve, &article).ok());
    return article;
  }

  Article Schedule(const Article& article, const google::protobuf::Timestamp& when) {
    v1::PublishArticleRequest publish;
    publish.set_name(article.name());
    publish.set_etag(article.etag());
    *publish.mutable_publish_time() = when;
    Article scheduled;
    const auto status = articles_->PublishArticle(Context().get(), publish, &scheduled);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(scheduled.state(), Article::SCHEDULED);
    return scheduled;
  }

  Article Get(const std::string& name) {
    v1::GetArticleRequest get;
    get.set_name(name);
    Article article;
    EXPECT_TRUE(articles_->GetArticle(Context().get(), get, &article).ok());
    return article;
  }

  // Polls until the article is PUBLISHED; false if it is not within `timeout`.
  bool WaitPublished(const std::string& name, std::chrono::seconds timeout = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Get(name).state() == Article::PUBLISHED) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // How many revisions of the article a publication wrote.
  int Publications(const std::string& name) {
    v1::ListArticleRevisionsRequest list;
    list.set_parent(name);
    list.set_page_size(1000);
    v1::ListArticleRevisionsResponse revisions;
    EXPECT_TRUE(articles_->ListArticleRevisions(Context().get(), list, &revisions).ok());
    int count = 0;
    for (const auto& revision : revisions.revisions()) {
      for (const auto& field : revision.changed_fields()) count += field == "published_revision" ? 1 : 0;
    }
    return count;
  }

  // The scheduler's audit records per resource.
  std::map<std::string, int> SchedulerRecords() {
    const std::string admin = CreateToken(database_.url(), "auditor", "admin");
    auto access = v1::AccessService::NewStub(ChannelTo(address_a_, admin));
    v1::ListAuditEventsRequest list;
    list.set_filter(R"(method = "scheduler" AND outcome = "OK")");
    list.set_page_size(1000);
    v1::ListAuditEventsResponse events;
    EXPECT_TRUE(access->ListAuditEvents(Context().get(), list, &events).ok());
    std::map<std::string, int> records;
    for (const auto& event : events.audit_events()) ++records[event.resource()];
    return records;
  }

  TestDatabase database_;
  std::string token_;
  std::string address_a_;
  std::unique_ptr<v1::ArticleService::Stub> articles_;
  std::unique_ptr<v1::IssueService::Stub> issues_;
  std::unique_ptr<v1::AccessService::Stub> access_;
};

TEST_F(SchedulingTest, TwoReplicasPublishEachScheduledArticleAndIssueExactlyOnce) {
  std::string address_b;
  auto a = StartServe(&address_a_);
  auto b = StartServe(&address_b);
  Connect(address_a_);
  CreateIssueWithSection();

  std::vector<Article> approved;
  for (int i = 0; i < 8; ++i) approved.push_back(Approved("web-" + std::to_string(i), false));
  std::vector<std::string> placed;
  for (int i = 0; i < 3; ++i) placed.push_back(Approved("print-" + std::to_string(i), true).name());
  // Taken after the forty-odd calls of the setup, and far enough ahead for a
  // busy machine to make the ten calls that schedule: a schedule that
  // arrives after its time publishes at once instead.
  const auto when = TimestampFromNow(std::chrono::seconds(5));
  std::vector<std::string> web_only;
  for (const auto& article : approved) web_only.push_back(Schedule(article, when).name());
  v1::GetIssueRequest get_issue;
  get_issue.set_name("publications/gannan-daily/issues/2026-05-12");
  v1::Issue issue;
  ASSERT_TRUE(issues_->GetIssue(Context().get(), get_issue, &issue).ok());
  v1::PublishIssueRequest publish_issue;
  publish_issue.set_name(issue.name());
  publish_issue.set_etag(issue.etag());
  *publish_issue.mutable_publish_time() = when;
  v1::PublishIssueResponse scheduled;
  const auto status = issues_->PublishIssue(Context().get(), publish_issue, &scheduled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(scheduled.issue().state(), v1::Issue::SCHEDULED);
  EXPECT_EQ(scheduled.articles_size(), 3);

  for (const auto& name : web_only) ASSERT_TRUE(WaitPublished(name)) << name << a->Log() << b->Log();
  for (const auto& name : placed) ASSERT_TRUE(WaitPublished(name)) << name;
  ASSERT_TRUE(issues_->GetIssue(Context().get(), get_issue, &issue).ok());
  EXPECT_EQ(issue.state(), v1::Issue::PUBLISHED);

  // Both replicas polled the whole time; each publication happened once.
  const auto records = SchedulerRecords();
  for (const auto& name : web_only) {
    EXPECT_EQ(Publications(name), 1) << name;
    EXPECT_EQ(records.count(name) ? records.at(name) : 0, 1) << name;
    const Article article = Get(name);
    const auto late = TimeUtil::TimestampToMilliseconds(article.publish_time()) - TimeUtil::TimestampToMilliseconds(when);
    EXPECT_GE(late, 0) << "published before its time";
    // Generous: this machine is shared; the scheduler polls four times a second.
    EXPECT_LT(late, 3000) << name << " went live " << late << " ms after its time";
  }
  for (const auto& name : placed) EXPECT_EQ(Publications(name), 1) << name;
  EXPECT_EQ(records.count(issue.name()) ? records.at(issue.name()) : 0, 1);
}

TEST_F(SchedulingTest, AScheduleWhoseTimePassedWhileNoReplicaRanIsPublishedAtTheNextStart) {
  auto a = StartServe(&address_a_);
  Connect(address_a_);
  CreateIssueWithSection();
  const std::string placed = Approved("print-overnight", true).name();
  const Article overnight = Approved("overnight", false);
  // Taken after the setup, with room for a busy machine to schedule both and stop the server in time.
  const auto when = TimestampFromNow(std::chrono::seconds(6));
  const std::string name = Schedule(overnight, when).name();
  v1::PublishIssueRequest publish_issue;
  publish_issue.set_name("publications/gannan-daily/issues/2026-05-12");
  publish_issue.set_etag("*");
  *publish_issue.mutable_publish_time() = when;
  v1::PublishIssueResponse scheduled;
  ASSERT_TRUE(issues_->PublishIssue(Context().get(), publish_issue, &scheduled).ok());
  a->Signal(SIGTERM);
  ASSERT_EQ(a->WaitForExit(std::chrono::seconds(30)), 0) << a->Log();

  // With no server running, the schedule is only in the database: still
  // SCHEDULED there when the server left, whatever happens after.
  const auto states = [&] {
    pqxx::connection connection(database_.url());
    pqxx::read_transaction tx(connection);
    return std::make_pair(
        tx.exec1("SELECT state FROM articles WHERE id = 'overnight'")[0].as<std::string>(),
        tx.exec1("SELECT state FROM issues WHERE id = '2026-05-12'")[0].as<std::string>());
  };
  const bool before_its_time = !HasCome(when);
  const auto while_down = states();
  if (before_its_time) {
    EXPECT_EQ(while_down, std::make_pair(std::string("SCHEDULED"), std::string("SCHEDULED")));
  }
  SleepUntil(when + TimeUtil::MillisecondsToDuration(500));  // its time passes with no server running
  EXPECT_EQ(states(), while_down) << "nothing publishes while no server runs";

  auto again = StartServe(&address_a_);
  Connect(address_a_);
  ASSERT_TRUE(WaitPublished(name)) << again->Log();
  ASSERT_TRUE(WaitPublished(placed)) << again->Log();
  EXPECT_EQ(Publications(name), 1);
  EXPECT_EQ(Publications(placed), 1);
  v1::GetIssueRequest get_issue;
  get_issue.set_name(publish_issue.name());
  v1::Issue issue;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(issues_->GetIssue(Context().get(), get_issue, &issue).ok());
    if (issue.state() == v1::Issue::PUBLISHED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(issue.state(), v1::Issue::PUBLISHED);
  const Article article = Get(name);
  EXPECT_GE(TimeUtil::TimestampToMilliseconds(article.publish_time()), TimeUtil::TimestampToMilliseconds(when));
}

}  // namespace
}  // namespace galley::testing
