// Oversized and deeply repeated requests through the gRPC API, against a
// fresh PostgreSQL database per test: a 10 MB body or headline is
// INVALID_ARGUMENT naming the field, a request over the server's 16 MiB
// receive limit RESOURCE_EXHAUSTED; 100 000 blocks, tags, bylines, roles or
// mask paths, a filter thousands of parentheses deep and a message nested
// 100 000 groups deep are each a clear error. Never INTERNAL, never a crash,
// and nothing half-written.
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <gtest/gtest.h>

#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "app/galley_services.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/unary_call.h"

namespace galley {
namespace {

using testing::Call;
using testing::ErrorReason;
using testing::ViolatedFields;
using v1::Article;

constexpr std::size_t kTenMegabytes = 10 * 1000 * 1000;
constexpr int kDeep = 100000;

// `bytes` bytes of Chinese text (3 bytes a character).
std::string ChineseOfSize(std::size_t bytes) {
  std::string text;
  text.reserve(bytes);
  while (text.size() + 3 <= bytes) text += "稀";
  return text;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class OversizedRequestTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  grpc::Status CreateArticle(const Article& article) {
    v1::CreateArticleRequest request;
    request.set_parent("publications/gannan-daily");
    *request.mutable_article() = article;
    return Call(*articles_, &v1::ArticleService::Stub::CreateArticle, request);
  }

  static Article WithHeadline() {
    Article article;
    article.set_headline("稀土产业链加速延伸");
    return article;
  }

  std::int64_t Rows(const std::string& table) {
    pqxx::connection connection(galley_.database().url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<std::int64_t>();
  }

  // A principal may send up to what gRPC receives (16 MiB), as with
  // `--max-request-kib 16384`, so that each field's own limit is what refuses
  // it; the default 2 MiB refuses these before any field is read
  // (tests/e2e/principal_limits_test.cc).
  static app::GalleyServices::Limits UpToTheReceiveLimit() {
    app::GalleyServices::Limits limits;
    limits.per_principal.request_bytes = app::GalleyServices::kMaxRequestBytes;
    return limits;
  }

  testing::InProcessGalley galley_{UpToTheReceiveLimit()};
  std::unique_ptr<v1::ArticleService::Stub> articles_ = v1::ArticleService::NewStub(galley_.channel());
  std::unique_ptr<v1::ContributorService::Stub> contributors_ = v1::ContributorService::NewStub(galley_.channel());
  testing::ArticleDriver driver_{galley_.channel()};
};

TEST_F(OversizedRequestTest, TenMegabytesInOneFieldIsInvalidArgumentNamingItAndStoresNothing) {
  const Article stored = driver_.Create("gannan-daily", "xitu", "稀土产业链加速延伸");
  const std::string huge = ChineseOfSize(kTenMegabytes);
  struct Case {
    std::string field;
    std::function<grpc::Status()> call;
  };
  const std::vector<Case> cases{
      {"article.body[0].text",
       [&] {
         Article article = WithHeadline();
         auto* block = article.add_body();
         block->set_kind(v1::Block::PARAGRAPH);
         block->set_text(huge);
         return CreateArticle(article);
       }},
      {"article.headline",
       [&] {
         Article article;
         article.set_headline(huge);
         return CreateArticle(article);
       }},
      {"article.summary",
       [&] {
         v1::UpdateArticleRequest request;
         request.mutable_article()->set_name(stored.name());
         request.mutable_article()->set_summary(huge);
         request.mutable_article()->set_etag("*");
         request.mutable_update_mask()->add_paths("summary");
         return Call(*articles_, &v1::ArticleService::Stub::UpdateArticle, request);
       }},
      {"text",
       [&] {
         v1::ImportArticlesRequest request;
         request.set_section("publications/gannan-daily/issues/2026-05-12/sections/a01");
         request.set_text(huge);
         return Call(*articles_, &v1::ArticleService::Stub::ImportArticles, request);
       }},
      {"contributor.display_name",
       [&] {
         v1::CreateContributorRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_contributor()->set_display_name(huge);
         return Call(*contributors_, &v1::ContributorService::Stub::CreateContributor, request);
       }},
  };
  for (const auto& c : cases) {
    const grpc::Status status = c.call();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field << ": " << status.error_message();
    EXPECT_TRUE(Contains(ViolatedFields(status), c.field)) << c.field;
    EXPECT_LT(status.error_message().size(), 1000u) << "the refusal echoes the text";
  }
  EXPECT_EQ(Rows("articles"), 1);
  EXPECT_EQ(Rows("article_revisions"), 1);
  EXPECT_EQ(Rows("contributors"), 0);
  v1::GetArticleRequest get;
  get.set_name(stored.name());
  Article read;
  ASSERT_TRUE(Call(*articles_, &v1::ArticleService::Stub::GetArticle, get, &read).ok());
  EXPECT_EQ(read.revision(), stored.revision());
  EXPECT_EQ(read.summary(), "");
}

TEST_F(OversizedRequestTest, ARequestOverTheReceiveLimitIsResourceExhaustedAndStoresNothing) {
  Article article = WithHeadline();
  auto* block = article.add_body();
  block->set_kind(v1::Block::PARAGRAPH);
  block->set_text(ChineseOfSize(app::GalleyServices::kMaxRequestBytes + 1024));
  const grpc::Status status = CreateArticle(article);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(Rows("articles"), 0);
}

TEST_F(OversizedRequestTest, AHundredThousandRepeatedElementsAreAClearErrorNamingTheList) {
  const Article stored = driver_.Create("gannan-daily", "xitu", "稀土产业链加速延伸");
  struct Case {
    std::string field;
    std::function<grpc::Status()> call;
  };
  const std::vector<Case> cases{
      {"article.body",
       [&] {
         Article article = WithHeadline();
         for (int i = 0; i < kDeep; ++i) {
           auto* block = article.add_body();
           block->set_kind(v1::Block::PARAGRAPH);
           block->set_text("记者从市工信局获悉");
         }
         return CreateArticle(article);
       }},
      {"article.tags",
       [&] {
         Article article = WithHeadline();
         for (int i = 0; i < kDeep; ++i) article.add_tags("稀土" + std::to_string(i));
         return CreateArticle(article);
       }},
      {"article.bylines",
       [&] {
         Article article = WithHeadline();
         for (int i = 0; i < kDeep; ++i) article.add_bylines()->set_display_name("尹才霞");
         return CreateArticle(article);
       }},
      {"contributor.roles",
       [&] {
         v1::CreateContributorRequest request;
         request.set_parent("publications/gannan-daily");
         request.mutable_contributor()->set_display_name("尹才霞");
         for (int i = 0; i < kDeep; ++i) request.mutable_contributor()->add_roles(v1::Contributor::REPORTER);
         return Call(*contributors_, &v1::ContributorService::Stub::CreateContributor, request);
       }},
      {"update_mask",
       [&] {
         v1::UpdateArticleRequest request;
         request.mutable_article()->set_name(stored.name());
         request.mutable_article()->set_etag("*");
         for (int i = 0; i < kDeep; ++i) request.mutable_update_mask()->add_paths("x" + std::to_string(i));
         return Call(*articles_, &v1::ArticleService::Stub::UpdateArticle, request);
       }},
  };
  for (const auto& c : cases) {
    const grpc::Status status = c.call();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field << ": " << status.error_message();
    EXPECT_TRUE(Contains(ViolatedFields(status), c.field)) << c.field;
  }
  // Even a field that may be updated, named 100 000 times: a mask takes 100 paths at most.
  v1::UpdateArticleRequest repeated;
  repeated.mutable_article()->set_name(stored.name());
  repeated.mutable_article()->set_headline("稀土产业链加速延伸(修订)");
  repeated.mutable_article()->set_etag(stored.etag());
  for (int i = 0; i < kDeep; ++i) repeated.mutable_update_mask()->add_paths("headline");
  const grpc::Status status = Call(*articles_, &v1::ArticleService::Stub::UpdateArticle, repeated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});
  EXPECT_EQ(Rows("articles"), 1);
  EXPECT_EQ(Rows("article_revisions"), 1);
  EXPECT_EQ(Rows("contributors"), 0);
}

TEST_F(OversizedRequestTest, AFilterThousandsOfParenthesesDeepIsInvalidArgument) {
  driver_.Create("gannan-daily", "xitu", "稀土产业链加速延伸");
  for (const int depth : {10, 600, 5000, kDeep}) {
    v1::ListArticlesRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_filter(std::string(depth, '(') + "tags = \"稀土\"" + std::string(depth, ')'));
    const grpc::Status status = Call(*articles_, &v1::ArticleService::Stub::ListArticles, request);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << depth << ": " << status.error_message();
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"filter"}) << depth;
  }
  // As many terms as a filter's 2000 characters hold, all ANDed: a query, not a crash.
  v1::ListArticlesRequest many;
  many.set_parent("publications/gannan-daily");
  std::string filter = "tags = \"稀土\"";
  while (filter.size() < 1980) filter += " AND tags = \"稀土\"";
  many.set_filter(filter);
  v1::ListArticlesResponse response;
  const grpc::Status status = Call(*articles_, &v1::ArticleService::Stub::ListArticles, many, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.articles_size(), 0);
}

// A message no .proto of Galley describes: a name, then 100 000 groups of an
// unknown field opened inside each other. Decoding it recursively would
// overflow the stack; protobuf stops at its recursion limit.
TEST_F(OversizedRequestTest, AMessageNestedAHundredThousandGroupsDeepIsInvalidArgument) {
  std::string bytes;
  v1::GetArticleRequest named;
  named.set_name("publications/gannan-daily/articles/xitu");
  named.SerializeToString(&bytes);
  for (int i = 0; i < kDeep; ++i) bytes += "\x9b\x06";  // field 99, start group
  for (int i = 0; i < kDeep; ++i) bytes += "\x9c\x06";  // field 99, end group
  const grpc::Slice slice(bytes);
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  const grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      galley_.channel().get(),
      grpc::internal::RpcMethod("/galley.v1.ArticleService/GetArticle", grpc::internal::RpcMethod::NORMAL_RPC),
      &context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(ErrorReason(status), "MALFORMED_REQUEST");
}

}  // namespace
}  // namespace galley
