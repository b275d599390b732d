// Forged and replayed page tokens through the gRPC API, against a fresh
// PostgreSQL database per test. A page token continues only the listing it
// came from: under another parent, filter, order, collection or search, or
// altered in any one byte, or made up, it is INVALID_ARGUMENT on page_token
// (never another listing's rows, never INTERNAL). Replayed on its own
// listing, it serves the same page again.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/unary_call.h"

namespace galley {
namespace {

using testing::Call;
using testing::ViolatedFields;

constexpr const char* kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

class ForgedPageTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string publication : {"gannan-daily", "other-daily"}) {
      galley_.CreatePublication(publication);
      for (const std::string id : {"liu-yuming", "luo-han", "yin-caixia"}) {
        v1::CreateContributorRequest request;
        request.set_parent("publications/" + publication);
        request.set_contributor_id(id);
        request.mutable_contributor()->set_display_name(id);
        request.mutable_contributor()->add_roles(v1::Contributor::REPORTER);
        ASSERT_TRUE(Call(*contributors_, &v1::ContributorService::Stub::CreateContributor, request).ok());
      }
    }
    for (const std::string id : {"xitu", "kangjin", "gongye"}) {
      v1::Article article;
      article.set_headline("稀土产业链加速延伸 " + id);
      article.add_tags("稀土");
      const auto created = driver_.Create("gannan-daily", id, article);
      article.set_headline("稀土产业链加速延伸(修订) " + id);
      *article.mutable_name() = created.name();
      *article.mutable_etag() = created.etag();
      driver_.Update(article, "headline");
    }
  }

  v1::ListContributorsRequest Contributors(const std::string& publication, const std::string& page_token,
                                           const std::string& filter = "", const std::string& order_by = "") {
    v1::ListContributorsRequest request;
    request.set_parent("publications/" + publication);
    request.set_page_size(1);
    request.set_page_token(page_token);
    request.set_filter(filter);
    request.set_order_by(order_by);
    return request;
  }

  grpc::Status ListContributors(const v1::ListContributorsRequest& request,
                                v1::ListContributorsResponse* response = nullptr) {
    v1::ListContributorsResponse ignored;
    return Call(*contributors_, &v1::ContributorService::Stub::ListContributors, request,
                response != nullptr ? response : &ignored);
  }

  // The token to the second page of gannan-daily's contributors by name.
  std::string SecondPageToken() {
    v1::ListContributorsResponse first;
    EXPECT_TRUE(ListContributors(Contributors("gannan-daily", ""), &first).ok());
    EXPECT_FALSE(first.next_page_token().empty());
    return first.next_page_token();
  }

  static void ExpectRefused(const grpc::Status& status, const std::string& what) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << what << ": " << status.error_message();
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"}) << what;
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::ContributorService::Stub> contributors_ = v1::ContributorService::NewStub(galley_.channel());
  std::unique_ptr<v1::ArticleService::Stub> articles_ = v1::ArticleService::NewStub(galley_.channel());
  std::unique_ptr<v1::IssueService::Stub> issues_ = v1::IssueService::NewStub(galley_.channel());
  std::unique_ptr<v1::PhotoService::Stub> photos_ = v1::PhotoService::NewStub(galley_.channel());
  testing::ArticleDriver driver_{galley_.channel()};
};

TEST_F(ForgedPageTokenTest, ATokenReplayedOnItsOwnListingServesTheSamePageAgain) {
  const std::string token = SecondPageToken();
  v1::ListContributorsResponse once;
  v1::ListContributorsResponse again;
  ASSERT_TRUE(ListContributors(Contributors("gannan-daily", token), &once).ok());
  ASSERT_TRUE(ListContributors(Contributors("gannan-daily", token), &again).ok());
  ASSERT_EQ(once.contributors_size(), 1);
  EXPECT_EQ(once.contributors(0).name(), "publications/gannan-daily/contributors/luo-han");
  EXPECT_EQ(again.SerializeAsString(), once.SerializeAsString());
}

