// IssueService.PublishIssue through gRPC against PostgreSQL: the whole issue
// goes live in one transaction or nothing does, every article that is not
// ready is named, validate_only changes nothing, and the schedule is kept.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "galley/v1/access_service.grpc.pb.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "store/publishing.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/proto_time.h"

namespace galley {
namespace {

using testing::ErrorReason;
using testing::PreconditionSubjects;
using testing::SleepUntil;
using testing::TimestampFromNow;
using v1::Article;

constexpr const char* kIssue = "publications/gannan-daily/issues/2026-05-12";

class PublishIssueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    galley_.CreatePublication("gannan-daily");
    v1::CreateIssueRequest issue;
    issue.set_parent("publications/gannan-daily");
    issue.mutable_issue()->set_issue_date("2026-05-12");
    v1::Issue created;
    grpc::ClientContext context;
    ASSERT_TRUE(issues_->CreateIssue(&context, issue, &created).ok());
    // a01 comes before a03 in print, whatever their ids.
    for (const auto& [id, position] : std::vector<std::pair<std::string, int>>{{"a03", 2}, {"a01", 1}}) {
      v1::CreateSectionRequest section;
      section.set_parent(kIssue);
      section.set_section_id(id);
      section.mutable_section()->set_display_name("版面 " + id);
      section.mutable_section()->set_position(position);
      v1::Section made;
      grpc::ClientContext section_context;
      ASSERT_TRUE(issues_->CreateSection(&section_context, section, &made).ok());
    }
  }

  Article Create(const std::string& id, const std::string& section, int position) {
    v1::CreateArticleRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_article_id(id);
    request.mutable_article()->set_headline("标题 " + id);
    request.mutable_article()->set_section(std::string(kIssue) + "/sections/" + section);
    request.mutable_article()->set_position(position);
    Article article;
    grpc::ClientContext context;
    EXPECT_TRUE(articles_->CreateArticle(&context, request, &article).ok());
    return article;
  }

  template <typename Request, typename Method>
  Article Act(Article article, Method method) {
    Request request;
    request.set_name(article.name());
    request.set_etag(article.etag());
    grpc::ClientContext context;
    const auto status = ((*articles_).*method)(&context, request, &article);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return article;
  }

  Article Approved(const std::string& id, const std::string& section, int position) {
    auto article = Act<v1::SubmitArticleRequest>(Create(id, section, position), &v1::ArticleService::Stub::SubmitArticle);
    return Act<v1::ApproveArticleRequest>(article, &v1::ArticleService::Stub::ApproveArticle);
  }

  v1::Issue Issue() {
    v1::GetIssueRequest request;
    request.set_name(kIssue);
    v1::Issue issue;
    grpc::ClientContext context;
    EXPECT_TRUE(issues_->GetIssue(&context, request, &issue).ok());
    return issue;
  }

  grpc::Status Publish(v1::PublishIssueResponse* out, bool validate_only = false,
                       const std::string& request_id = "") {
    v1::PublishIssueRequest request;
    request.set_name(kIssue);
    request.set_etag(Issue().etag());
    request.set_validate_only(validate_only);
    request.set_request_id(request_id);
    grpc::ClientContext context;
    return issues_->PublishIssue(&context, request, out);
  }

  Article Get(const std::string& name) {
    v1::GetArticleRequest request;
    request.set_name(name);
    Article article;
    grpc::ClientContext context;
    EXPECT_TRUE(articles_->GetArticle(&context, request, &article).ok());
    return article;
  }

