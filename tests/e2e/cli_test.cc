// The `galley` resource commands against a real server, as a newsroom uses
// them: plan an issue, write and revise an article with flags, read lists as
// tables and as JSON, see a bad request explained, walk the workflow, and
// read the audit log. The server and token come from GALLEY_SERVER and
// GALLEY_TOKEN, as in a shell.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

#include "cli/display_width.h"
#include "galley/v1/article_service.pb.h"
#include "galley/v1/feed_service.pb.h"
#include "galley_process.h"
#include "e2e_client.h"
#include "support/sample_images.h"
#include "support/sample_page.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

constexpr const char* kArticle = "publications/gannan-daily/articles/kangjin";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<GalleyProcess>(
        std::vector<std::string>{"serve", "--database-url", database_.url(), "--listen", "127.0.0.1:0"});
    env_ = {"GALLEY_SERVER=" + server_->WaitForAddress(), "GALLEY_TOKEN=" + CreateToken(database_.url(), "desk", "admin")};
  }

  // `galley args...`, expected to succeed; its output.
  std::string Galley(const std::vector<std::string>& args) {
    const auto result = RunGalley(args, env_);
    EXPECT_EQ(result.exit_code, 0) << "galley " << ::testing::PrintToString(args) << ":\n" << result.output;
    return result.output;
  }

  // The line of `text` holding `needle`.
  static std::string LineWith(const std::string& text, const std::string& needle) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.find(needle) != std::string::npos) return line;
    }
    return "";
  }

  // The display column at which `needle` starts in `line`.
  static std::size_t ColumnOf(const std::string& line, const std::string& needle) {
    return cli::DisplayWidth(line.substr(0, line.find(needle)));
  }

  // The etag the article has now, read as JSON.
  std::string EtagOf(const std::string& name) {
    v1::Article article;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(Galley({"article", "get", name, "--output=json"}), &article).ok());
    return article.etag();
  }

  TestDatabase database_;
  TempDir dir_;
  std::unique_ptr<GalleyProcess> server_;
  std::vector<std::string> env_;
};

