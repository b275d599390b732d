// ArticleService through gRPC against a fresh PostgreSQL database per test:
// articles, their revisions, and no lost edits under concurrency.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ErrorReason;
using testing::ViolatedFields;
using v1::Article;

constexpr const char* kSection = "publications/gannan-daily/issues/2026-05-12/sections/a03";
constexpr const char* kReporter = "publications/gannan-daily/contributors/yin-caixia";

class ArticleServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    galley_.CreatePublication("gannan-daily");
    auto issues = v1::IssueService::NewStub(galley_.channel());
    {
      v1::CreateIssueRequest request;
      request.set_parent("publications/gannan-daily");
      request.mutable_issue()->set_issue_date("2026-05-12");
      grpc::ClientContext context;
      v1::Issue issue;
      ASSERT_TRUE(issues->CreateIssue(&context, request, &issue).ok());
    }
    {
      v1::CreateSectionRequest request;
      request.set_parent("publications/gannan-daily/issues/2026-05-12");
      request.set_section_id("a03");
      request.mutable_section()->set_display_name("综合新闻");
      grpc::ClientContext context;
      v1::Section section;
      ASSERT_TRUE(issues->CreateSection(&context, request, &section).ok());
    }
    galley_.UploadPhoto("gannan-daily", "kangjin-aerial");
    v1::CreateContributorRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_contributor_id("yin-caixia");
    request.mutable_contributor()->set_display_name("尹才霞");
    grpc::ClientContext context;
    v1::Contributor contributor;
    ASSERT_TRUE(v1::ContributorService::NewStub(galley_.channel())->CreateContributor(&context, request, &contributor).ok());
  }

  static Article Story() {
    Article article;
    article.set_kicker("赣县区做强“四链三群”推动工业经济跃升");
    article.set_headline("产业拔节生长 集群磁力强劲");
    article.set_dateline("本报赣州讯");
    auto* paragraph = article.add_body();
    paragraph->set_kind(v1::Block::PARAGRAPH);
    paragraph->set_text("日前,走进赣州康晋储能技术有限公司车间,全自动化产线高速运转。");
    auto* photo = article.add_body();
    photo->set_kind(v1::Block::PHOTO);
    photo->set_photo("publications/gannan-daily/photos/kangjin-aerial");
    photo->set_text("赣州康晋储能技术有限公司航拍图");
    photo->set_credit("薛顺鑫摄");
    auto* byline = article.add_bylines();
    byline->set_contributor(kReporter);
    byline->set_display_name("尹才霞");
    byline->set_role(v1::Contributor::REPORTER);
    byline->set_credit("本报记者");
    auto* plain = article.add_bylines();
    plain->set_display_name("刘玉明");
    article.add_tags("赣县");
    article.add_tags("工业");
    article.set_section(kSection);
    article.set_position(1);
    return article;
  }

  grpc::Status Create(const Article& article, Article* out, const std::string& id = "",
                      const std::string& request_id = "") {
    v1::CreateArticleRequest request;
    request.set_parent("publications/gannan-daily");
    *request.mutable_article() = article;
    request.set_article_id(id);
    request.set_request_id(request_id);
    grpc::ClientContext context;
    return stub_->CreateArticle(&context, request, out);
  }

  Article MustCreate(const Article& article, const std::string& id = "") {
    Article out;
    const auto status = Create(article, &out, id);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Update(const Article& article, const std::vector<std::string>& paths, Article* out) {
    v1::UpdateArticleRequest request;
    *request.mutable_article() = article;
    for (const auto& path : paths) request.mutable_update_mask()->add_paths(path);
    grpc::ClientContext context;
    return stub_->UpdateArticle(&context, request, out);
  }

  grpc::Status Get(const std::string& name, Article* out) {
    v1::GetArticleRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    return stub_->GetArticle(&context, request, out);
  }

  std::vector<v1::ArticleRevision> Revisions(const std::string& article, int page_size = 0) {
    std::vector<v1::ArticleRevision> all;
    v1::ListArticleRevisionsRequest request;
    request.set_parent(article);
    request.set_page_size(page_size);
    for (int guard = 0; guard < 1000; ++guard) {
      v1::ListArticleRevisionsResponse response;
      grpc::ClientContext context;
      const auto status = stub_->ListArticleRevisions(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), response.revisions().begin(), response.revisions().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  std::vector<std::string> ListHeadlines(const std::string& filter, const std::string& order_by = "") {
    v1::ListArticlesRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_filter(filter);
    request.set_order_by(order_by);
    v1::ListArticlesResponse response;
    grpc::ClientContext context;
    const auto status = stub_->ListArticles(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> headlines;
    for (const auto& article : response.articles()) headlines.push_back(article.headline());
    return headlines;
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::ArticleService::Stub> stub_ = v1::ArticleService::NewStub(galley_.channel());
};

TEST_F(ArticleServiceTest, ANewArticleIsADraftAtRevisionOneWithEveryField) {
  const auto created = MustCreate(Story(), "kangjin");
  EXPECT_EQ(created.name(), "publications/gannan-daily/articles/kangjin");
  EXPECT_EQ(created.state(), Article::DRAFT);
  EXPECT_EQ(created.revision(), 1);
  EXPECT_EQ(created.language(), "zh-Hans");  // the publication's
  EXPECT_EQ(created.owner(), "test-admin");  // who created it
  EXPECT_EQ(created.published_revision(), 0);
  Article expected = Story();
  expected.set_language("zh-Hans");
  for (const auto* field : {"name", "state", "revision", "etag", "create_time", "update_time"}) {
    expected.GetReflection()->ClearField(&expected, expected.GetDescriptor()->FindFieldByName(field));
  }
  Article content = created;
  for (const auto* field : {"name", "state", "revision", "etag", "create_time", "update_time", "owner"}) {
    content.GetReflection()->ClearField(&content, content.GetDescriptor()->FindFieldByName(field));
  }
  EXPECT_EQ(content.SerializeAsString(), expected.SerializeAsString()) << content.DebugString();
  Article fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(ArticleServiceTest, MixedScriptsEmojiAndRareCharactersRoundTripExactly) {
  Article article = Story();
  article.set_headline("𠀀 Rare 罕见字 and emoji 📰🇨🇳 mixed 中英文");
  article.mutable_body(0)->set_text("Line one 第一行\n第二行 with tab\tand “quotes” ‘single’ — dash");
  article.add_tags("𠀀");
  const auto created = MustCreate(article);
  Article fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.headline(), article.headline());
  EXPECT_EQ(fetched.body(0).text(), article.body(0).text());
  EXPECT_EQ(fetched.tags(2), "𠀀");
  EXPECT_EQ(ListHeadlines(R"(tags = "𠀀")"), std::vector<std::string>{article.headline()});
}

TEST_F(ArticleServiceTest, BadArticlesAreRefusedNamingEachField) {
  Article out;
  auto with = [](const std::function<void(Article&)>& edit) {
    Article article = Story();
    edit(article);
    return article;
  };
  const std::vector<std::pair<Article, std::string>> cases{
      {with([](Article& a) { a.clear_headline(); }), "article.headline"},
      {with([](Article& a) { a.set_headline(std::string(201 * 3, 'x')); }), "article.headline"},
      {with([](Article& a) { a.mutable_body(0)->set_kind(v1::Block::KIND_UNSPECIFIED); }), "article.body[0].kind"},
      {with([](Article& a) { a.mutable_body(0)->set_text(std::string("a\0b", 3)); }), "article.body[0].text"},
      {with([](Article& a) { a.mutable_body(1)->set_photo("photos/x"); }), "article.body[1].photo"},
      {with([](Article& a) { a.mutable_bylines(1)->clear_display_name(); }), "article.bylines[1].display_name"},
      {with([](Article& a) { a.add_tags("赣县"); }), "article.tags[2]"},
      {with([](Article& a) { a.set_section("issues/x"); }), "article.section"},
      {with([](Article& a) { a.mutable_bylines(0)->set_contributor("publications/gannan-daily/contributors/nobody"); }),
       "article.bylines[0].contributor"},
      {with([](Article& a) { a.set_section("publications/gannan-daily/issues/2026-05-12/sections/z99"); }),
       "article.section"},
      {with([](Article& a) { a.mutable_body(1)->set_photo("publications/gannan-daily/photos/missing"); }),
       "article.body[1].photo"},
  };
  for (const auto& [article, field] : cases) {
    const auto status = Create(article, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{field}) << status.error_message();
  }
  EXPECT_TRUE(ListHeadlines("").empty());
}

TEST_F(ArticleServiceTest, EveryMissingReferenceIsNamedAmongThoseThatExist) {
  // The section, bylines and photos are looked up together: each missing
  // one is named in its place, next to ones that exist.
  Article article = Story();
  article.set_section("publications/other-daily/issues/2026-05-12/sections/a01");
  auto* missing = article.add_bylines();
  missing->set_display_name("无名");
  missing->set_contributor("publications/gannan-daily/contributors/nobody");
  auto* second = article.add_bylines();
  second->set_display_name("钟瑶");
  second->set_contributor(kReporter);
  auto* photo = article.add_body();
  photo->set_kind(v1::Block::PHOTO);
  photo->set_photo("publications/gannan-daily/photos/missing");
  photo->set_text("航拍");
  Article out;
  const auto status = Create(article, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto last_byline = std::to_string(article.bylines_size() - 2);
  const auto last_block = std::to_string(article.body_size() - 1);
  EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"article.section",
                                                              "article.bylines[" + last_byline + "].contributor",
                                                              "article.body[" + last_block + "].photo"}))
      << status.error_message();
  EXPECT_TRUE(ListHeadlines("").empty());
}

TEST_F(ArticleServiceTest, EveryChangeIsARevisionAndRestoreAddsOne) {
  const auto created = MustCreate(Story());
  Article edit = created;
  edit.set_headline("产业拔节生长");
  Article second;
  ASSERT_TRUE(Update(edit, {"headline"}, &second).ok());
  EXPECT_EQ(second.revision(), 2);
  EXPECT_NE(second.etag(), created.etag());

  Article same = second;  // changes nothing: no revision
  Article unchanged;
  ASSERT_TRUE(Update(same, {"headline"}, &unchanged).ok());
  EXPECT_EQ(unchanged.revision(), 2);

  Article stale = created;
  stale.set_summary("lost?");
  Article ignored;
  const auto aborted = Update(stale, {"summary"}, &ignored);
  EXPECT_EQ(aborted.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorReason(aborted), "ETAG_MISMATCH");

  const auto history = Revisions(created.name(), 1);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].snapshot().revision(), 2);  // newest first
  EXPECT_EQ(std::vector<std::string>(history[0].changed_fields().begin(), history[0].changed_fields().end()),
            std::vector<std::string>{"headline"});
  EXPECT_EQ(history[1].snapshot().headline(), "产业拔节生长 集群磁力强劲");
  EXPECT_FALSE(history[1].author().empty());

  v1::RestoreArticleRevisionRequest restore;
  restore.set_name(created.name() + "/revisions/1");
  restore.set_etag(second.etag());
  Article restored;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->RestoreArticleRevision(&context, restore, &restored).ok());
  }
  EXPECT_EQ(restored.revision(), 3);
  EXPECT_EQ(restored.headline(), "产业拔节生长 集群磁力强劲");
  EXPECT_EQ(Revisions(created.name()).size(), 3u);

  v1::GetArticleRevisionRequest get;
  get.set_name(created.name() + "/revisions/2");
  v1::ArticleRevision revision;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetArticleRevision(&context, get, &revision).ok());
  EXPECT_EQ(revision.snapshot().headline(), "产业拔节生长");
}

