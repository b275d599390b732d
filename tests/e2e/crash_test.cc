// `galley serve` killed with SIGKILL in the middle of its work (issue 8), at
// moments drawn at random (the seed is printed): after a restart each issue
// is published whole or not at all, with its articles and their changes in
// the feed, and a photo is stored whole or not at all. Nothing needs
// repairing: the next server serves, and a retry finishes the job.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "e2e_client.h"
#include "figures.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "galley_process.h"
#include "support/article_driver.h"
#include "support/photo_upload.h"
#include "support/sample_images.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

constexpr int kRounds = 5;
constexpr int kIssueArticles = 20;
const std::string kPublication = "publications/gannan-daily";

std::unique_ptr<grpc::ClientContext> Context(std::chrono::seconds deadline = std::chrono::seconds(10)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + deadline);
  return context;
}

// A PNG Galley takes, padded by an image data chunk of `size` bytes before
// its end.
std::string PngOfAbout(std::uint32_t size) {
  std::string png = SamplePng(640, 480);
  std::string chunk;
  for (int shift = 24; shift >= 0; shift -= 8) chunk += static_cast<char>((size >> shift) & 0xFF);
  chunk += "IDAT" + std::string(size, '\x5a') + std::string(4, '\0');  // the CRC is not checked
  return png.insert(png.size() - 12, chunk);  // before the IEND chunk
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    token_ = CreateToken(database_.url(), "desk", "admin");
    Start();
    ASSERT_TRUE(CreatePublication(channel_, "gannan-daily", "赣南日报").ok());
    const auto seed = std::random_device{}();
    random_.seed(seed);
    PrintFigures("seed %u\n", seed);
  }

  void Start() {
    server_ = std::make_unique<GalleyProcess>(
        std::vector<std::string>{"serve", "--database-url", database_.url(), "--listen", "127.0.0.1:0"});
    channel_ = ChannelTo(server_->WaitForAddress(), token_);
    articles_ = v1::ArticleService::NewStub(channel_);
    issues_ = v1::IssueService::NewStub(channel_);
    photos_ = v1::PhotoService::NewStub(channel_);
  }

  // SIGKILL after a random wait of up to `most`, then a new server.
  void KillAtRandomWithin(std::chrono::milliseconds most) {
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<long>(0, most.count() * 1000)(random_)));
    server_->Signal(SIGKILL);
    ASSERT_TRUE(server_->WaitForExit(std::chrono::seconds(10)).has_value());
    Start();
  }

  // The issue of `date` with a section a01 holding kIssueArticles approved
  // articles; returns the issue's name.
  std::string ApprovedIssue(const std::string& date) {
    v1::CreateIssueRequest issue;
    issue.set_parent(kPublication);
    issue.mutable_issue()->set_issue_date(date);
    v1::Issue created;
    EXPECT_TRUE(issues_->CreateIssue(Context().get(), issue, &created).ok());
    v1::CreateSectionRequest section;
    section.set_parent(created.name());
    section.set_section_id("a01");
    section.mutable_section()->set_display_name("要闻");
    v1::Section made;
    EXPECT_TRUE(issues_->CreateSection(Context().get(), section, &made).ok());
    ArticleDriver driver(channel_);
    for (int i = 0; i < kIssueArticles; ++i) {
      v1::Article article;
      article.set_headline("赣州稀土产业链再添新项目 " + date + " " + std::to_string(i));
      article.set_section(made.name());
      driver.Approved(driver.Create("gannan-daily", "", article));
    }
    return created.name();
  }

  grpc::Status PublishIssue(const std::string& issue) { return PublishIssue(*issues_, issue); }
  static grpc::Status PublishIssue(v1::IssueService::Stub& stub, const std::string& issue) {
    v1::PublishIssueRequest request;
    request.set_name(issue);
    request.set_etag("*");
    v1::PublishIssueResponse response;
    return stub.PublishIssue(Context().get(), request, &response);
  }

  // What is stored of `issue`: its state, how many of its articles are live,
  // and how many changes the feed has of it and of them.
  struct StoredIssue {
    std::string state;
    int live_articles = 0;
    int article_changes = 0;
    int issue_changes = 0;
  };
  StoredIssue Stored(const std::string& issue) {
    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    const std::string id = issue.substr(issue.rfind('/') + 1);
    StoredIssue stored;
    stored.state = tx.exec1("SELECT state FROM issues WHERE id = " + tx.quote(id))[0].as<std::string>();
    stored.live_articles =
        tx.exec1("SELECT count(*) FROM articles WHERE issue = " + tx.quote(issue) + " AND live")[0].as<int>();
    stored.article_changes = tx.exec1("SELECT count(*) FROM changes c JOIN articles a ON a.id = c.article_id "
                                      "WHERE c.type = 'ARTICLE_PUBLISHED' AND a.issue = " + tx.quote(issue))[0]
                                 .as<int>();
    stored.issue_changes =
        tx.exec1("SELECT count(*) FROM changes WHERE type = 'ISSUE_PUBLISHED' AND issue_id = " + tx.quote(id))[0]
            .as<int>();
    return stored;
  }

  grpc::Status Upload(v1::PhotoService::Stub& stub, const std::string& id, const std::string& bytes,
                      std::size_t chunk_size) {
    return UploadPhoto(stub, {kPublication, id, bytes, chunk_size});
  }

  TestDatabase database_;
  std::string token_;
  std::unique_ptr<GalleyProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ArticleService::Stub> articles_;
  std::unique_ptr<v1::IssueService::Stub> issues_;
  std::unique_ptr<v1::PhotoService::Stub> photos_;
  std::mt19937 random_;
};

