// AccessService and authentication through gRPC against a fresh PostgreSQL
// database per test: tokens (secrets shown once, expiry, revocation, request
// ids, listing), the audit log (what it records for changes that succeed and
// fail, filters, pages), and the `authorization` metadata every call needs.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auth/token_issuer.h"
#include "domain/access_token.h"
#include "galley/v1/access_service.grpc.pb.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/proto_time.h"

namespace galley {
namespace {

using google::protobuf::util::TimeUtil;
using testing::TimestampFromNow;
using testing::ViolatedFields;
using v1::AuditEvent;
using v1::Token;

constexpr const char* kAdmin = "test-admin";  // InProcessGalley's channel()

class AccessServiceTest : public ::testing::Test {
 protected:
  grpc::Status CreateToken(const std::string& principal, Token::Role role, v1::CreateTokenResponse* out,
                           const std::string& request_id = "",
                           std::optional<google::protobuf::Timestamp> expire_time = std::nullopt) {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(principal);
    request.mutable_token()->set_role(role);
    if (expire_time) *request.mutable_token()->mutable_expire_time() = *expire_time;
    request.set_request_id(request_id);
    return CreateToken(request, out);
  }

  grpc::Status CreateToken(const v1::CreateTokenRequest& request, v1::CreateTokenResponse* out,
                           const std::shared_ptr<grpc::Channel>& channel = nullptr) {
    grpc::ClientContext context;
    return v1::AccessService::NewStub(channel ? channel : galley_.channel())->CreateToken(&context, request, out);
  }