TEST_F(ArticleServiceTest, AnotherReportersArticleIsNotFoundToAnUpdateWhateverItsEtag) {
  auto owner = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReporter, "liu-yuming"));
  auto other = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReporter, "yin-caixia"));
  Article created;
  {
    v1::CreateArticleRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_article_id("liu-draft");
    *request.mutable_article() = Story();
    grpc::ClientContext context;
    ASSERT_TRUE(owner->CreateArticle(&context, request, &created).ok());
  }
  auto update = [&](v1::ArticleService::Stub& stub, const std::string& name, const std::string& etag) {
    v1::UpdateArticleRequest request;
    request.mutable_article()->set_name(name);
    request.mutable_article()->set_etag(etag);
    request.mutable_article()->set_headline("改过的标题");
    request.mutable_update_mask()->add_paths("headline");
    Article out;
    grpc::ClientContext context;
    return stub.UpdateArticle(&context, request, &out);
  };
  // Whatever the etag, the answer is the one for an article that does not exist.
  const auto missing = update(*other, "publications/gannan-daily/articles/no-such-article", "stale");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  for (const auto& etag : {std::string("stale"), created.etag(), std::string("*")}) {
    const auto status = update(*other, created.name(), etag);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << etag << ": " << status.error_message();
    EXPECT_EQ(ErrorReason(status), ErrorReason(missing)) << etag;
  }
  // The owner's stale etag is still refused as such.
  EXPECT_EQ(update(*owner, created.name(), "stale").error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Revisions(created.name()).size(), 1u);
}

