// Hostile text through the gRPC API, against a fresh PostgreSQL database per
// test. SQL metacharacters in every text field are stored and read back byte
// for byte, and every table is still there afterwards (the store binds every
// value as a parameter); in filters and searches they are values, never SQL;
// names, ids and other fields with a shape refuse them. Text that is not
// valid UTF-8 (overlong forms, lone surrogates, bad continuation bytes) or
// holds a NUL is INVALID_ARGUMENT naming the field, and nothing is stored.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "galley/v1/access_service.grpc.pb.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/unary_call.h"

namespace galley {
namespace {

using testing::Call;
using testing::ViolatedFields;
using v1::Article;

// What an attacker, or an unlucky headline, puts in a text field.
const std::vector<std::string>& SqlMetacharacters() {
  static const std::vector<std::string> values{
      "'); DROP TABLE articles; --",
      "' OR '1'='1",
      "%",
      "_",
      "\\",
      "$1",
      "E'\\\\x00'",
      "\"",
      ";",
      "\\'",
      "/* */",
      "%' AND headline LIKE '%",
      "赣南'); DELETE FROM publications; --",
  };
  return values;
}

const std::vector<std::string>& Tables() {
  static const std::vector<std::string> tables{"publications", "issues",         "sections",  "contributors",
                                               "articles",     "article_revisions", "photos", "access_tokens",
                                               "audit_events", "changes",        "request_ids"};
  return tables;
}

// `value` as a quoted string of the filter language.
std::string Quoted(const std::string& value) {
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class HostileTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    galley_.CreatePublication("gannan-daily");
    galley_.UploadPhoto("gannan-daily", "kangjin-aerial");
  }

  // An article with `text` in every text field it has.
  static Article ArticleAllOf(const std::string& text) {
    Article article;
    for (auto* field : {article.mutable_headline(), article.mutable_kicker(), article.mutable_subheadline(),
                        article.mutable_summary(), article.mutable_dateline()}) {
      *field = text;
    }
    for (const auto kind : {v1::Block::PARAGRAPH, v1::Block::SUBHEADING, v1::Block::QUOTE, v1::Block::PHOTO}) {
      auto* block = article.add_body();
      block->set_kind(kind);
      block->set_text(text);
      block->set_credit(text);
      if (kind == v1::Block::PHOTO) block->set_photo("publications/gannan-daily/photos/kangjin-aerial");
    }
    auto* byline = article.add_bylines();
    byline->set_display_name(text);
    byline->set_credit(text);
    byline->set_role(v1::Contributor::REPORTER);
    article.add_tags(text);
    return article;
  }

  static void ExpectEveryTextIs(const Article& article, const std::string& text) {
    for (const auto* field : {&article.headline(), &article.kicker(), &article.subheadline(), &article.summary(),
                              &article.dateline()}) {
      EXPECT_EQ(*field, text);
    }
    ASSERT_EQ(article.body_size(), 4);
    for (const auto& block : article.body()) {
      EXPECT_EQ(block.text(), text);
      EXPECT_EQ(block.credit(), text);
    }
    ASSERT_EQ(article.bylines_size(), 1);
    EXPECT_EQ(article.bylines(0).display_name(), text);
    EXPECT_EQ(article.bylines(0).credit(), text);
    ASSERT_EQ(article.tags_size(), 1);
    EXPECT_EQ(article.tags(0), text);
  }

  Article GetArticle(const std::string& name) {
    v1::GetArticleRequest request;
    request.set_name(name);
    request.set_view(v1::ARTICLE_VIEW_WORKING_COPY);
    Article article;
    const auto status = Call(*articles_, &v1::ArticleService::Stub::GetArticle, request, &article);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return article;
  }