  // The new token's secret, for `principal` as `role`; fails the test if it cannot.
  std::string NewSecret(const std::string& principal, Token::Role role) {
    v1::CreateTokenResponse response;
    const auto status = CreateToken(principal, role, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.secret();
  }

  grpc::Status Revoke(const std::string& name, Token* out) {
    v1::RevokeTokenRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    return stub_->RevokeToken(&context, request, out);
  }

  grpc::Status ListTokens(const std::string& filter, v1::ListTokensResponse* out, int page_size = 0,
                          const std::string& page_token = "", const std::string& order_by = "") {
    v1::ListTokensRequest request;
    request.set_filter(filter);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    request.set_order_by(order_by);
    grpc::ClientContext context;
    return stub_->ListTokens(&context, request, out);
  }

  std::vector<std::string> TokenPrincipals(const std::string& filter) {
    v1::ListTokensResponse response;
    const auto status = ListTokens(filter, &response);
    EXPECT_TRUE(status.ok()) << filter << ": " << status.error_message();
    std::vector<std::string> principals;
    for (const auto& token : response.tokens()) principals.push_back(token.principal());
    return principals;
  }

  grpc::Status ListAudit(const std::string& filter, v1::ListAuditEventsResponse* out, int page_size = 0,
                         const std::string& page_token = "", const std::string& order_by = "") {
    v1::ListAuditEventsRequest request;
    request.set_filter(filter);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    request.set_order_by(order_by);
    grpc::ClientContext context;
    return stub_->ListAuditEvents(&context, request, out);
  }

  std::vector<AuditEvent> Audit(const std::string& filter) {
    v1::ListAuditEventsResponse response;
    const auto status = ListAudit(filter, &response);
    EXPECT_TRUE(status.ok()) << filter << ": " << status.error_message();
    return {response.audit_events().begin(), response.audit_events().end()};
  }

  // A cheap call any role may make (ListPublications), with this exact
  // `authorization` metadata ("" sends none).
  grpc::Status CallWithAuthorization(const std::string& authorization) {
    auto stub = v1::PublicationService::NewStub(galley_.ChannelWithSecret(""));
    grpc::ClientContext context;
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::ListPublicationsResponse response;
    return stub->ListPublications(&context, {}, &response);
  }

  grpc::Status CallWithSecret(const std::string& secret) { return CallWithAuthorization("Bearer " + secret); }

  grpc::Status CreatePublication(const std::string& id, const std::string& request_id = "",
                                 const std::string& display_name = "赣南日报") {
    v1::CreatePublicationRequest request;
    request.set_publication_id(id);
    request.set_request_id(request_id);
    request.mutable_publication()->set_display_name(display_name);
    request.mutable_publication()->set_language("zh-Hans");
    request.mutable_publication()->set_time_zone("Asia/Shanghai");
    grpc::ClientContext context;
    v1::Publication out;
    return v1::PublicationService::NewStub(galley_.channel())->CreatePublication(&context, request, &out);
  }

  // Issues a token straight through the store, past what CreateToken allows
  // (an expiry already gone).
  std::string SecretExpiringAt(const std::string& principal, domain::Timestamp expire_time) {
    store::ConnectionPool pool(galley_.database().url(), 1);
    store::Database database(pool);
    return auth::IssueTokenDirectly(database, principal, domain::Role::kReader, expire_time, "test-setup",
                                    "test setup")
        .secret;
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::AccessService::Stub> stub_ = v1::AccessService::NewStub(galley_.channel());
};

domain::Timestamp NowPlus(std::chrono::milliseconds offset) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now() + offset);
}

// --- Creating tokens --------------------------------------------------------

TEST_F(AccessServiceTest, CreateTokenReturnsTheSecretOnceAndListTokensNeverShowsSecretsOrHashes) {
  const auto before = TimestampFromNow();
  v1::CreateTokenResponse created;
  ASSERT_TRUE(CreateToken("website", Token::READER, &created).ok());
  EXPECT_EQ(created.secret().rfind("galley_", 0), 0u) << created.secret();
  EXPECT_GE(created.secret().size(), 40u);
  EXPECT_EQ(created.token().name().rfind("tokens/", 0), 0u) << created.token().name();
  EXPECT_EQ(created.token().principal(), "website");
  EXPECT_EQ(created.token().role(), Token::READER);
  EXPECT_EQ(created.token().creator(), kAdmin);
  EXPECT_GE(created.token().create_time(), before);
  EXPECT_FALSE(created.token().has_expire_time());
  EXPECT_FALSE(created.token().has_revoke_time());

  v1::ListTokensResponse listed;
  ASSERT_TRUE(ListTokens("", &listed).ok());
  const std::string page = listed.SerializeAsString();
  EXPECT_NE(page.find(created.token().name()), std::string::npos);
  EXPECT_EQ(page.find(created.secret()), std::string::npos) << "ListTokens shows a secret";
  EXPECT_EQ(page.find(domain::TokenSecretHash(created.secret())), std::string::npos) << "ListTokens shows a hash";
  // Nor could any later version of Token carry one unnoticed.
  const auto* token = Token::descriptor();
  for (int i = 0; i < token->field_count(); ++i) {
    EXPECT_EQ(token->field(i)->name().find("secret"), std::string::npos) << token->field(i)->name();
    EXPECT_EQ(token->field(i)->name().find("hash"), std::string::npos) << token->field(i)->name();
  }
}

TEST_F(AccessServiceTest, ANewSecretCallsWithItsRoleAndNoMore) {
  const std::string secret = NewSecret("chen.editor", Token::EDITOR);
  auto issues = v1::IssueService::NewStub(galley_.ChannelWithSecret(secret));
  ASSERT_TRUE(CreatePublication("gannan-daily").ok());

  v1::CreateIssueRequest create;
  create.set_parent("publications/gannan-daily");
  create.mutable_issue()->set_issue_date("2026-05-12");
  v1::Issue issue;
  grpc::ClientContext create_context;
  const auto created = issues->CreateIssue(&create_context, create, &issue);
  EXPECT_TRUE(created.ok()) << created.error_message();

  v1::PublishIssueRequest publish;
  publish.set_name(issue.name());
  v1::PublishIssueResponse published;
  grpc::ClientContext publish_context;
  EXPECT_EQ(issues->PublishIssue(&publish_context, publish, &published).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const auto records = Audit(R"(principal = "chen.editor")");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].method(), "galley.v1.IssueService/PublishIssue");
  EXPECT_EQ(records[0].outcome(), "PERMISSION_DENIED");
  EXPECT_EQ(records[1].method(), "galley.v1.IssueService/CreateIssue");
  EXPECT_EQ(records[1].role(), "editor");
  EXPECT_EQ(records[1].resource(), issue.name());
  EXPECT_EQ(records[1].outcome(), "OK");
}

TEST_F(AccessServiceTest, CreateTokenNamesEveryBadField) {
  struct Case {
    std::string what;
    v1::CreateTokenRequest request;
    std::vector<std::string> fields;
  };
  std::vector<Case> cases(7);
  cases[0] = {"no token at all", {}, {"token", "token.principal", "token.role"}};
  cases[1].what = "an empty principal";
  cases[1].request.mutable_token()->set_role(Token::READER);
  cases[1].fields = {"token.principal"};
  cases[2].what = "a principal with spaces";
  cases[2].request.mutable_token()->set_principal("yin caixia");
  cases[2].request.mutable_token()->set_role(Token::READER);
  cases[2].fields = {"token.principal"};
  cases[3].what = "a principal of 101 characters";
  cases[3].request.mutable_token()->set_principal(std::string(101, 'a'));
  cases[3].request.mutable_token()->set_role(Token::READER);
  cases[3].fields = {"token.principal"};
  cases[4].what = "no role";
  cases[4].request.mutable_token()->set_principal("website");
  cases[4].fields = {"token.role"};
  cases[5].what = "a role the enum does not have";
  cases[5].request.mutable_token()->set_principal("website");
  cases[5].request.mutable_token()->set_role(static_cast<Token::Role>(42));
  cases[5].fields = {"token.role"};
  cases[6].what = "a malformed request id";
  cases[6].request.mutable_token()->set_principal("website");
  cases[6].request.mutable_token()->set_role(Token::READER);
  cases[6].request.set_request_id("not a request id!");
  cases[6].fields = {"request_id"};
  for (const auto& c : cases) {
    v1::CreateTokenResponse out;
    const auto status = CreateToken(c.request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.what;
    EXPECT_EQ(ViolatedFields(status), c.fields) << c.what;
  }
  EXPECT_EQ(TokenPrincipals(R"(principal = "website")"), std::vector<std::string>{});
}

TEST_F(AccessServiceTest, ARetriedCreateTokenReturnsTheFirstTokenWithoutItsSecretAndIsAuditedOnce) {
  v1::CreateTokenResponse first;
  ASSERT_TRUE(CreateToken("print-bridge", Token::READER, &first, "token-7f3a").ok());
  ASSERT_FALSE(first.secret().empty());
  v1::CreateTokenResponse retry;
  ASSERT_TRUE(CreateToken("print-bridge", Token::READER, &retry, "token-7f3a").ok());
  EXPECT_EQ(retry.token().SerializeAsString(), first.token().SerializeAsString());
  EXPECT_EQ(retry.secret(), "") << "a secret is never shown twice";
  EXPECT_EQ(TokenPrincipals(R"(principal = "print-bridge")"), std::vector<std::string>{"print-bridge"});
  EXPECT_TRUE(CallWithSecret(first.secret()).ok());

  // One change, one record, naming the token that exists.
  const auto records = Audit(R"(request_id = "token-7f3a")");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].resource(), first.token().name());
  EXPECT_EQ(records[0].outcome(), "OK");