TEST_F(CrashTest, AnIssueIsPublishedWholeOrNotAtAllWheneverTheServerDies) {
  int published_before_the_kill = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string issue = ApprovedIssue("2026-05-1" + std::to_string(round));
    // Publishing 20 articles takes some tens of milliseconds: the kill
    // falls before, during or after the transaction.
    // The call owns its stub: the kill replaces the fixture's meanwhile.
    auto call = std::async(std::launch::async, [&issue, stub = std::shared_ptr(v1::IssueService::NewStub(channel_))] {
      return PublishIssue(*stub, issue);
    });
    KillAtRandomWithin(std::chrono::milliseconds(40));
    call.wait();

    const StoredIssue stored = Stored(issue);
    if (stored.state == "PUBLISHED") {
      ++published_before_the_kill;
      EXPECT_EQ(stored.live_articles, kIssueArticles) << issue;
      EXPECT_EQ(stored.article_changes, kIssueArticles) << issue;
      EXPECT_EQ(stored.issue_changes, 1) << issue;
    } else {
      EXPECT_EQ(stored.live_articles, 0) << issue << " is " << stored.state;
      EXPECT_EQ(stored.article_changes, 0) << issue;
      EXPECT_EQ(stored.issue_changes, 0) << issue;
      // The next server finishes the job when asked again.
      const auto status = PublishIssue(issue);
      EXPECT_TRUE(status.ok()) << status.error_message();
      const StoredIssue retried = Stored(issue);
      EXPECT_EQ(retried.state, "PUBLISHED");
      EXPECT_EQ(retried.live_articles, kIssueArticles);
      EXPECT_EQ(retried.article_changes, kIssueArticles);
      EXPECT_EQ(retried.issue_changes, 1);
    }
  }
  PrintFigures("%d of %d issues were published before the kill\n", published_before_the_kill, kRounds);
}

TEST_F(CrashTest, APhotoIsStoredWholeOrNotAtAllWheneverTheServerDies) {
  // A PNG of 4 MiB, sent in 64 KiB chunks: long enough in flight for the
  // kill to fall inside it.
  const std::string bytes = PngOfAbout(4 << 20);
  constexpr std::size_t kChunk = 64 << 10;
  // Uninterrupted, it is stored.
  const auto whole = Upload(*photos_, "aerial", bytes, kChunk);
  ASSERT_TRUE(whole.ok()) << whole.error_message();
  int stored_before_the_kill = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = "aerial-" + std::to_string(round);
    // The upload owns its stub: the kill replaces the fixture's meanwhile.
    auto upload = std::async(std::launch::async, [&, stub = std::shared_ptr(v1::PhotoService::NewStub(channel_))] {
      return Upload(*stub, id, bytes, kChunk);
    });
    KillAtRandomWithin(std::chrono::milliseconds(100));
    const bool acknowledged = upload.get().ok();

    pqxx::connection connection(database_.url());
    pqxx::nontransaction tx(connection);
    const auto rows = tx.exec("SELECT size_bytes, length(bytes), sha256 = encode(sha256(bytes), 'hex') "
                              "FROM photos WHERE id = " + tx.quote(id));
    if (acknowledged) {
      EXPECT_EQ(rows.size(), 1u) << id << " was acknowledged";
    }
    if (rows.empty()) continue;
    ++stored_before_the_kill;
    EXPECT_EQ(rows[0][0].as<std::size_t>(), bytes.size()) << id;
    EXPECT_EQ(rows[0][1].as<std::size_t>(), bytes.size()) << id;
    EXPECT_TRUE(rows[0][2].as<bool>()) << id;
  }
  PrintFigures("%d of %d photos were stored before the kill\n", stored_before_the_kill, kRounds);
}

}  // namespace
}  // namespace galley::testing