  std::int64_t Rows(const std::string& table) {
    pqxx::connection connection(galley_.database().url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<std::int64_t>();
  }

  void ExpectEveryTableThere() {
    pqxx::connection connection(galley_.database().url());
    pqxx::nontransaction tx(connection);
    for (const auto& table : Tables()) {
      EXPECT_TRUE(tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", table)[0].as<bool>()) << table;
    }
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::PublicationService::Stub> publications_ = v1::PublicationService::NewStub(galley_.channel());
  std::unique_ptr<v1::IssueService::Stub> issues_ = v1::IssueService::NewStub(galley_.channel());
  std::unique_ptr<v1::ContributorService::Stub> contributors_ = v1::ContributorService::NewStub(galley_.channel());
  std::unique_ptr<v1::ArticleService::Stub> articles_ = v1::ArticleService::NewStub(galley_.channel());
  std::unique_ptr<v1::PhotoService::Stub> photos_ = v1::PhotoService::NewStub(galley_.channel());
  std::unique_ptr<v1::AccessService::Stub> access_ = v1::AccessService::NewStub(galley_.channel());
  testing::ArticleDriver driver_{galley_.channel()};
};

TEST_F(HostileTextTest, SqlMetacharactersInEveryTextFieldAreStoredByteForByte) {
  const auto& values = SqlMetacharacters();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& value = values[i];
    SCOPED_TRACE(value);
    const std::string n = std::to_string(i);

    v1::CreatePublicationRequest publication;
    publication.set_publication_id("hostile-" + n);
    publication.mutable_publication()->set_display_name(value);
    publication.mutable_publication()->set_language("zh-Hans");
    publication.mutable_publication()->set_time_zone("Asia/Shanghai");
    v1::Publication created_publication;
    ASSERT_TRUE(Call(*publications_, &v1::PublicationService::Stub::CreatePublication, publication,
                     &created_publication).ok());
    v1::GetPublicationRequest get_publication;
    get_publication.set_name(created_publication.name());
    v1::Publication read_publication;
    ASSERT_TRUE(Call(*publications_, &v1::PublicationService::Stub::GetPublication, get_publication,
                     &read_publication).ok());
    EXPECT_EQ(read_publication.display_name(), value);

    v1::CreateIssueRequest issue;
    issue.set_parent("publications/gannan-daily");
    issue.mutable_issue()->set_issue_date("2026-06-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1));
    issue.mutable_issue()->set_title(value);
    v1::Issue created_issue;
    ASSERT_TRUE(Call(*issues_, &v1::IssueService::Stub::CreateIssue, issue, &created_issue).ok());
    v1::GetIssueRequest get_issue;
    get_issue.set_name(created_issue.name());
    v1::Issue read_issue;
    ASSERT_TRUE(Call(*issues_, &v1::IssueService::Stub::GetIssue, get_issue, &read_issue).ok());
    EXPECT_EQ(read_issue.title(), value);

    v1::CreateSectionRequest section;
    section.set_parent(created_issue.name());
    section.set_section_id("a" + n);
    section.mutable_section()->set_display_name(value);
    v1::Section created_section;
    ASSERT_TRUE(Call(*issues_, &v1::IssueService::Stub::CreateSection, section, &created_section).ok());
    v1::GetSectionRequest get_section;
    get_section.set_name(created_section.name());
    v1::Section read_section;
    ASSERT_TRUE(Call(*issues_, &v1::IssueService::Stub::GetSection, get_section, &read_section).ok());
    EXPECT_EQ(read_section.display_name(), value);

    v1::CreateContributorRequest contributor;
    contributor.set_parent("publications/gannan-daily");
    contributor.set_contributor_id("c" + n);
    contributor.mutable_contributor()->set_display_name(value);
    contributor.mutable_contributor()->set_affiliation(value);
    v1::Contributor created_contributor;
    ASSERT_TRUE(Call(*contributors_, &v1::ContributorService::Stub::CreateContributor, contributor,
                     &created_contributor).ok());
    v1::GetContributorRequest get_contributor;
    get_contributor.set_name(created_contributor.name());
    v1::Contributor read_contributor;
    ASSERT_TRUE(Call(*contributors_, &v1::ContributorService::Stub::GetContributor, get_contributor,
                     &read_contributor).ok());
    EXPECT_EQ(read_contributor.display_name(), value);
    EXPECT_EQ(read_contributor.affiliation(), value);

    v1::UpdatePhotoRequest photo;
    photo.mutable_photo()->set_name("publications/gannan-daily/photos/kangjin-aerial");
    photo.mutable_photo()->set_caption(value);
    photo.mutable_photo()->set_credit(value);
    photo.mutable_photo()->set_alt_text(value);
    photo.mutable_photo()->set_etag("*");
    for (const char* path : {"caption", "credit", "alt_text"}) photo.mutable_update_mask()->add_paths(path);
    ASSERT_TRUE(Call(*photos_, &v1::PhotoService::Stub::UpdatePhoto, photo).ok());
    v1::GetPhotoRequest get_photo;
    get_photo.set_name(photo.photo().name());
    v1::Photo read_photo;
    ASSERT_TRUE(Call(*photos_, &v1::PhotoService::Stub::GetPhoto, get_photo, &read_photo).ok());
    EXPECT_EQ(read_photo.caption(), value);
    EXPECT_EQ(read_photo.credit(), value);
    EXPECT_EQ(read_photo.alt_text(), value);

    // The article, then every note its workflow stores: the reject note, a
    // correction, the unpublish and kill reasons.
    const Article created = driver_.Create("gannan-daily", "a" + n, ArticleAllOf(value));
    ExpectEveryTextIs(GetArticle(created.name()), value);
    const Article submitted = driver_.Submit(created);
    v1::RejectArticleRequest reject;
    reject.set_name(created.name());
    reject.set_etag(submitted.etag());
    reject.set_note(value);
    Article rejected;
    ASSERT_TRUE(Call(*articles_, &v1::ArticleService::Stub::RejectArticle, reject, &rejected).ok());
    EXPECT_EQ(GetArticle(created.name()).state_reason(), value);
    Article edited = driver_.Live(rejected);
    edited.set_summary(value + " ");
    const Article corrected = driver_.Publish(driver_.Update(edited, "summary"), value);
    const Article unpublished = driver_.Unpublish(corrected, value);
    const Article stored = GetArticle(created.name());
    ASSERT_EQ(stored.corrections_size(), 1);
    EXPECT_EQ(stored.corrections(0).text(), value);
    EXPECT_EQ(stored.state_reason(), value);
    EXPECT_EQ(driver_.Kill(unpublished, value).state_reason(), value);
  }
  ExpectEveryTableThere();
  EXPECT_EQ(Rows("publications"), static_cast<std::int64_t>(values.size() + 1));
  EXPECT_EQ(Rows("articles"), static_cast<std::int64_t>(values.size()));
  EXPECT_EQ(Rows("contributors"), static_cast<std::int64_t>(values.size()));
}

TEST_F(HostileTextTest, SqlMetacharactersInFiltersAndSearchesAreValuesNeverSql) {
  const auto& values = SqlMetacharacters();
  for (std::size_t i = 0; i < values.size(); ++i) {
    Article article;
    article.set_headline("稀土产业链 " + values[i]);
    article.add_tags(values[i]);
    driver_.Create("gannan-daily", "a" + std::to_string(i), article);
  }
  // Quoted, each value finds exactly the article tagged with it: `%` and
  // `_` are not patterns, a quote does not end the string.
  for (const auto& value : values) {
    v1::ListArticlesRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_filter("tags = " + Quoted(value));
    v1::ListArticlesResponse response;
    const auto status = Call(*articles_, &v1::ArticleService::Stub::ListArticles, request, &response);
    ASSERT_TRUE(status.ok()) << value << ": " << status.error_message();
    ASSERT_EQ(response.articles_size(), 1) << value;
    EXPECT_EQ(response.articles(0).tags(0), value);
  }
  // Written into the filter's syntax, they are a clear INVALID_ARGUMENT on
  // `filter`, or values that match nothing.
  struct Case {
    std::string filter;
    bool valid;
  };
  for (const auto& [filter, valid] : std::vector<Case>{
           {"tags = \"x\" OR 1=1", false},
           {"tags = x' OR '1'='1", false},
           {"headline = 'x'; DROP TABLE articles; --", false},
           {"state = \"DRAFT' OR '1'='1\"", true},
           {"tags = \"x\"; DROP TABLE articles; --", false},
           {"tags = \"\\\"); DELETE FROM articles; --\"", true},
           {"owner = \"' OR ''='\"", true},
           {"tags = $1", true},
           {"tags = %", true},
       }) {
    v1::ListArticlesRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_filter(filter);
    v1::ListArticlesResponse response;
    const auto status = Call(*articles_, &v1::ArticleService::Stub::ListArticles, request, &response);
    if (valid) {
      EXPECT_TRUE(status.ok()) << filter << ": " << status.error_message();
      EXPECT_EQ(response.articles_size(), filter == "tags = %" || filter == "tags = $1" ? 1 : 0) << filter;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << filter;
      EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"filter"}) << filter;
    }
  }
  // As search queries: found or "nothing to search for", never an error of the server.
  for (const auto& value : values) {
    v1::SearchArticlesRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_query(value);
    request.set_view(v1::ARTICLE_VIEW_WORKING_COPY);
    v1::SearchArticlesResponse response;
    const auto status = Call(*articles_, &v1::ArticleService::Stub::SearchArticles, request, &response);
    if (status.ok()) continue;
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << value << ": " << status.error_message();
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"query"}) << value;
  }
  v1::SearchArticlesRequest injection;
  injection.set_parent("publications/gannan-daily");
  injection.set_query("'); DROP TABLE articles; --");
  injection.set_view(v1::ARTICLE_VIEW_WORKING_COPY);
  v1::SearchArticlesResponse found;
  ASSERT_TRUE(Call(*articles_, &v1::ArticleService::Stub::SearchArticles, injection, &found).ok());
  ASSERT_GE(found.results_size(), 1);
  EXPECT_EQ(found.results(0).article().tags(0), "'); DROP TABLE articles; --");
  ExpectEveryTableThere();
  EXPECT_EQ(Rows("articles"), static_cast<std::int64_t>(values.size()));
}

