// ImportArticles through gRPC against PostgreSQL: the sample page of 赣南日报
// becomes four drafts placed in a section, in page order, bylines linked to
// the contributors they name; search finds its stories; retries create
// nothing; bad input is INVALID_ARGUMENT and stores nothing; a caption's
// photo must be attached before the story is approved.
#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/sample_page.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ErrorReason;
using testing::SamplePage;
using testing::ViolatedFields;

constexpr const char* kPublication = "publications/gannan-daily";

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

class ArticleImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    galley_.CreatePublication("gannan-daily");
    section_ = galley_.CreateSection("gannan-daily", "2026-05-12", "a01");
  }

  grpc::Status Import(const std::string& text, v1::ImportArticlesResponse* response,
                      const std::string& request_id = "", const std::string& section = "",
                      v1::ArticleService::Stub* stub = nullptr) {
    v1::ImportArticlesRequest request;
    request.set_section(section.empty() ? section_ : section);
    request.set_text(text);
    request.set_request_id(request_id);
    grpc::ClientContext context;
    return (stub != nullptr ? *stub : *stub_).ImportArticles(&context, request, response);
  }

  v1::ImportArticlesResponse ImportSample(const std::string& request_id = "") {
    v1::ImportArticlesResponse response;
    const auto status = Import(SamplePage(), &response, request_id);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<v1::Article> ListArticles() {
    v1::ListArticlesRequest request;
    request.set_parent(kPublication);
    request.set_order_by("position");
    request.set_page_size(1000);
    v1::ListArticlesResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(stub_->ListArticles(&context, request, &response).ok());
    return {response.articles().begin(), response.articles().end()};
  }

  void CreateContributor(const std::string& id, const std::string& display_name) {
    v1::CreateContributorRequest request;
    request.set_parent(kPublication);
    request.set_contributor_id(id);
    request.mutable_contributor()->set_display_name(display_name);
    v1::Contributor created;
    grpc::ClientContext context;
    const auto status =
        v1::ContributorService::NewStub(galley_.channel())->CreateContributor(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The id of the first article an editor's search of working copies finds.
  std::string FirstFound(const std::string& query) {
    v1::SearchArticlesRequest request;
    request.set_parent(kPublication);
    request.set_query(query);
    request.set_view(v1::ARTICLE_VIEW_WORKING_COPY);
    v1::SearchArticlesResponse response;
    grpc::ClientContext context;
    const auto status = stub_->SearchArticles(&context, request, &response);
    EXPECT_TRUE(status.ok()) << query << ": " << status.error_message();
    return response.results().empty() ? "(nothing)" : IdOf(response.results(0).article().name());
  }

  testing::InProcessGalley galley_;
  testing::ArticleDriver articles_{galley_.channel()};
  std::unique_ptr<v1::ArticleService::Stub> stub_ = v1::ArticleService::NewStub(galley_.channel());
  std::string section_;
};

TEST_F(ArticleImportTest, TheSamplePageBecomesFourDraftsPlacedInPageOrder) {
  const auto imported = ImportSample();
  ASSERT_EQ(imported.articles_size(), 4);
  const v1::Article& first = imported.articles(0);
  EXPECT_EQ(first.kicker(), "产业拔节生长 集群磁力强劲");
  EXPECT_EQ(first.headline(), "赣县区做强“四链三群”推动工业经济跃升");
  EXPECT_EQ(first.language(), "zh-Hans");
  ASSERT_EQ(first.body_size(), 10);
  EXPECT_EQ(first.body(4).kind(), v1::Block::PHOTO);
  EXPECT_EQ(first.body(4).text(), "赣州康晋储能技术有限公司航拍图");
  EXPECT_EQ(first.body(4).credit(), "薛顺鑫");
  EXPECT_EQ(imported.articles(3).headline(), "重磅突破 南方医院赣州医院(赣州市人民医院)科研成果荣登JAMA正刊");
  ASSERT_EQ(imported.articles(1).bylines_size(), 2);
  EXPECT_EQ(imported.articles(1).bylines(1).display_name(), "罗瀚");

  // Stored as returned: drafts of the importing editor, in the section, in page order.
  const auto stored = ListArticles();
  ASSERT_EQ(stored.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(stored[i].name(), imported.articles(i).name());
    EXPECT_EQ(stored[i].state(), v1::Article::DRAFT);
    EXPECT_EQ(stored[i].section(), section_);
    EXPECT_EQ(stored[i].position(), i + 1);
    EXPECT_EQ(stored[i].revision(), 1);
    EXPECT_EQ(stored[i].headline(), imported.articles(i).headline());
    EXPECT_EQ(stored[i].body_size(), imported.articles(i).body_size());
  }
}

TEST_F(ArticleImportTest, ASecondImportIsPlacedAfterTheFirst) {
  ImportSample();
  const auto second = ImportSample();
  ASSERT_EQ(second.articles_size(), 4);
  EXPECT_EQ(second.articles(0).position(), 5);
  EXPECT_EQ(second.articles(3).position(), 8);
  EXPECT_EQ(ListArticles().size(), 8u);
}

TEST_F(ArticleImportTest, BylinesLinkToTheOneContributorPrintedWithThatName) {
  CreateContributor("yin-caixia", "尹才霞");
  CreateContributor("luo-han", "罗瀚");
  CreateContributor("luo-han-2", "罗瀚");  // two people of one name: which one is not known
  const auto imported = ImportSample();
  EXPECT_EQ(imported.articles(0).bylines(0).contributor(), "publications/gannan-daily/contributors/yin-caixia");
  EXPECT_EQ(imported.articles(1).bylines(0).display_name(), "刘玉明");
  EXPECT_EQ(imported.articles(1).bylines(0).contributor(), "");  // no such contributor: a plain byline
  EXPECT_EQ(imported.articles(1).bylines(1).contributor(), "");
}

TEST_F(ArticleImportTest, SearchFindsTheImportedStories) {
  const auto imported = ImportSample();
  const std::string kangjin = IdOf(imported.articles(0).name());
  const std::string huichang = IdOf(imported.articles(1).name());
  const std::string nankang = IdOf(imported.articles(2).name());
  const std::string jama = IdOf(imported.articles(3).name());
  EXPECT_EQ(FirstFound("稀土"), kangjin);
  EXPECT_EQ(FirstFound("微建议"), huichang);
  EXPECT_EQ(FirstFound("老旧小区"), nankang);
  EXPECT_EQ(FirstFound("卒中"), jama);
  EXPECT_EQ(FirstFound("JAMA"), jama);
  EXPECT_EQ(FirstFound("钴产品"), kangjin);  // only whole once its paragraph is joined back
  EXPECT_EQ(FirstFound("防灾减灾"), "(nothing)");  // the notice is no article
  EXPECT_EQ(FirstFound("量子计算"), "(nothing)");
}

TEST_F(ArticleImportTest, ARetriedImportReturnsTheFirstArticlesAndCreatesNothing) {
  const auto first = ImportSample("import-a01");
  const auto retried = ImportSample("import-a01");
  ASSERT_EQ(retried.articles_size(), 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(retried.articles(i).name(), first.articles(i).name());
  EXPECT_EQ(ListArticles().size(), 4u);

  v1::ImportArticlesResponse other;
  const auto status = Import("## 另一篇", &other, "import-a01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  EXPECT_EQ(ListArticles().size(), 4u);
}

TEST_F(ArticleImportTest, TextItCannotReadIsInvalidArgumentAndStoresNothing) {
  const std::vector<std::string> unreadable{
      "",
      "一段没有标题的文字。",
      "## 一\n\n正文。\n\n## " + std::string(201, 'h'),  // the second headline is too long
      std::string("## 标题\0", 10),
  };
  for (const auto& text : unreadable) {
    v1::ImportArticlesResponse response;
    const auto status = Import(text, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << text << ": " << status.error_message();
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"text"}) << text;
  }
  // Not UTF-8: the request does not decode at all, which is INVALID_ARGUMENT too.
  v1::ImportArticlesResponse response;
  EXPECT_EQ(Import("## 标题\n\n\xFF\xFE", &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(ListArticles().empty());
}

TEST_F(ArticleImportTest, TheSectionMustBeASectionThatExists) {
  v1::ImportArticlesResponse response;
  auto status = Import("## 标题", &response, "", "publications/gannan-daily/issues/2026-05-12");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"section"});
  status = Import("## 标题", &response, "", "publications/gannan-daily/issues/2026-05-12/sections/none");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = Import("## 标题", &response, "", "publications/elsewhere/issues/2026-05-12/sections/a01");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = Import("## 标题", &response, "bad id with spaces");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  EXPECT_TRUE(ListArticles().empty());
}

TEST_F(ArticleImportTest, ImportingIsForEditors) {
  auto reporter = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReporter, "reporter-1"));
  v1::ImportArticlesResponse response;
  EXPECT_EQ(Import("## 标题", &response, "", "", reporter.get()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto editor = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kEditor, "editor-1"));
  ASSERT_TRUE(Import("## 标题", &response, "", "", editor.get()).ok());
  EXPECT_EQ(response.articles(0).owner(), "editor-1");
}

TEST_F(ArticleImportTest, ACaptionsPhotoMustBeAttachedBeforeTheStoryIsApproved) {
  const auto imported = ImportSample();
  const v1::Article submitted = articles_.Submit(imported.articles(0));
  v1::ApproveArticleRequest approve;
  approve.set_name(submitted.name());
  approve.set_etag(submitted.etag());
  v1::Article approved;
  {
    grpc::ClientContext context;
    const auto status = stub_->ApproveArticle(&context, approve, &approved);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(ErrorReason(status), "PHOTO_MISSING");
    EXPECT_EQ(testing::PreconditionSubjects(status),
              std::vector<std::string>{"PHOTO_MISSING " + submitted.name() + " body[4]"});
  }
  galley_.UploadPhoto("gannan-daily", "kangjin-aerial");
  v1::Article with_photo = submitted;
  with_photo.mutable_body(4)->set_photo("publications/gannan-daily/photos/kangjin-aerial");
  with_photo = articles_.Update(with_photo, "body");
  EXPECT_EQ(articles_.Approve(with_photo).state(), v1::Article::APPROVED);
}

TEST_F(ArticleImportTest, NeitherTheStoryNorItsIssueIsPublishedWhileACaptionLacksItsPhoto) {
  const auto imported = ImportSample();
  // The other three stories are ready; the first had its photo, then lost it.
  for (int i = 1; i < 4; ++i) articles_.Approved(imported.articles(i));
  galley_.UploadPhoto("gannan-daily", "kangjin-aerial");
  v1::Article first = imported.articles(0);
  first.mutable_body(4)->set_photo("publications/gannan-daily/photos/kangjin-aerial");
  first = articles_.Approved(articles_.Update(first, "body"));
  first.mutable_body(4)->clear_photo();
  first = articles_.Update(first, "body");
  ASSERT_EQ(first.state(), v1::Article::APPROVED);

  v1::PublishArticleRequest publish;
  publish.set_name(first.name());
  publish.set_etag(first.etag());
  v1::Article published;
  grpc::ClientContext publish_context;
  const auto article_status = stub_->PublishArticle(&publish_context, publish, &published);
  EXPECT_EQ(article_status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(article_status), "PHOTO_MISSING");

  v1::PublishIssueRequest issue;
  issue.set_name("publications/gannan-daily/issues/2026-05-12");
  issue.set_etag("*");
  v1::PublishIssueResponse issue_published;
  grpc::ClientContext issue_context;
  const auto issue_status =
      v1::IssueService::NewStub(galley_.channel())->PublishIssue(&issue_context, issue, &issue_published);
  EXPECT_EQ(issue_status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::PreconditionSubjects(issue_status),
            std::vector<std::string>{"PHOTO_MISSING " + first.name() + " body[4]"});
  EXPECT_THAT(issue_status.error_message(), ::testing::HasSubstr("1 photo caption(s) have no photo attached"));
}

}  // namespace
}  // namespace galley