TEST_F(ForgedPageTokenTest, ATokenFromAnotherListingIsInvalidArgument) {
  const std::string token = SecondPageToken();
  ExpectRefused(ListContributors(Contributors("other-daily", token)), "another parent");
  ExpectRefused(ListContributors(Contributors("gannan-daily", token, "roles = \"REPORTER\"")), "another filter");
  ExpectRefused(ListContributors(Contributors("gannan-daily", token, "", "display_name desc")), "another order");

  v1::ListArticlesRequest articles;
  articles.set_parent("publications/gannan-daily");
  articles.set_page_token(token);
  ExpectRefused(Call(*articles_, &v1::ArticleService::Stub::ListArticles, articles), "the articles");
  v1::ListIssuesRequest issues;
  issues.set_parent("publications/gannan-daily");
  issues.set_page_token(token);
  ExpectRefused(Call(*issues_, &v1::IssueService::Stub::ListIssues, issues), "the issues");
  v1::ListPhotosRequest photos;
  photos.set_parent("publications/gannan-daily");
  photos.set_page_token(token);
  ExpectRefused(Call(*photos_, &v1::PhotoService::Stub::ListPhotos, photos), "the photos");

  // A search's token continues only that search.
  v1::SearchArticlesRequest search;
  search.set_parent("publications/gannan-daily");
  search.set_query("稀土");
  search.set_view(v1::ARTICLE_VIEW_WORKING_COPY);
  search.set_page_size(1);
  v1::SearchArticlesResponse searched;
  ASSERT_TRUE(Call(*articles_, &v1::ArticleService::Stub::SearchArticles, search, &searched).ok());
  ASSERT_FALSE(searched.next_page_token().empty());
  search.set_page_token(searched.next_page_token());
  ASSERT_TRUE(Call(*articles_, &v1::ArticleService::Stub::SearchArticles, search).ok());
  search.set_query("产业链");
  ExpectRefused(Call(*articles_, &v1::ArticleService::Stub::SearchArticles, search), "another search");
  search.set_query("稀土");
  search.set_view(v1::ARTICLE_VIEW_PUBLISHED);
  ExpectRefused(Call(*articles_, &v1::ArticleService::Stub::SearchArticles, search), "the published view");
  articles.set_page_token(searched.next_page_token());
  ExpectRefused(Call(*articles_, &v1::ArticleService::Stub::ListArticles, articles), "a search's on the articles");

  // One article's revisions are not another's.
  v1::ListArticleRevisionsRequest revisions;
  revisions.set_parent("publications/gannan-daily/articles/xitu");
  revisions.set_page_size(1);
  v1::ListArticleRevisionsResponse first;
  ASSERT_TRUE(Call(*articles_, &v1::ArticleService::Stub::ListArticleRevisions, revisions, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  revisions.set_parent("publications/gannan-daily/articles/kangjin");
  revisions.set_page_token(first.next_page_token());
  ExpectRefused(Call(*articles_, &v1::ArticleService::Stub::ListArticleRevisions, revisions), "another article");
}

TEST_F(ForgedPageTokenTest, ATokenAlteredInAnyOneCharacterIsInvalidArgument) {
  const std::string token = SecondPageToken();
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string altered = token;
    // The next character of the alphabet: still base64, one byte changed.
    const std::string alphabet = kBase64Url;
    const std::size_t at = alphabet.find(token[i]);
    altered[i] = at == std::string::npos ? 'A' : alphabet[(at + 1) % alphabet.size()];
    ExpectRefused(ListContributors(Contributors("gannan-daily", altered)), "altered at " + std::to_string(i));
  }
  ExpectRefused(ListContributors(Contributors("gannan-daily", token.substr(0, token.size() - 1))), "truncated");
  ExpectRefused(ListContributors(Contributors("gannan-daily", token + "A")), "extended");
  ExpectRefused(ListContributors(Contributors("gannan-daily", token + "=")), "padded");
}

TEST_F(ForgedPageTokenTest, AMadeUpTokenIsInvalidArgument) {
  const std::string token = SecondPageToken();
  std::string random_base64;
  std::uint32_t state = 20260512;
  for (std::size_t i = 0; i < token.size(); ++i) {
    state = state * 1664525 + 1013904223;  // a fixed sequence: the test is the same every run
    random_base64 += kBase64Url[state >> 26];
  }
  for (const std::string& made_up :
       {random_base64, std::string(" "), std::string("="), std::string("=="), std::string("\t"), std::string("AA=="),
        std::string("null"), std::string("0"), std::string("%00"), std::string("' OR 1=1; --"), std::string("e30"),
        std::string(5000, 'A'), std::string(1, '\0')}) {
    ExpectRefused(ListContributors(Contributors("gannan-daily", made_up)), "made up: " + made_up.substr(0, 20));
  }
}

}  // namespace
}  // namespace galley