TEST_F(ArticleServiceTest, RestoreNeedsTheCurrentEtagAndAnExistingRevision) {
  const auto created = MustCreate(Story());
  Article out;
  for (const auto& [name, etag, code] : std::vector<std::tuple<std::string, std::string, grpc::StatusCode>>{
           {created.name() + "/revisions/1", "", grpc::StatusCode::INVALID_ARGUMENT},
           {created.name() + "/revisions/1", "stale", grpc::StatusCode::ABORTED},
           {created.name() + "/revisions/9", "*", grpc::StatusCode::NOT_FOUND},
           {created.name() + "/revisions/0", "*", grpc::StatusCode::INVALID_ARGUMENT},
       }) {
    v1::RestoreArticleRevisionRequest restore;
    restore.set_name(name);
    restore.set_etag(etag);
    grpc::ClientContext context;
    EXPECT_EQ(stub_->RestoreArticleRevision(&context, restore, &out).error_code(), code) << name << " " << etag;
  }
  EXPECT_EQ(Revisions(created.name()).size(), 1u);
}

TEST_F(ArticleServiceTest, DeletingKeepsTheRecordAndRefusesPublishedArticles) {
  const auto draft = MustCreate(Story(), "draft");
  const auto live = MustCreate(Story(), "live");
  {
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    tx.exec("UPDATE articles SET state = 'PUBLISHED' WHERE id = 'live'");
    tx.commit();
  }
  google::protobuf::Empty empty;
  v1::DeleteArticleRequest remove;
  remove.set_name(live.name());
  {
    grpc::ClientContext context;
    const auto status = stub_->DeleteArticle(&context, remove, &empty);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  }
  remove.set_name(draft.name());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DeleteArticle(&context, remove, &empty).ok());
  }
  Article gone;
  EXPECT_EQ(Get(draft.name(), &gone).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Revisions(draft.name()).size(), 1u);  // the record stays
  Article again;
  EXPECT_EQ(Create(Story(), &again, "draft").error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(ArticleServiceTest, ListFiltersByPlacementTagsContributorsAndState) {
  Article first = Story();
  first.set_headline("one");
  first.set_position(2);
  MustCreate(first);
  Article second = Story();
  second.set_headline("two");
  second.set_position(1);
  second.clear_tags();
  second.add_tags("稀土");
  MustCreate(second);
  Article web = Story();
  web.set_headline("web only");
  web.clear_section();
  web.set_position(0);
  web.mutable_bylines(0)->clear_contributor();
  MustCreate(web);

  EXPECT_EQ(ListHeadlines(std::string("section = \"") + kSection + "\"", "position"),
            (std::vector<std::string>{"two", "one"}));
  EXPECT_EQ(ListHeadlines(R"(issue = "publications/gannan-daily/issues/2026-05-12")").size(), 2u);
  EXPECT_EQ(ListHeadlines(R"(tags = "稀土")"), std::vector<std::string>{"two"});
  EXPECT_EQ(ListHeadlines(std::string("contributors = \"") + kReporter + "\"").size(), 2u);
  EXPECT_EQ(ListHeadlines(R"(state = "DRAFT")").size(), 3u);
  EXPECT_EQ(ListHeadlines("").front(), "web only");  // most recently updated first
}

TEST_F(ArticleServiceTest, WhatArticlesUseCannotBeDeletedUnderThem) {
  MustCreate(Story());
  google::protobuf::Empty empty;
  auto issues = v1::IssueService::NewStub(galley_.channel());
  v1::DeleteSectionRequest section;
  section.set_name(kSection);
  {
    grpc::ClientContext context;
    EXPECT_EQ(issues->DeleteSection(&context, section, &empty).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  }
  v1::DeleteIssueRequest issue;
  issue.set_name("publications/gannan-daily/issues/2026-05-12");
  {
    grpc::ClientContext context;
    EXPECT_EQ(issues->DeleteIssue(&context, issue, &empty).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  }
  v1::DeleteContributorRequest contributor;
  contributor.set_name(kReporter);
  grpc::ClientContext context;
  const auto status =
      v1::ContributorService::NewStub(galley_.channel())->DeleteContributor(&context, contributor, &empty);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "IN_USE");
}

TEST_F(ArticleServiceTest, SixteenEditorsInReadModifyWriteLoopsLoseNoEdit) {
  const auto created = MustCreate(Story());
  constexpr int kEditors = 16;
  constexpr int kAttemptsEach = 12;
  std::mutex mutex;
  std::map<std::int64_t, std::string> acknowledged;  // revision -> the summary it saved
  std::atomic<int> aborted{0};
  std::vector<std::thread> editors;
  for (int editor = 0; editor < kEditors; ++editor) {
    editors.emplace_back([&, editor] {
      auto stub = v1::ArticleService::NewStub(galley_.channel());
      for (int attempt = 0; attempt < kAttemptsEach; ++attempt) {
        Article current;
        {
          v1::GetArticleRequest get;
          get.set_name(created.name());
          grpc::ClientContext context;
          if (!stub->GetArticle(&context, get, &current).ok()) continue;
        }
        const std::string summary = current.summary() + "[" + std::to_string(editor) + ":" + std::to_string(attempt) + "]";
        current.set_summary(summary);
        v1::UpdateArticleRequest update;
        *update.mutable_article() = current;
        update.mutable_update_mask()->add_paths("summary");
        Article saved;
        grpc::ClientContext context;
        const auto status = stub->UpdateArticle(&context, update, &saved);
        if (status.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged[saved.revision()] = saved.summary();
          EXPECT_EQ(saved.summary(), summary);
        } else {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
          ++aborted;
        }
      }
    });
  }
  for (auto& thread : editors) thread.join();
  ASSERT_FALSE(acknowledged.empty());
  // One revision for the create, one for each acknowledged update: no more,
  // no fewer, and each holds exactly what its editor was told it saved.
  const auto history = Revisions(created.name());
  EXPECT_EQ(history.size(), acknowledged.size() + 1);
  EXPECT_EQ(static_cast<int>(acknowledged.size()) + aborted.load(), kEditors * kAttemptsEach);
  for (const auto& revision : history) {
    if (revision.snapshot().revision() == 1) continue;
    const auto it = acknowledged.find(revision.snapshot().revision());
    ASSERT_NE(it, acknowledged.end()) << "an unacknowledged revision " << revision.snapshot().revision();
    EXPECT_EQ(revision.snapshot().summary(), it->second);
  }
  // Each edit built on the one before: the last summary holds every one.
  Article last;
  ASSERT_TRUE(Get(created.name(), &last).ok());
  for (const auto& [number, summary] : acknowledged) {
    EXPECT_NE(last.summary().find(summary.substr(summary.rfind('['))), std::string::npos) << number;
  }
}

TEST_F(ArticleServiceTest, RacingRetriesOfOneCreateMakeOneArticle) {
  std::vector<std::thread> threads;
  std::set<std::string> names;
  std::mutex mutex;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Article out;
      const auto status = Create(Story(), &out, "", "create-once");
      EXPECT_TRUE(status.ok()) << status.error_message();
      std::lock_guard<std::mutex> lock(mutex);
      names.insert(out.name());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(names.size(), 1u);
  EXPECT_EQ(ListHeadlines("").size(), 1u);
}

}  // namespace
}  // namespace galley