  // The same id for a different request is refused, and that is recorded.
  v1::CreateTokenResponse other;
  const auto reused = CreateToken("print-bridge", Token::ADMIN, &other, "token-7f3a");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(reused), std::vector<std::string>{"request_id"});
  const auto after = Audit(R"(request_id = "token-7f3a")");
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].outcome(), "INVALID_ARGUMENT");
}

TEST_F(AccessServiceTest, ARetriedCreateOfAnyResourceIsAuditedOnce) {
  ASSERT_TRUE(CreatePublication("gannan-daily", "pub-1").ok());
  ASSERT_TRUE(CreatePublication("gannan-daily", "pub-1").ok());
  const auto records = Audit(R"(request_id = "pub-1")");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].resource(), "publications/gannan-daily");
}

// --- Expiry and revocation --------------------------------------------------

TEST_F(AccessServiceTest, AnExpiryMustBeInTheFuture) {
  v1::CreateTokenResponse out;
  const auto status = CreateToken("website", Token::READER, &out, "", TimestampFromNow(-std::chrono::seconds(1)));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"token.expire_time"});

  const auto expire_time = TimestampFromNow(std::chrono::hours(1));
  ASSERT_TRUE(CreateToken("website", Token::READER, &out, "", expire_time).ok());
  EXPECT_EQ(out.token().expire_time(), expire_time);
  EXPECT_TRUE(CallWithSecret(out.secret()).ok());
}

