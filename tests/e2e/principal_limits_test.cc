// Per-principal limits of the real `galley serve`, set by its flags: past
// its request rate, its change streams or its request size, a principal's
// call is RESOURCE_EXHAUSTED with a reason, before its work begins (a
// refused mutation writes no audit record), while other principals are
// served as usual.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <thread>

#include "e2e_client.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "galley_process.h"
#include "metrics_scrape.h"
#include "support/grpc_status.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class ServerLimitsTest : public ::testing::Test {
 protected:
  void StartServe(const std::vector<std::string>& limits) {
    std::vector<std::string> args{"serve", "--database-url", database_.url(), "--listen", "127.0.0.1:0",
                                  "--metrics-listen", "127.0.0.1:0"};
    args.insert(args.end(), limits.begin(), limits.end());
    server_ = std::make_unique<GalleyProcess>(args);
    address_ = server_->WaitForAddress();
    metrics_port_ = server_->WaitForPortOf("metrics");
    ASSERT_TRUE(CreatePublication(ChannelTo(address_, CreateToken(database_.url(), "admin", "admin")), "gannan-daily",
                                  "赣南日报")
                    .ok());
  }

  int AuditRecordsOf(const std::string& principal) {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT count(*) FROM audit_events WHERE principal = " + tx.quote(principal))[0].as<int>();
  }

  TestDatabase database_;
  std::unique_ptr<GalleyProcess> server_;
  std::string address_;
  int metrics_port_ = 0;
};

grpc::Status CreateContributor(v1::ContributorService::Stub& stub, const std::string& name) {
  v1::CreateContributorRequest request;
  request.set_parent("publications/gannan-daily");
  request.mutable_contributor()->set_display_name(name);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + seconds(10));
  v1::Contributor contributor;
  return stub.CreateContributor(&context, request, &contributor);
}

TEST_F(ServerLimitsTest, APrincipalPastItsRateIsRefusedUntilItsAllowanceRefillsWhileOthersAreServed) {
  StartServe({"--max-requests-per-second", "5"});  // bursts of 10
  auto script = v1::ContributorService::NewStub(ChannelTo(address_, CreateToken(database_.url(), "script", "editor")));
  const auto desk = ChannelTo(address_, CreateToken(database_.url(), "desk", "editor"));
  // As fast as it can until refused a few times: however slow each call
  // (a sanitizer build, a busy machine), it never gets more than the
  // burst and the refill over the time it took.
  int created = 0;
  int refused = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 200 && refused < 5; ++i) {
    const auto status = CreateContributor(*script, "记者 " + std::to_string(i));
    if (status.ok()) {
      ++created;
      continue;
    }
    ++refused;
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
    EXPECT_EQ(ErrorReason(status), "RATE_LIMITED");
  }
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(refused, 5) << "a principal past its rate is refused";
  EXPECT_GE(created, 10) << "its burst is served";
  EXPECT_LE(created, 10 + 5 * took + 1) << "in " << took << " s";
  // Others are served meanwhile; refused calls changed nothing and left no
  // audit record.
  EXPECT_TRUE(GetPublication(desk, "publications/gannan-daily").ok());
  EXPECT_EQ(AuditRecordsOf("script"), created);
  // Its allowance refills at 5 a second.
  std::this_thread::sleep_for(milliseconds(1200));
  EXPECT_TRUE(CreateContributor(*script, "记者 终").ok());
}