TEST_F(CliTest, ANewsroomDayWithTheResourceCommands) {
  Galley({"publication", "create", "--id", "gannan-daily", "--display-name", "赣南日报"});
  Galley({"issue", "create", "publications/gannan-daily", "--issue-date", "2026-05-12", "--issue-number", "12345"});
  const std::string section = "publications/gannan-daily/issues/2026-05-12/sections/a03";
  Galley({"section", "create", "publications/gannan-daily/issues/2026-05-12", "--section-id", "a03", "--display-name",
          "综合新闻", "--page-number", "3"});
  Galley({"contributor", "create", "publications/gannan-daily", "--contributor-id", "yin-caixia", "--display-name", "尹才霞",
          "--roles", "reporter"});
  const std::string created = Galley(
      {"article", "create", "publications/gannan-daily", "--article-id", "kangjin", "--headline", "产业拔节生长 集群磁力强劲",
       "--bylines",
       R"([{"contributor": "publications/gannan-daily/contributors/yin-caixia", "display_name": "尹才霞", "role": "REPORTER"}])",
       "--body", R"([{"kind": "PARAGRAPH", "text": "日前,走进赣州康晋储能技术有限公司车间……"}])", "--section", section,
       "--position", "1"});
  EXPECT_NE(created.find("尹才霞 (REPORTER)"), std::string::npos) << created;
  EXPECT_NE(LineWith(created, "state:").find("DRAFT"), std::string::npos) << created;

  // An update sends only the fields given: the headline changes, the body stays.
  const std::string updated =
      Galley({"article", "update", kArticle, "--etag", EtagOf(kArticle), "--headline", "产业拔节生长", "--tags", "赣县,工业"});
  EXPECT_NE(LineWith(updated, "headline:").find("产业拔节生长"), std::string::npos) << updated;
  EXPECT_EQ(updated.find("集群磁力强劲"), std::string::npos) << updated;
  EXPECT_NE(updated.find("PARAGRAPH  日前"), std::string::npos) << updated;
  EXPECT_NE(LineWith(updated, "tags:").find("赣县, 工业"), std::string::npos) << updated;

  // A second article makes the columns worth checking.
  Galley({"article", "create", "publications/gannan-daily", "--article-id", "xitu", "--headline", "稀土产业链加速延伸"});
  const std::string table = Galley({"article", "list", "publications/gannan-daily"});
  const std::string heading = LineWith(table, "HEADLINE");
  const std::string kangjin = LineWith(table, "kangjin");
  const std::string xitu = LineWith(table, "xitu");
  ASSERT_FALSE(heading.empty()) << table;
  EXPECT_EQ(ColumnOf(kangjin, "产业拔节生长"), ColumnOf(heading, "HEADLINE")) << table;
  EXPECT_EQ(ColumnOf(xitu, "稀土产业链加速延伸"), ColumnOf(heading, "HEADLINE")) << table;
  EXPECT_EQ(ColumnOf(kangjin, "DRAFT"), ColumnOf(heading, "STATE")) << table;

  v1::ListArticlesResponse listed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Galley({"article", "list", "publications/gannan-daily", "--output=json", "--order-by", "create_time"}), &listed)
                  .ok());
  ASSERT_EQ(listed.articles_size(), 2);
  EXPECT_EQ(listed.articles(0).name(), kArticle);
  EXPECT_EQ(listed.articles(0).headline(), "产业拔节生长");
  EXPECT_EQ(listed.articles(0).tags_size(), 2);

  // The editorial workflow, each step with the etag it read.
  for (const char* verb : {"submit", "approve", "publish"}) {
    Galley({"article", verb, kArticle, "--etag", EtagOf(kArticle)});
  }
  v1::Article live;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Galley({"article", "get", kArticle, "--view", "article_view_published", "--output", "json"}), &live)
                  .ok());
  EXPECT_EQ(live.state(), v1::Article::PUBLISHED);

  const std::string audit = Galley({"audit", "list"});
  EXPECT_NE(LineWith(audit, "PublishArticle").find(kArticle), std::string::npos) << audit;
  const std::string tokens = Galley({"token", "list"});
  EXPECT_NE(LineWith(tokens, "desk").find("ADMIN"), std::string::npos) << tokens;
}