TEST_F(AccessServiceTest, AnExpiredTokenIsUnauthenticated) {
  const std::string secret = SecretExpiringAt("yesterday", NowPlus(-std::chrono::hours(24)));
  const auto status = CallWithSecret(secret);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("expired"), std::string::npos) << status.error_message();
}

// The verifier keeps tokens in memory for a few seconds; that must never
// stretch a token's life past its expiry. (The one test here that waits: the
// expiry has to pass while the token sits in the cache.)
TEST_F(AccessServiceTest, ACachedTokenStillExpiresOnTime) {
  const auto expire_time = NowPlus(std::chrono::seconds(2));
  const std::string secret = SecretExpiringAt("short-lived", expire_time);
  ASSERT_TRUE(CallWithSecret(secret).ok());
  std::this_thread::sleep_until(expire_time + std::chrono::milliseconds(100));
  EXPECT_EQ(CallWithSecret(secret).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessServiceTest, ARevokedTokenIsUnauthenticatedAtOnce) {
  v1::CreateTokenResponse created;
  ASSERT_TRUE(CreateToken("old-app", Token::READER, &created).ok());
  ASSERT_TRUE(CallWithSecret(created.secret()).ok());  // now in the verifier's cache

  Token revoked;
  ASSERT_TRUE(Revoke(created.token().name(), &revoked).ok());
  EXPECT_TRUE(revoked.has_revoke_time());
  const auto status = CallWithSecret(created.secret());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("revoked"), std::string::npos) << status.error_message();

  v1::ListTokensResponse listed;
  ASSERT_TRUE(ListTokens(R"(principal = "old-app")", &listed).ok());
  ASSERT_EQ(listed.tokens_size(), 1);
  EXPECT_EQ(listed.tokens(0).revoke_time(), revoked.revoke_time());

  const auto records = Audit(R"(method = "galley.v1.AccessService/RevokeToken")");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].resource(), created.token().name());
  EXPECT_EQ(records[0].principal(), kAdmin);
  EXPECT_EQ(records[0].outcome(), "OK");
}

TEST_F(AccessServiceTest, RevokingTwiceChangesNothingAndUnknownOrMalformedNamesAreErrors) {
  v1::CreateTokenResponse created;
  ASSERT_TRUE(CreateToken("old-app", Token::READER, &created).ok());
  Token first;
  ASSERT_TRUE(Revoke(created.token().name(), &first).ok());
  Token second;
  ASSERT_TRUE(Revoke(created.token().name(), &second).ok()) << "as the proto documents: changes nothing";
  EXPECT_EQ(second.revoke_time(), first.revoke_time());

  Token out;
  EXPECT_EQ(Revoke("tokens/no-such-token", &out).error_code(), grpc::StatusCode::NOT_FOUND);
  for (const std::string name : {"", "no-such-token", "tokens/", "publications/x", "tokens/a/b"}) {
    const auto status = Revoke(name, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"name"}) << name;
  }
  const auto failures = Audit(R"(method = "galley.v1.AccessService/RevokeToken" AND outcome != "OK")");
  ASSERT_EQ(failures.size(), 6u);
  EXPECT_EQ(failures.back().resource(), "tokens/no-such-token");
  EXPECT_EQ(failures.back().outcome(), "NOT_FOUND");
}