  void Sql(const std::string& statement) {
    pqxx::connection connection(galley_.database().url());
    pqxx::work work(connection);
    work.exec(statement);
    work.commit();
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::IssueService::Stub> issues_ = v1::IssueService::NewStub(galley_.channel());
  std::unique_ptr<v1::ArticleService::Stub> articles_ = v1::ArticleService::NewStub(galley_.channel());
};

TEST_F(PublishIssueTest, PublishesEveryApprovedArticleAndTheIssueInPrintOrder) {
  const auto lead = Approved("zz-lead", "a01", 1);
  const auto second = Approved("aa-second", "a01", 2);
  const auto page_three = Approved("mm-page-three", "a03", 1);
  v1::PublishIssueResponse published;
  const auto status = Publish(&published);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(published.issue().state(), v1::Issue::PUBLISHED);
  EXPECT_TRUE(published.issue().has_publish_time());
  ASSERT_EQ(published.articles_size(), 3);
  EXPECT_EQ(published.articles(0).name(), lead.name());
  EXPECT_EQ(published.articles(1).name(), second.name());
  EXPECT_EQ(published.articles(2).name(), page_three.name());
  for (const auto& article : published.articles()) {
    EXPECT_EQ(article.state(), Article::PUBLISHED);
    EXPECT_EQ(article.published_revision(), article.revision());
    EXPECT_EQ(Get(article.name()).state(), Article::PUBLISHED);
  }
  // Published once: a second call is refused, naming the state.
  v1::PublishIssueResponse again;
  EXPECT_EQ(Publish(&again).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

// The articles go live together (store/article_repository.h ApplyActions):
// each still gets its revision, its change and its audit record, in print
// order, and its published version becomes what readers search.
TEST_F(PublishIssueTest, EachArticlePublishedHasItsRevisionChangeAndAuditRecordInPrintOrder) {
  Approved("zz-lead", "a01", 1);
  Approved("aa-second", "a01", 2);
  Approved("mm-page-three", "a03", 1);
  v1::PublishIssueResponse published;
  const auto status = Publish(&published);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(published.articles_size(), 3);

  pqxx::connection connection(galley_.database().url());
  pqxx::nontransaction read(connection);
  const std::vector<std::string> print_order{"zz-lead", "aa-second", "mm-page-three"};
  for (int i = 0; i < 3; ++i) {
    const Article& article = published.articles(i);
    SCOPED_TRACE(article.name());
    const auto revision = read.exec_params1(
        "SELECT state, array_to_string(changed_fields, ','), author, headline FROM article_revisions "
        "WHERE article_id = $1 AND revision = $2",
        print_order[i], article.revision());
    EXPECT_EQ(revision[0].as<std::string>(), "PUBLISHED");
    EXPECT_EQ(revision[1].as<std::string>(), "state,published_revision,publish_time");
    EXPECT_EQ(revision[3].as<std::string>(), "标题 " + print_order[i]);
    const auto searchable = read.exec_params1(
        "SELECT published_search IS NOT DISTINCT FROM search FROM articles WHERE id = $1", print_order[i]);
    EXPECT_TRUE(searchable[0].as<bool>());
  }
  std::vector<std::string> changes;
  for (const auto& row : read.exec("SELECT type || ' ' || resource FROM changes ORDER BY sequence")) {
    changes.push_back(row[0].as<std::string>());
  }
  EXPECT_EQ(changes, (std::vector<std::string>{"ARTICLE_PUBLISHED publications/gannan-daily/articles/zz-lead",
                                              "ARTICLE_PUBLISHED publications/gannan-daily/articles/aa-second",
                                              "ARTICLE_PUBLISHED publications/gannan-daily/articles/mm-page-three",
                                              "ISSUE_PUBLISHED " + std::string(kIssue)}));
  std::vector<std::string> audited;
  for (const auto& row : read.exec("SELECT resource || ' ' || outcome FROM audit_events "
                                   "WHERE method = 'galley.v1.IssueService/PublishIssue' ORDER BY id")) {
    audited.push_back(row[0].as<std::string>());
  }
  EXPECT_EQ(audited, (std::vector<std::string>{"publications/gannan-daily/articles/zz-lead OK",
                                              "publications/gannan-daily/articles/aa-second OK",
                                              "publications/gannan-daily/articles/mm-page-three OK",
                                              std::string(kIssue) + " OK"}));
}

TEST_F(PublishIssueTest, ArticlesLiveAlreadyStayAsTheyAre) {
  auto live = Approved("live", "a01", 1);
  v1::PublishArticleRequest publish;
  publish.set_name(live.name());
  publish.set_etag(live.etag());
  grpc::ClientContext context;
  ASSERT_TRUE(articles_->PublishArticle(&context, publish, &live).ok());
  Approved("new", "a01", 2);
  v1::PublishIssueResponse published;
  ASSERT_TRUE(Publish(&published).ok());
  ASSERT_EQ(published.articles_size(), 1);
  EXPECT_EQ(published.articles(0).name(), "publications/gannan-daily/articles/new");
  EXPECT_EQ(Get(live.name()).revision(), live.revision());
}

TEST_F(PublishIssueTest, NamesEveryArticleThatIsNotReadyAndPublishesNothing) {
  Approved("ready", "a01", 1);
  Create("draft", "a01", 2);
  Act<v1::SubmitArticleRequest>(Create("submitted", "a03", 1), &v1::ArticleService::Stub::SubmitArticle);
  v1::PublishIssueResponse response;
  const auto status = Publish(&response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "ISSUE_NOT_READY");
  EXPECT_EQ(PreconditionSubjects(status),
            (std::vector<std::string>{"NOT_READY publications/gannan-daily/articles/draft",
                                      "NOT_READY publications/gannan-daily/articles/submitted"}));
  EXPECT_NE(status.error_message().find("2 of its 3"), std::string::npos) << status.error_message();
  EXPECT_EQ(Get("publications/gannan-daily/articles/ready").state(), Article::APPROVED);
  EXPECT_EQ(Issue().state(), v1::Issue::PLANNING);
}

TEST_F(PublishIssueTest, AnEmptyIssueIsNotReady) {
  v1::PublishIssueResponse response;
  const auto status = Publish(&response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionSubjects(status), (std::vector<std::string>{"EMPTY " + std::string(kIssue)}));
}

TEST_F(PublishIssueTest, ValidateOnlyRunsTheChecksAndChangesNothing) {
  Approved("ready", "a01", 1);
  v1::PublishIssueResponse would;
  const auto before = Issue();
  ASSERT_TRUE(Publish(&would, /*validate_only=*/true).ok());
  ASSERT_EQ(would.articles_size(), 1);
  EXPECT_EQ(would.articles(0).state(), Article::APPROVED);
  EXPECT_EQ(Issue().etag(), before.etag());
  EXPECT_EQ(Issue().state(), v1::Issue::PLANNING);
  EXPECT_EQ(Get("publications/gannan-daily/articles/ready").state(), Article::APPROVED);

  Create("draft", "a03", 1);
  v1::PublishIssueResponse refused;
  EXPECT_EQ(Publish(&refused, /*validate_only=*/true).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PublishIssueTest, AFailureInTheMiddleLeavesNothingPublished) {
  Approved("first", "a01", 1);
  Approved("second", "a01", 2);
  Approved("third", "a03", 1);
  // The database refuses to publish the second article, after the first was
  // written in the same transaction.
  Sql("CREATE FUNCTION refuse_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "IF NEW.id = 'second' AND NEW.state = 'PUBLISHED' THEN RAISE EXCEPTION 'injected failure'; END IF; "
      "RETURN NEW; END $$");
  Sql("CREATE TRIGGER refuse_second BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION refuse_second()");
  v1::PublishIssueResponse response;
  const auto status = Publish(&response, false, "publish-issue-1");
  EXPECT_FALSE(status.ok());
  for (const char* id : {"first", "second", "third"}) {
    const auto article = Get(std::string("publications/gannan-daily/articles/") + id);
    EXPECT_EQ(article.state(), Article::APPROVED) << id;
    EXPECT_EQ(article.published_revision(), 0) << id;
  }
  EXPECT_EQ(Issue().state(), v1::Issue::PLANNING);

  // Once the cause is gone, the same request publishes all of it.
  Sql("DROP TRIGGER refuse_second ON articles");
  v1::PublishIssueResponse published;
  const auto retried = Publish(&published, false, "publish-issue-1");
  ASSERT_TRUE(retried.ok()) << retried.error_message();
  EXPECT_EQ(published.articles_size(), 3);
  EXPECT_EQ(Issue().state(), v1::Issue::PUBLISHED);
}

TEST_F(PublishIssueTest, ARetryWithTheSameRequestIdPublishesOnce) {
  Approved("ready", "a01", 1);
  v1::PublishIssueRequest request;
  request.set_name(kIssue);
  request.set_etag(Issue().etag());
  request.set_request_id("tonight");
  v1::PublishIssueResponse first;
  grpc::ClientContext context;
  ASSERT_TRUE(issues_->PublishIssue(&context, request, &first).ok());
  // The answer was lost; the client sends the very same request again.
  v1::PublishIssueResponse again;
  grpc::ClientContext retry;
  const auto status = issues_->PublishIssue(&retry, request, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.issue().etag(), first.issue().etag());
  EXPECT_EQ(Get("publications/gannan-daily/articles/ready").revision(), first.articles(0).revision());
}

TEST_F(PublishIssueTest, AStaleEtagIsAbortedAndAMissingOneNamed) {
  Approved("ready", "a01", 1);
  v1::PublishIssueRequest request;
  request.set_name(kIssue);
  request.set_etag("stale");
  v1::PublishIssueResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(issues_->PublishIssue(&context, request, &response).error_code(), grpc::StatusCode::ABORTED);
  request.clear_etag();
  grpc::ClientContext again;
  const auto status = issues_->PublishIssue(&again, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ViolatedFields(status), std::vector<std::string>{"etag"});
}

TEST_F(PublishIssueTest, AScheduledIssueGoesLiveWhenDueAndOnlyOnce) {
  Approved("ready", "a01", 1);
  store::ConnectionPool pool(galley_.database().url(), 2);
  store::Database database(pool);
  store::Publisher publisher(database);
  const auto deadline = [] { return store::Clock::now() + std::chrono::seconds(10); };
  v1::PublishIssueRequest request;
  request.set_name(kIssue);
  request.set_etag("*");
  // Lead enough for a busy machine (a sanitizer build) to get to the "not
  // due yet" check in time, to the millisecond; the connection is made first.
  const auto due = TimestampFromNow(std::chrono::seconds(4));
  *request.mutable_publish_time() = due;
  v1::PublishIssueResponse scheduled;
  grpc::ClientContext context;
  ASSERT_TRUE(issues_->PublishIssue(&context, request, &scheduled).ok());
  EXPECT_EQ(scheduled.issue().state(), v1::Issue::SCHEDULED);
  EXPECT_EQ(Get("publications/gannan-daily/articles/ready").state(), Article::APPROVED);
  EXPECT_EQ(publisher.PublishDue(deadline()), 0) << "not due yet";

  SleepUntil(due);
  EXPECT_EQ(publisher.PublishDue(deadline()), 1);
  EXPECT_EQ(publisher.PublishDue(deadline()), 0) << "published once";
  EXPECT_EQ(Issue().state(), v1::Issue::PUBLISHED);
  EXPECT_EQ(Get("publications/gannan-daily/articles/ready").state(), Article::PUBLISHED);
}

TEST_F(PublishIssueTest, AScheduledIssueThatIsNotReadyWhenDueGoesBackToPlanning) {
  const auto ready = Approved("ready", "a01", 1);
  v1::PublishIssueRequest request;
  request.set_name(kIssue);
  request.set_etag("*");
  // Lead enough for a busy machine to make the call before its time (after
  // it, the issue would be published at once), to the millisecond.
  const auto due = TimestampFromNow(std::chrono::seconds(3));
  *request.mutable_publish_time() = due;
  v1::PublishIssueResponse scheduled;
  grpc::ClientContext context;
  ASSERT_TRUE(issues_->PublishIssue(&context, request, &scheduled).ok());
  v1::RejectArticleRequest reject;
  reject.set_name(ready.name());
  reject.set_etag(ready.etag());
  reject.set_note("数据待核实");
  Article rejected;
  grpc::ClientContext reject_context;
  ASSERT_TRUE(articles_->RejectArticle(&reject_context, reject, &rejected).ok());

  store::ConnectionPool pool(galley_.database().url(), 2);
  store::Database database(pool);
  SleepUntil(due);
  EXPECT_EQ(store::Publisher(database).PublishDue(store::Clock::now() + std::chrono::seconds(10)), 1);
  EXPECT_EQ(Issue().state(), v1::Issue::PLANNING);
  EXPECT_EQ(Get(ready.name()).state(), Article::DRAFT);
}

TEST_F(PublishIssueTest, OnlyPublishersMayPublishAnIssue) {
  Approved("ready", "a01", 1);
  auto editor = v1::IssueService::NewStub(galley_.ChannelAs(domain::Role::kEditor, "desk-editor"));
  v1::PublishIssueRequest request;
  request.set_name(kIssue);
  request.set_etag("*");
  v1::PublishIssueResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(editor->PublishIssue(&context, request, &response).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Issue().state(), v1::Issue::PLANNING);
}

}  // namespace
}  // namespace galley
