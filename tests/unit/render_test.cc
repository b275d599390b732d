#include "cli/render.h"

#include <google/protobuf/empty.pb.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <sstream>

#include "galley/v1/article_service.pb.h"
#include "galley/v1/issue_service.pb.h"

namespace galley::cli {
namespace {

std::string Rendered(const google::protobuf::Message& message) {
  std::ostringstream out;
  RenderResponse(message, GalleyOutputStyle(), out);
  return out.str();
}

TEST(Render, AListPageIsATableOfTheNounsColumnsWithTheNextPageToken) {
  v1::ListIssuesResponse page;
  auto* issue = page.add_issues();
  issue->set_name("publications/gannan-daily/issues/2026-05-12");
  issue->set_issue_date("2026-05-12");
  issue->set_state(v1::Issue::PLANNING);
  issue->set_title("两会特刊");
  page.set_next_page_token("abc");
  EXPECT_EQ(Rendered(page),
            "NAME                                         DATE        STATE     TITLE\n"
            "publications/gannan-daily/issues/2026-05-12  2026-05-12  PLANNING  两会特刊\n"
            "next page: --page-token abc\n");
}

TEST(Render, AResourceIsAlignedFieldLinesOfItsSetFieldsInDeclarationOrder) {
  v1::Article article;
  article.set_name("publications/gannan-daily/articles/kangjin");
  article.set_headline("产业拔节生长");
  auto* block = article.add_body();
  block->set_kind(v1::Block::PARAGRAPH);
  block->set_text("日前,走进赣州康晋储能技术有限公司车间");
  auto* byline = article.add_bylines();
  byline->set_display_name("尹才霞");
  byline->set_role(v1::Contributor::REPORTER);
  article.add_tags("赣县");
  article.add_tags("工业");
  article.set_state(v1::Article::DRAFT);
  *article.mutable_create_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1778536800);
  EXPECT_EQ(Rendered(article),
            "name:        publications/gannan-daily/articles/kangjin\n"
            "headline:    产业拔节生长\n"
            "body:\n"
            "  PARAGRAPH  日前,走进赣州康晋储能技术有限公司车间\n"
            "bylines:\n"
            "  尹才霞 (REPORTER)\n"
            "tags:        赣县, 工业\n"
            "state:       DRAFT\n"
            "create_time: 2026-05-11T22:00:00Z\n");
}

TEST(Render, ANestedResourceIsIndentedUnderItsField) {
  v1::PublishIssueResponse response;
  response.mutable_issue()->set_name("publications/gannan-daily/issues/2026-05-12");
  response.mutable_issue()->set_state(v1::Issue::PUBLISHED);
  auto* article = response.add_articles();
  article->set_name("publications/gannan-daily/articles/xitu");
  article->set_state(v1::Article::PUBLISHED);
  article->set_headline("稀土产业链加速延伸");
  EXPECT_EQ(Rendered(response),
            "issue:\n"
            "  name:  publications/gannan-daily/issues/2026-05-12\n"
            "  state: PUBLISHED\n"
            "articles:\n"
            "  publications/gannan-daily/articles/xitu  PUBLISHED  稀土产业链加速延伸\n");
}

TEST(Render, AnEmptyResponsePrintsNothing) { EXPECT_EQ(Rendered(google::protobuf::Empty()), ""); }

TEST(Render, ASearchPageShowsTheArticlesFieldsThroughTheResult) {
  v1::SearchArticlesResponse page;
  auto* result = page.add_results();
  result->mutable_article()->set_name("publications/gannan-daily/articles/xitu");
  result->mutable_article()->set_headline("稀土产业链");
  result->set_snippet("<em>稀土</em>");
  const std::string text = Rendered(page);
  EXPECT_NE(text.find("publications/gannan-daily/articles/xitu"), std::string::npos) << text;
  EXPECT_NE(text.find("稀土产业链"), std::string::npos) << text;
  EXPECT_EQ(text.find("next page"), std::string::npos) << text;
}

}  // namespace
}  // namespace galley::cli