// --- Who may use AccessService ------------------------------------------------

TEST_F(AccessServiceTest, OnlyAdminsMayManageTokensOrReadTheAuditLog) {
  v1::CreateTokenResponse victim;
  ASSERT_TRUE(CreateToken("website", Token::READER, &victim).ok());
  for (const auto role : {domain::Role::kReader, domain::Role::kReporter, domain::Role::kEditor,
                          domain::Role::kPublisher}) {
    const std::string who = std::string("not-admin-") + domain::RoleName(role);
    auto stub = v1::AccessService::NewStub(galley_.ChannelAs(role, who));
    v1::CreateTokenRequest create;
    create.mutable_token()->set_principal("sneaky");
    create.mutable_token()->set_role(Token::ADMIN);
    v1::CreateTokenResponse created;
    grpc::ClientContext c1, c2, c3, c4;
    EXPECT_EQ(stub->CreateToken(&c1, create, &created).error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    v1::ListTokensResponse tokens;
    EXPECT_EQ(stub->ListTokens(&c2, {}, &tokens).error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    v1::RevokeTokenRequest revoke;
    revoke.set_name(victim.token().name());
    Token revoked;
    EXPECT_EQ(stub->RevokeToken(&c3, revoke, &revoked).error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    v1::ListAuditEventsResponse events;
    EXPECT_EQ(stub->ListAuditEvents(&c4, {}, &events).error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;

    // The refused changes are on the record; the refused reads are not changes.
    const auto records = Audit("principal = \"" + who + "\"");
    ASSERT_EQ(records.size(), 2u) << who;
    EXPECT_EQ(records[0].method(), "galley.v1.AccessService/RevokeToken");
    EXPECT_EQ(records[0].resource(), victim.token().name());
    EXPECT_EQ(records[1].method(), "galley.v1.AccessService/CreateToken");
    for (const auto& record : records) {
      EXPECT_EQ(record.role(), domain::RoleName(role));
      EXPECT_EQ(record.outcome(), "PERMISSION_DENIED");
    }
  }
  EXPECT_EQ(TokenPrincipals(R"(principal = "sneaky")"), std::vector<std::string>{});
  EXPECT_TRUE(CallWithSecret(victim.secret()).ok());
}

// --- Listing tokens -------------------------------------------------------------

TEST_F(AccessServiceTest, ListTokensPagesThroughEveryTokenNewestFirst) {
  for (const std::string principal : {"a", "b", "c", "d", "e"}) NewSecret("pager-" + principal, Token::READER);
  std::vector<std::string> names;
  std::string page_token;
  int pages = 0;
  do {
    v1::ListTokensResponse page;
    ASSERT_TRUE(ListTokens(R"(principal != "test-admin")", &page, 2, page_token).ok());
    EXPECT_LE(page.tokens_size(), 2);
    for (const auto& token : page.tokens()) names.push_back(token.principal());
    page_token = page.next_page_token();
    ++pages;
  } while (!page_token.empty() && pages < 10);
  EXPECT_EQ(names, (std::vector<std::string>{"pager-e", "pager-d", "pager-c", "pager-b", "pager-a"}));
  EXPECT_EQ(pages, 3);

  v1::ListTokensResponse oldest_first;
  ASSERT_TRUE(ListTokens(R"(principal != "test-admin")", &oldest_first, 1, "", "create_time").ok());
  ASSERT_EQ(oldest_first.tokens_size(), 1);
  EXPECT_EQ(oldest_first.tokens(0).principal(), "pager-a");

  v1::ListTokensResponse out;
  const auto negative = ListTokens("", &out, -1);
  EXPECT_EQ(ViolatedFields(negative), std::vector<std::string>{"page_size"});
  const auto tampered = ListTokens("", &out, 2, "not-a-page-token");
  EXPECT_EQ(ViolatedFields(tampered), std::vector<std::string>{"page_token"});
  v1::ListTokensResponse first;
  ASSERT_TRUE(ListTokens("", &first, 2).ok());
  const auto other_filter = ListTokens(R"(principal = "pager-a")", &out, 2, first.next_page_token());
  EXPECT_EQ(ViolatedFields(other_filter), std::vector<std::string>{"page_token"});
  const auto bad_order = ListTokens("", &out, 0, "", "principal");
  EXPECT_EQ(ViolatedFields(bad_order), std::vector<std::string>{"order_by"});
}

TEST_F(AccessServiceTest, ListTokensFiltersByPrincipalRoleInAnySpellingAndTime) {
  NewSecret("zhou.editor", Token::EDITOR);
  const auto between = TimeUtil::ToString(TimestampFromNow());
  NewSecret("website", Token::READER);
  NewSecret("li.editor", Token::EDITOR);

  EXPECT_EQ(TokenPrincipals(R"(principal = "website")"), std::vector<std::string>{"website"});
  const std::vector<std::string> editors{"li.editor", "zhou.editor"};
  for (const std::string spelling : {"editor", "EDITOR", "Editor"}) {
    EXPECT_EQ(TokenPrincipals("role = \"" + spelling + "\""), editors) << spelling;
  }
  EXPECT_EQ(TokenPrincipals(R"(role = EDITOR AND create_time > ")" + between + "\""),
            std::vector<std::string>{"li.editor"});
  EXPECT_EQ(TokenPrincipals(R"(role != "ADMIN" AND role != "editor")"), std::vector<std::string>{"website"});

  for (const std::string filter : {R"(role = "chief")", R"(role = "ROLE_UNSPECIFIED")", R"(role = "")"}) {
    v1::ListTokensResponse out;
    const auto status = ListTokens(filter, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << filter;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"filter"}) << filter;
  }
}

// --- The audit log ------------------------------------------------------------

TEST_F(AccessServiceTest, TheAuditLogRecordsWhoDidWhatToWhichResourceWhenWithWhichRequestAndHowItEnded) {
  const auto before = TimestampFromNow();
  ASSERT_TRUE(CreatePublication("gannan-daily", "req-ok").ok());
  ASSERT_EQ(CreatePublication("gannan-daily", "req-dup", "Another").error_code(), grpc::StatusCode::ALREADY_EXISTS);
  const auto after = TimestampFromNow();

  const auto records = Audit(R"(method = "galley.v1.PublicationService/CreatePublication")");
  ASSERT_EQ(records.size(), 2u);
  const AuditEvent& failed = records[0];  // newest first
  const AuditEvent& done = records[1];
  EXPECT_GT(failed.id(), done.id());
  for (const auto* record : {&done, &failed}) {
    EXPECT_EQ(record->principal(), kAdmin);
    EXPECT_EQ(record->role(), "admin");
    EXPECT_EQ(record->resource(), "publications/gannan-daily");
    EXPECT_GE(record->time(), before);
    EXPECT_LE(record->time(), after);
  }
  EXPECT_EQ(done.request_id(), "req-ok");
  EXPECT_EQ(done.outcome(), "OK");
  EXPECT_EQ(failed.request_id(), "req-dup");
  EXPECT_EQ(failed.outcome(), "ALREADY_EXISTS");

  // Reads are not changes: they leave no record.
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(ListTokens("", &tokens).ok());
  EXPECT_TRUE(Audit(R"(method = "galley.v1.AccessService/ListTokens")").empty());
}

TEST_F(AccessServiceTest, FailedCreatesAreAuditedAgainstTheResourceTheyWouldHaveMade) {
  ASSERT_TRUE(CreatePublication("gannan-daily").ok());

  // An article under a publication that does not exist.
  v1::CreateArticleRequest article;
  article.set_parent("publications/nowhere");
  article.set_article_id("kangjin");
  article.set_request_id("art-1");
  article.mutable_article()->set_headline("产业拔节生长 集群磁力强劲");
  grpc::ClientContext article_context;
  v1::Article created_article;
  EXPECT_EQ(v1::ArticleService::NewStub(galley_.channel())
                ->CreateArticle(&article_context, article, &created_article)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A section of an issue that does not exist.
  v1::CreateSectionRequest section;
  section.set_parent("publications/gannan-daily/issues/2026-05-12");
  section.set_section_id("a03");
  section.mutable_section()->set_display_name("综合新闻");
  grpc::ClientContext section_context;
  v1::Section created_section;
  EXPECT_EQ(v1::IssueService::NewStub(galley_.channel())
                ->CreateSection(&section_context, section, &created_section)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A photo whose bytes are no image: the metadata came first, on a stream.
  auto photos = v1::PhotoService::NewStub(galley_.channel());
  grpc::ClientContext photo_context;
  v1::Photo photo;
  auto upload = photos->UploadPhoto(&photo_context, &photo);
  v1::UploadPhotoRequest metadata;
  metadata.mutable_metadata()->set_parent("publications/gannan-daily");
  metadata.mutable_metadata()->set_photo_id("aerial");
  metadata.mutable_metadata()->set_request_id("photo-1");
  metadata.mutable_metadata()->mutable_photo()->set_caption("航拍图");
  upload->Write(metadata);
  v1::UploadPhotoRequest chunk;
  chunk.set_chunk("this is not an image");
  upload->Write(chunk);
  upload->WritesDone();
  EXPECT_EQ(upload->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // An id that is taken.
  ASSERT_EQ(CreatePublication("gannan-daily").error_code(), grpc::StatusCode::ALREADY_EXISTS);

  const auto failures = Audit(R"(outcome != "OK")");
  ASSERT_EQ(failures.size(), 4u);
  EXPECT_EQ(failures[0].resource(), "publications/gannan-daily");
  EXPECT_EQ(failures[0].outcome(), "ALREADY_EXISTS");
  EXPECT_EQ(failures[1].resource(), "publications/gannan-daily/photos/aerial");
  EXPECT_EQ(failures[1].method(), "galley.v1.PhotoService/UploadPhoto");
  EXPECT_EQ(failures[1].request_id(), "photo-1");
  EXPECT_EQ(failures[1].outcome(), "INVALID_ARGUMENT");
  EXPECT_EQ(failures[2].resource(), "publications/gannan-daily/issues/2026-05-12/sections/a03");
  EXPECT_EQ(failures[3].resource(), "publications/nowhere/articles/kangjin");
  EXPECT_EQ(failures[3].request_id(), "art-1");
  EXPECT_EQ(failures[3].outcome(), "NOT_FOUND");
}

TEST_F(AccessServiceTest, ListAuditEventsFiltersAndPages) {
  for (const std::string id : {"p1", "p2", "p3", "p4"}) ASSERT_TRUE(CreatePublication(id, "req-" + id).ok());
  ASSERT_EQ(CreatePublication("p1").error_code(), grpc::StatusCode::ALREADY_EXISTS);
  {
    auto as_reader = v1::PublicationService::NewStub(galley_.ChannelWithSecret(NewSecret("website", Token::READER)));
    grpc::ClientContext context;
    v1::Publication out;
    ASSERT_EQ(as_reader->CreatePublication(&context, {}, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }

  const auto by_method = R"(method = "galley.v1.PublicationService/CreatePublication")";
  std::vector<std::string> resources;
  std::int64_t last_id = 0;
  std::string page_token;
  int pages = 0;
  do {
    v1::ListAuditEventsResponse page;
    ASSERT_TRUE(ListAudit(by_method, &page, 2, page_token).ok());
    for (const auto& event : page.audit_events()) {
      if (last_id != 0) {
        EXPECT_LT(event.id(), last_id) << "newest first";
      }
      last_id = event.id();
      resources.push_back(event.resource());
    }
    page_token = page.next_page_token();
    ++pages;
  } while (!page_token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(resources, (std::vector<std::string>{"", "publications/p1", "publications/p4", "publications/p3",
                                                 "publications/p2", "publications/p1"}));

  v1::ListAuditEventsResponse oldest;
  ASSERT_TRUE(ListAudit(by_method, &oldest, 1, "", "time").ok());
  ASSERT_EQ(oldest.audit_events_size(), 1);
  EXPECT_EQ(oldest.audit_events(0).resource(), "publications/p1");
  EXPECT_EQ(oldest.audit_events(0).request_id(), "req-p1");

  EXPECT_EQ(Audit(R"(resource = "publications/p1")").size(), 2u);
  EXPECT_EQ(Audit(R"(resource = "publications/p1" AND outcome = "OK")").size(), 1u);
  EXPECT_EQ(Audit(R"(request_id = "req-p3")").size(), 1u);
  const auto refused = Audit(R"(principal = "website")");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].role(), "reader");
  EXPECT_EQ(refused[0].outcome(), "PERMISSION_DENIED");
  EXPECT_EQ(Audit(R"(role = "reader" AND outcome = "PERMISSION_DENIED")").size(), 1u);
  const auto later = TimeUtil::ToString(TimestampFromNow(std::chrono::seconds(60)));
  EXPECT_TRUE(Audit("time > \"" + later + "\"").empty());
  EXPECT_EQ(Audit("time < \"" + later + "\" AND " + by_method).size(), 6u);

  v1::ListAuditEventsResponse out;
  EXPECT_EQ(ViolatedFields(ListAudit(R"(secret = "x")", &out)), std::vector<std::string>{"filter"});
  EXPECT_EQ(ViolatedFields(ListAudit("", &out, -5)), std::vector<std::string>{"page_size"});
  EXPECT_EQ(ViolatedFields(ListAudit("", &out, 0, "forged")), std::vector<std::string>{"page_token"});
}

// --- The authorization metadata -------------------------------------------------

TEST_F(AccessServiceTest, MissingMalformedUnknownAndRevokedTokensAreUnauthenticated) {
  v1::CreateTokenResponse revoked;
  ASSERT_TRUE(CreateToken("gone", Token::ADMIN, &revoked).ok());
  Token out;
  ASSERT_TRUE(Revoke(revoked.token().name(), &out).ok());
  const std::string valid = NewSecret("website", Token::READER);

  for (const std::string& authorization :
       {std::string(), std::string("Basic x"), std::string("Basic ") + valid, std::string("Bearer"),
        std::string("Bearer "), std::string("Bearer") + valid, std::string("Token ") + valid,
        std::string("Bearer galley_unknown"), std::string("Bearer ") + valid + "x",
        std::string("Bearer ") + revoked.secret()}) {
    const auto status = CallWithAuthorization(authorization);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << "`" << authorization << "`";
  }
  EXPECT_TRUE(CallWithAuthorization("Bearer " + valid).ok());
  // Nothing unauthenticated reaches the audit log: there is no one to name.
  EXPECT_TRUE(Audit(R"(outcome = "UNAUTHENTICATED")").empty());
}

TEST_F(AccessServiceTest, TheBearerSchemeIsCaseInsensitive) {
  // RFC 7235 §2.1 and RFC 6750 §2.1: the auth scheme is case-insensitive.
  const std::string secret = NewSecret("website", Token::READER);
  for (const std::string scheme : {"Bearer", "bearer", "BEARER", "bEaReR"}) {
    const auto status = CallWithAuthorization(scheme + " " + secret);
    EXPECT_TRUE(status.ok()) << scheme << ": " << status.error_message();
  }
  // The secret itself is not: it is compared exactly.
  std::string shouted = secret;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(CallWithSecret(shouted).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace galley
