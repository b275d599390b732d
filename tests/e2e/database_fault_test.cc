// Faults of the database under the real `galley serve` (issue 8): a row
// another session keeps locked, a pool with every connection taken, and a
// COMMIT whose answer is lost. Each call must end by its deadline with a
// clear status, its SQL must not outlive it, once the fault clears the same
// server serves again with the same pool (no connection is lost on the
// way), and a retry with the same request_id makes exactly one change.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "commit_cutting_proxy.h"
#include "e2e_client.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "galley_process.h"
#include "lock_waits.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

constexpr int kPoolSize = 2;
// Far beyond every deadline below: a call still running then has hung.
constexpr auto kHang = std::chrono::seconds(20);

class DatabaseFaultTest : public ::testing::Test {
 protected:
  // Serves the test's database, reached through `url`, and creates the
  // publication.
  void Serve(const std::string& url) {
    server_ = std::make_unique<GalleyProcess>(std::vector<std::string>{
        "serve", "--database-url", url, "--listen", "127.0.0.1:0", "--pool-size", std::to_string(kPoolSize)});
    channel_ = ChannelTo(server_->WaitForAddress(), CreateToken(database_.url(), "desk", "admin"));
    ASSERT_TRUE(CreatePublication(channel_, "gannan-daily", "赣南日报", &publication_).ok());
  }

  // Renames the publication, bounded by `deadline` from now.
  grpc::Status Rename(const std::string& display_name, std::chrono::milliseconds deadline) {
    v1::UpdatePublicationRequest request;
    *request.mutable_publication() = publication_;
    request.mutable_publication()->set_etag("*");  // whatever it is by then
    request.mutable_publication()->set_display_name(display_name);
    request.mutable_update_mask()->add_paths("display_name");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::Publication response;
    return v1::PublicationService::NewStub(channel_)->UpdatePublication(&context, request, &response);
  }

  grpc::Status Read(std::chrono::milliseconds deadline) {
    v1::GetPublicationRequest request;
    request.set_name(publication_.name());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::Publication response;
    return v1::PublicationService::NewStub(channel_)->GetPublication(&context, request, &response);
  }

  grpc::Status CreateArticle(const v1::CreateArticleRequest& request, v1::Article* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return v1::ArticleService::NewStub(channel_)->CreateArticle(&context, request, response);
  }

  // One value of what `sql` selects.
  std::string Select(const std::string& sql) {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    return tx.exec1(sql)[0].as<std::string>();
  }

  std::string StoredName() {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT display_name FROM publications WHERE id = 'gannan-daily'")[0].as<std::string>();
  }

  TestDatabase database_;
  std::unique_ptr<GalleyProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  v1::Publication publication_;
};