TEST_F(HostileTextTest, FieldsWithAShapeRefuseSqlMetacharactersNamingTheField) {
  const std::string injection = "x'); DROP TABLE publications; --";
  struct Case {
    std::string field;
    std::function<grpc::Status()> call;
  };
  const std::vector<Case> cases{
      {"publication_id",
       [&] {
         v1::CreatePublicationRequest request;
         request.set_publication_id(injection);
         request.mutable_publication()->set_display_name("赣南日报");
         request.mutable_publication()->set_language("zh-Hans");
         request.mutable_publication()->set_time_zone("Asia/Shanghai");
         return Call(*publications_, &v1::PublicationService::Stub::CreatePublication, request);
       }},
      {"publication.language",
       [&] {
         v1::CreatePublicationRequest request;
         request.mutable_publication()->set_display_name("赣南日报");
         request.mutable_publication()->set_language(injection);
         request.mutable_publication()->set_time_zone("Asia/Shanghai");
         return Call(*publications_, &v1::PublicationService::Stub::CreatePublication, request);
       }},
      {"publication.time_zone",
       [&] {
         v1::CreatePublicationRequest request;
         request.mutable_publication()->set_display_name("赣南日报");
         request.mutable_publication()->set_language("zh-Hans");
         request.mutable_publication()->set_time_zone("Asia/Shanghai" + injection);
         return Call(*publications_, &v1::PublicationService::Stub::CreatePublication, request);
       }},
      {"issue.issue_date",
       [&] {
         v1::CreateIssueRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_issue()->set_issue_date("2026-05-12" + injection);
         return Call(*issues_, &v1::IssueService::Stub::CreateIssue, request);
       }},
      {"token.principal",
       [&] {
         v1::CreateTokenRequest request;
         request.mutable_token()->set_principal(injection);
         request.mutable_token()->set_role(v1::Token::EDITOR);
         return Call(*access_, &v1::AccessService::Stub::CreateToken, request);
       }},
      {"name",
       [&] {
         v1::GetArticleRequest request;
         request.set_name("publications/gannan-daily/articles/" + injection);
         return Call(*articles_, &v1::ArticleService::Stub::GetArticle, request);
       }},
      {"article.section",
       [&] {
         v1::CreateArticleRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_article()->set_headline("稀土");
         request.mutable_article()->set_section("publications/gannan-daily/issues/2026-05-12/sections/" + injection);
         return Call(*articles_, &v1::ArticleService::Stub::CreateArticle, request);
       }},
      {"request_id",
       [&] {
         v1::CreateContributorRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_contributor()->set_display_name("尹才霞");
         request.set_request_id(injection);
         return Call(*contributors_, &v1::ContributorService::Stub::CreateContributor, request);
       }},
      {"order_by",
       [&] {
         v1::ListContributorsRequest request;
         request.set_parent("publications/gannan-daily");
         request.set_order_by("display_name; DROP TABLE contributors; --");
         return Call(*contributors_, &v1::ContributorService::Stub::ListContributors, request);
       }},
      {"page_token",
       [&] {
         v1::ListPhotosRequest request;
         request.set_parent("publications/gannan-daily");
         request.set_page_token("' OR 1=1; --");
         return Call(*photos_, &v1::PhotoService::Stub::ListPhotos, request);
       }},
  };
  for (const auto& c : cases) {
    const grpc::Status status = c.call();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field << ": " << status.error_message();
    EXPECT_TRUE(Contains(ViolatedFields(status), c.field)) << c.field << ": " << status.error_message();
  }
  ExpectEveryTableThere();
  EXPECT_EQ(Rows("publications"), 1);
  EXPECT_EQ(Rows("contributors"), 0);
  EXPECT_EQ(Rows("access_tokens"), 1);  // the test's own admin token
}