// Tonight's edition from the command line alone: the print page imported,
// a late story written in a text file, the caption's photo attached, every
// story through the desk, the issue published, and all of it read back as
// the website would, through `galley feed follow`.
TEST_F(CliTest, AnEditionFromImportToPublicationReadBackThroughTheFeed) {
  const std::string issue = "publications/gannan-daily/issues/2026-05-12";
  const std::string section = issue + "/sections/a01";
  Galley({"publication", "create", "--id", "gannan-daily", "--display-name", "赣南日报"});
  Galley({"issue", "create", "publications/gannan-daily", "--issue-date", "2026-05-12"});
  Galley({"section", "create", issue, "--section-id", "a01", "--display-name", "要闻", "--page-number", "1"});
  Galley({"contributor", "create", "publications/gannan-daily", "--contributor-id", "yin-caixia", "--display-name", "尹才霞"});

  // The page, as a table of what it made, then the same import retried for JSON.
  const std::string table =
      Galley({"article", "import", section, "--text-file", SamplePagePath(), "--request-id", "page-a01"});
  EXPECT_NE(LineWith(table, "赣县区做强").find("DRAFT"), std::string::npos) << table;
  v1::ImportArticlesResponse page;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Galley({"article", "import", section, "--text-file", SamplePagePath(), "--request-id", "page-a01",
                          "--output=json"}),
                  &page)
                  .ok());
  ASSERT_EQ(page.articles_size(), 4);
  EXPECT_EQ(page.articles(0).bylines(0).contributor(), "publications/gannan-daily/contributors/yin-caixia");

  // A late story, written in the same text form, placed after the page's four.
  const std::string story = dir_.Write("late.txt", "# 防灾减灾日\n## 人人讲安全 个个会应急\n\n本报记者 钟林\n\n"
                                                   "5月12日,全市开展防灾减灾宣传活动。\n");
  const std::string late_name = "publications/gannan-daily/articles/late";
  const std::string late = Galley({"article", "create", "publications/gannan-daily", "--article-id", "late",
                                   "--story-file", story, "--section", section, "--position", "5"});
  EXPECT_NE(LineWith(late, "kicker:").find("防灾减灾日"), std::string::npos) << late;
  EXPECT_NE(late.find("钟林 (REPORTER) 本报记者"), std::string::npos) << late;

  // The caption waits for its picture: the desk cannot approve the story until it is attached.
  const std::string kangjin = page.articles(0).name();
  Galley({"article", "submit", kangjin, "--etag", EtagOf(kangjin)});
  const auto refused = RunGalley({"article", "approve", kangjin, "--etag", EtagOf(kangjin)}, env_);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("FAILED_PRECONDITION"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find(kangjin + " body[4]"), std::string::npos) << refused.output;
  Galley({"photo", "upload", dir_.Write("kangjin.png", SamplePng(320, 200)), "--parent", "publications/gannan-daily",
          "--id", "kangjin-aerial"});
  const std::string attached =
      Galley({"article", "attach-photo", kangjin, "--photo", "publications/gannan-daily/photos/kangjin-aerial"});
  EXPECT_NE(attached.find("PHOTO  publications/gannan-daily/photos/kangjin-aerial  [薛顺鑫]"), std::string::npos)
      << attached;
  Galley({"article", "approve", kangjin, "--etag", EtagOf(kangjin)});
  for (int i = 1; i < 4; ++i) {
    for (const char* verb : {"submit", "approve"}) {
      Galley({"article", verb, page.articles(i).name(), "--etag", EtagOf(page.articles(i).name())});
    }
  }
  for (const char* verb : {"submit", "approve"}) Galley({"article", verb, late_name, "--etag", EtagOf(late_name)});
  Galley({"issue", "publish", issue, "--etag", "*"});

  // The website's view: every story published, then the issue with its stories in print order.
  GalleyProcess follower({"feed", "follow", "--after", "0"}, env_);
  for (int i = 0; i < 300 && follower.Log().find("ISSUE_PUBLISHED") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string feed = follower.Log();
  std::vector<std::string> published;
  std::string issue_line;
  std::istringstream lines(feed);
  for (std::string line; std::getline(lines, line);) {
    v1::Change change;
    if (!google::protobuf::util::JsonStringToMessage(line, &change).ok()) continue;
    if (change.type() == v1::Change::ARTICLE_PUBLISHED) published.push_back(change.article().headline());
    if (change.type() == v1::Change::ISSUE_PUBLISHED) issue_line = line;
  }
  ASSERT_FALSE(issue_line.empty()) << feed;
  std::vector<std::string> expected{"人人讲安全 个个会应急"};
  for (const auto& article : page.articles()) expected.push_back(article.headline());
  std::sort(published.begin(), published.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(published, expected) << feed;
  std::size_t last = 0;
  for (const auto& name : {page.articles(0).name(), page.articles(1).name(), page.articles(2).name(),
                           page.articles(3).name(), late_name}) {
    const std::size_t at = issue_line.find(name);
    EXPECT_NE(at, std::string::npos) << name << " in " << issue_line;
    EXPECT_GT(at, last) << name << " out of print order in " << issue_line;
    last = at;
  }
  EXPECT_NE(feed.find("publications/gannan-daily/photos/kangjin-aerial"), std::string::npos)
      << "the photo travels with its story\n" << feed;
}

TEST_F(CliTest, ABadRequestShowsItsCodeAndFieldOnStderrAndFails) {
  Galley({"publication", "create", "--id", "gannan-daily", "--display-name", "赣南日报"});
  const auto bad = RunGalley({"article", "list", "publications/gannan-daily", "--page-size", "-1"}, env_);
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("INVALID_ARGUMENT"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("page_size"), std::string::npos) << bad.output;

  const auto usage = RunGalley({"article", "list", "publications/gannan-daily", "--page-size", "ten"}, env_);
  EXPECT_EQ(usage.exit_code, 2) << usage.output;
  EXPECT_NE(usage.output.find("--page-size"), std::string::npos) << usage.output;
}

}  // namespace
}  // namespace galley::testing