TEST_F(DatabaseFaultTest, CallsOnALockedRowEndAtTheirDeadlineTheirSqlCancelledAndThePoolWhole) {
  Serve(database_.url());
  pqxx::connection blocker(database_.url());
  pqxx::work lock(blocker);
  lock.exec("SELECT 1 FROM publications WHERE id = 'gannan-daily' FOR UPDATE");

  // Three times as many calls as the pool has connections, all at once:
  // each waits for the lock or for a connection, and each gives up in time.
  std::vector<std::future<grpc::Status>> calls;
  for (int i = 0; i < 3 * kPoolSize; ++i) {
    calls.push_back(std::async(std::launch::async, [this, i] {
      return Rename("超时" + std::to_string(i), std::chrono::milliseconds(1000));
    }));
  }
  for (auto& call : calls) {
    ASSERT_EQ(call.wait_for(kHang), std::future_status::ready) << "a call outlived its deadline";
    EXPECT_EQ(call.get().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  // The statements were cancelled with their calls, not left queued on the
  // lock until it is released.
  EXPECT_TRUE(WaitForNoGalleyWaitingOnLocks(database_.url(), std::chrono::seconds(5)))
      << GalleyWaitingOnLocks(database_.url()) << " still wait";
  lock.abort();
  EXPECT_EQ(StoredName(), "赣南日报");

  // Every connection came back: more calls than the pool holds all succeed.
  for (int i = 0; i < 3 * kPoolSize; ++i) {
    const auto status = Rename("赣南日报" + std::to_string(i), std::chrono::milliseconds(5000));
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(StoredName(), "赣南日报" + std::to_string(3 * kPoolSize - 1));
}

TEST_F(DatabaseFaultTest, AnExhaustedPoolMakesCallsWaitUntilTheirDeadlineThenServesThemAll) {
  Serve(database_.url());
  pqxx::connection blocker(database_.url());
  pqxx::work lock(blocker);
  lock.exec("SELECT 1 FROM publications WHERE id = 'gannan-daily' FOR UPDATE");
  // Writers that take every connection and wait on the lock, with time to
  // spare for when it is released.
  std::vector<std::future<grpc::Status>> writers;
  for (int i = 0; i < kPoolSize; ++i) {
    writers.push_back(std::async(std::launch::async, [this, i] {
      return Rename("编辑部" + std::to_string(i), std::chrono::milliseconds(15000));
    }));
  }
  // The poll ends well within the writers' deadline, so they still wait after.
  ASSERT_TRUE(WaitForGalleyWaitingOnLocks(database_.url(), kPoolSize, std::chrono::seconds(10)))
      << GalleyWaitingOnLocks(database_.url()) << " of " << kPoolSize << " writers reached the lock";
  ASSERT_EQ(GalleyWaitingOnLocks(database_.url()), kPoolSize);

  // A read needs no lock, but there is no connection for it: it waits for
  // one until its deadline and is told so, instead of hanging.
  auto reader = std::async(std::launch::async, [this] { return Read(std::chrono::milliseconds(800)); });
  ASSERT_EQ(reader.wait_for(kHang), std::future_status::ready) << "the read outlived its deadline";
  const auto code = reader.get().error_code();
  EXPECT_TRUE(code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::UNAVAILABLE) << code;

  // Released, the writers go through one after the other and the pool
  // serves reads again.
  lock.abort();
  for (auto& writer : writers) {
    ASSERT_EQ(writer.wait_for(kHang), std::future_status::ready);
    const auto status = writer.get();
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(StoredName().rfind("编辑部", 0), 0u) << StoredName();
  const auto status = Read(std::chrono::milliseconds(5000));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(DatabaseFaultTest, ARetryAfterTheCommitsAnswerWasLostEndsInExactlyOneArticle) {
  TempDir sockets;
  CommitCuttingProxy proxy(database_.url(), sockets.path());
  Serve(proxy.url());
  // The article's INSERT is a prepared statement of this name.
  proxy.CutAtCommitAfter(std::string("insert_article\0", 15));

  v1::CreateArticleRequest request;
  request.set_parent(publication_.name());
  request.mutable_article()->set_headline("赣州稀土产业链再添新项目");
  request.set_request_id("0d4c5a2e-6a51-4a7e-9a62-2f1d5b7c9e10");  // the id generated is the server's
  v1::Article first;
  const auto lost = CreateArticle(request, &first);
  ASSERT_EQ(proxy.cuts(), 1) << lost.error_message();
  // The client cannot tell whether it happened, and is told to retry.
  EXPECT_EQ(lost.error_code(), grpc::StatusCode::UNAVAILABLE) << lost.error_message();
  EXPECT_NE(lost.error_message().find("request_id"), std::string::npos) << lost.error_message();
  // It did: the database had the COMMIT.
  EXPECT_EQ(Select("SELECT count(*) FROM articles"), "1");

  v1::Article retried;
  const auto status = CreateArticle(request, &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.name(), publication_.name() + "/articles/" + Select("SELECT id FROM articles"));
  EXPECT_EQ(Select("SELECT count(*) FROM articles"), "1");
  EXPECT_EQ(Select("SELECT count(*) FROM article_revisions"), "1");
  // The change is recorded once, in its own transaction; the first call's
  // answer is recorded as what the client was told.
  EXPECT_EQ(Select("SELECT string_agg(outcome, ',' ORDER BY id) FROM audit_events WHERE method LIKE '%/CreateArticle'"),
            "OK,UNAVAILABLE");
}

}  // namespace
}  // namespace galley::testing