// Text that no proto3 string may hold (gRPC refuses to decode it), and a NUL,
// which PostgreSQL's text cannot hold.
struct BadText {
  const char* what;
  std::string bytes;
};

const std::vector<BadText>& BadTexts() {
  static const std::vector<BadText> texts{
      {"an overlong '/'", "a\xC0\xAF"},
      {"an overlong '/' in three bytes", "a\xE0\x80\xAF"},
      {"a lone high surrogate", "a\xED\xA0\x80"},
      {"a lone low surrogate", "赣\xED\xBF\xBF"},
      {"a NUL", std::string("赣南\0日报", 13)},
      {"a lead byte with an ASCII continuation", "a\xE4\xB8" "A"},
      {"a stray continuation byte", "\x80" "a"},
      {"a code point past U+10FFFF", "a\xF4\x90\x80\x80"},
  };
  return texts;
}

TEST_F(HostileTextTest, MalformedUtf8AndNulInATextFieldAreRefusedNamingItAndStoreNothing) {
  struct Case {
    std::string field;        // the field a NUL is refused for
    std::string undecodable;  // the same, as text gRPC cannot decode names it: without an element's index
    std::function<grpc::Status(const std::string&)> call;
  };
  const auto create_article = [&](const std::function<void(Article&, const std::string&)>& set) {
    return [&, set](const std::string& text) {
      v1::CreateArticleRequest request;
      request.set_parent("publications/gannan-daily");
      request.mutable_article()->set_headline("稀土产业链加速延伸");
      set(*request.mutable_article(), text);
      return Call(*articles_, &v1::ArticleService::Stub::CreateArticle, request);
    };
  };
  const auto block = [](Article& article) {
    auto* block = article.add_body();
    block->set_kind(v1::Block::PARAGRAPH);
    block->set_text("记者从市工信局获悉");
    return block;
  };
  const auto byline = [](Article& article) {
    auto* byline = article.add_bylines();
    byline->set_display_name("尹才霞");
    return byline;
  };
  const std::vector<Case> cases{
      {"publication.display_name", "publication.display_name",
       [&](const std::string& text) {
         v1::CreatePublicationRequest request;
         request.mutable_publication()->set_display_name(text);
         request.mutable_publication()->set_language("zh-Hans");
         request.mutable_publication()->set_time_zone("Asia/Shanghai");
         return Call(*publications_, &v1::PublicationService::Stub::CreatePublication, request);
       }},
      {"issue.title", "issue.title",
       [&](const std::string& text) {
         v1::CreateIssueRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_issue()->set_issue_date("2026-05-12");
         request.mutable_issue()->set_title(text);
         return Call(*issues_, &v1::IssueService::Stub::CreateIssue, request);
       }},
      {"contributor.affiliation", "contributor.affiliation",
       [&](const std::string& text) {
         v1::CreateContributorRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_contributor()->set_display_name("尹才霞");
         request.mutable_contributor()->set_affiliation(text);
         return Call(*contributors_, &v1::ContributorService::Stub::CreateContributor, request);
       }},
      {"article.headline", "article.headline", create_article([](Article& a, const std::string& t) { a.set_headline(t); })},
      {"article.kicker", "article.kicker", create_article([](Article& a, const std::string& t) { a.set_kicker(t); })},
      {"article.summary", "article.summary", create_article([](Article& a, const std::string& t) { a.set_summary(t); })},
      {"article.dateline", "article.dateline", create_article([](Article& a, const std::string& t) { a.set_dateline(t); })},
      {"article.body[0].text", "article.body.text", create_article([&](Article& a, const std::string& t) { block(a)->set_text(t); })},
      {"article.body[0].credit", "article.body.credit", create_article([&](Article& a, const std::string& t) { block(a)->set_credit(t); })},
      {"article.bylines[0].display_name", "article.bylines.display_name",
       create_article([&](Article& a, const std::string& t) { byline(a)->set_display_name(t); })},
      {"article.bylines[0].credit", "article.bylines.credit",
       create_article([&](Article& a, const std::string& t) { byline(a)->set_credit(t); })},
      {"article.tags[0]", "article.tags", create_article([](Article& a, const std::string& t) { a.add_tags(t); })},
      {"metadata.photo.caption", "metadata.photo.caption",
       [&](const std::string& text) {
         grpc::ClientContext context;
         v1::Photo photo;
         auto stream = photos_->UploadPhoto(&context, &photo);
         v1::UploadPhotoRequest metadata;
         metadata.mutable_metadata()->set_parent("publications/gannan-daily");
         metadata.mutable_metadata()->mutable_photo()->set_caption(text);
         stream->Write(metadata);
         stream->WritesDone();
         return stream->Finish();
       }},
      {"photo.alt_text", "photo.alt_text",
       [&](const std::string& text) {
         v1::UpdatePhotoRequest request;
         request.mutable_photo()->set_name("publications/gannan-daily/photos/kangjin-aerial");
         request.mutable_photo()->set_alt_text(text);
         request.mutable_photo()->set_etag("*");
         request.mutable_update_mask()->add_paths("alt_text");
         return Call(*photos_, &v1::PhotoService::Stub::UpdatePhoto, request);
       }},
      {"filter", "filter",
       [&](const std::string& text) {
         v1::ListArticlesRequest request;
         request.set_parent("publications/gannan-daily");
         request.set_filter("tags = \"" + text + "\"");
         return Call(*articles_, &v1::ArticleService::Stub::ListArticles, request);
       }},
      {"query", "query",
       [&](const std::string& text) {
         v1::SearchArticlesRequest request;
         request.set_parent("publications/gannan-daily");
         request.set_query("稀土" + text);
         return Call(*articles_, &v1::ArticleService::Stub::SearchArticles, request);
       }},
  };
  const auto photo_before = Rows("photos");
  for (const auto& c : cases) {
    for (const auto& bad : BadTexts()) {
      const grpc::Status status = c.call(bad.bytes);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << c.field << " with " << bad.what << ": " << status.error_message();
      const bool nul = bad.bytes.find('\0') != std::string::npos;
      const std::string& field = nul ? c.field : c.undecodable;
      EXPECT_TRUE(Contains(ViolatedFields(status), field))
          << c.field << " with " << bad.what << " named " << ::testing::PrintToString(ViolatedFields(status));
    }
  }
  EXPECT_EQ(Rows("publications"), 1);
  EXPECT_EQ(Rows("issues"), 0);
  EXPECT_EQ(Rows("contributors"), 0);
  EXPECT_EQ(Rows("articles"), 0);
  EXPECT_EQ(Rows("photos"), photo_before);
  v1::GetPhotoRequest get_photo;
  get_photo.set_name("publications/gannan-daily/photos/kangjin-aerial");
  v1::Photo photo;
  ASSERT_TRUE(Call(*photos_, &v1::PhotoService::Stub::GetPhoto, get_photo, &photo).ok());
  EXPECT_EQ(photo.alt_text(), "");
}

}  // namespace
}  // namespace galley