TEST_F(ServerLimitsTest, APrincipalMayHaveOnlySoManyStreamsOpenWhileOthersStillFollow) {
  StartServe({"--max-streams-per-principal", "2"});
  const auto partner = ChannelTo(address_, CreateToken(database_.url(), "partner", "reader"));
  auto feed = v1::FeedService::NewStub(partner);
  grpc::ClientContext first_context;
  grpc::ClientContext second_context;
  auto first = feed->StreamChanges(&first_context, v1::StreamChangesRequest());
  auto second = feed->StreamChanges(&second_context, v1::StreamChangesRequest());
  // Both hold their places once the server counts them open.
  ASSERT_TRUE(WaitForMetric(metrics_port_, "galley_feed_streams", 2, seconds(10))) << ScrapeMetrics(metrics_port_);

  const auto open_one = [&](v1::FeedService::Stub& stub) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + seconds(2));
    auto stream = stub.StreamChanges(&context, v1::StreamChangesRequest());
    v1::StreamChangesResponse message;
    while (stream->Read(&message)) {
    }
    return stream->Finish();  // DEADLINE_EXCEEDED: it was served until its deadline
  };
  const auto third = open_one(*feed);
  EXPECT_EQ(third.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << third.error_message();
  EXPECT_EQ(ErrorReason(third), "TOO_MANY_STREAMS");
  auto website = v1::FeedService::NewStub(ChannelTo(address_, CreateToken(database_.url(), "website", "reader")));
  EXPECT_EQ(open_one(*website).error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << "another principal is served";

  // One of the partner's streams ends: the next is served, once the server
  // has seen it go (within a second; 15 s allow for a slow machine).
  first_context.TryCancel();
  grpc::StatusCode again = grpc::StatusCode::RESOURCE_EXHAUSTED;
  for (const auto give_up = std::chrono::steady_clock::now() + seconds(15);
       again == grpc::StatusCode::RESOURCE_EXHAUSTED && std::chrono::steady_clock::now() < give_up;) {
    again = open_one(*feed).error_code();
    if (again == grpc::StatusCode::RESOURCE_EXHAUSTED) std::this_thread::sleep_for(milliseconds(200));
  }
  EXPECT_EQ(again, grpc::StatusCode::DEADLINE_EXCEEDED);
  second_context.TryCancel();
}

TEST_F(ServerLimitsTest, ARequestPastWhatItsRoleMaySendIsRefusedAndStoresNothing) {
  StartServe({"--max-request-kib", "64"});
  auto reporter = v1::ArticleService::NewStub(ChannelTo(address_, CreateToken(database_.url(), "yin-caixia", "reporter")));
  const auto create = [&](std::size_t body_bytes) {
    v1::CreateArticleRequest request;
    request.set_parent("publications/gannan-daily");
    request.mutable_article()->set_headline("赣县区做强“四链三群”推动工业经济跃升");
    auto* paragraph = request.mutable_article()->add_body();
    paragraph->set_kind(v1::Block::PARAGRAPH);
    paragraph->set_text(std::string(body_bytes, 'a'));
    grpc::ClientContext context;
    v1::Article article;
    return reporter->CreateArticle(&context, request, &article);
  };
  EXPECT_TRUE(create(16 << 10).ok());
  const auto too_large = create(80 << 10);
  EXPECT_EQ(too_large.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << too_large.error_message();
  EXPECT_EQ(ErrorReason(too_large), "REQUEST_TOO_LARGE");

  // A reader sends names, filters and queries: 64 KiB at most, whatever the flag.
  auto reader = v1::ArticleService::NewStub(ChannelTo(address_, CreateToken(database_.url(), "website", "reader")));
  v1::ListArticlesRequest list;
  list.set_parent("publications/gannan-daily");
  list.set_filter("headline = \"" + std::string(70 << 10, 'x') + "\"");
  grpc::ClientContext list_context;
  v1::ListArticlesResponse articles;
  const auto listed = reader->ListArticles(&list_context, list, &articles);
  EXPECT_EQ(listed.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << listed.error_message();

  pqxx::connection connection(database_.url());
  pqxx::nontransaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM articles")[0].as<int>(), 1);
}

TEST(ServerLimitsUsageTest, ALimitThatIsNotANumberIsAUsageError) {
  for (const std::string flag : {"--max-requests-per-second", "--max-streams-per-principal", "--max-request-kib"}) {
    const auto result = RunGalley({"serve", "--database-url", "postgresql:///x", flag, "lots"});
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find(flag), std::string::npos) << result.output;
  }
}

}  // namespace
}  // namespace galley::testing
