// FeedService through gRPC against PostgreSQL: what each workflow action
// records in the change log, paging and filtering, streams that replay and
// then follow, and the order of the log under concurrent publishers.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ViolatedFields;
using v1::Change;

// A stream's deadline: generous for a sanitizer build on a busy machine, and
// costing nothing when the stream delivers (ReadStream returns as soon as it
// has what it waits for).
constexpr std::chrono::seconds kWait{120};

class ChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  v1::ListChangesResponse List(std::int64_t after, int page_size = 0, const std::string& publication = "") {
    v1::ListChangesRequest request;
    request.set_after_sequence(after);
    request.set_page_size(page_size);
    request.set_publication(publication);
    v1::ListChangesResponse response;
    grpc::ClientContext context;
    const auto status = feed_->ListChanges(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Every change after `after`, page by page.
  std::vector<Change> All(std::int64_t after = 0, int page_size = 0, const std::string& publication = "") {
    std::vector<Change> changes;
    for (;;) {
      const auto page = List(after, page_size, publication);
      changes.insert(changes.end(), page.changes().begin(), page.changes().end());
      if (page.next_after_sequence() == after || page.next_after_sequence() == page.head_sequence()) {
        return changes;
      }
      after = page.next_after_sequence();
    }
  }

  static std::vector<std::string> Summaries(const std::vector<Change>& changes) {
    std::vector<std::string> out;
    for (const auto& change : changes) out.push_back(Change::Type_Name(change.type()) + " " + change.resource());
    return out;
  }

  void Sql(const std::string& statement) {
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    tx.exec(statement);
    tx.commit();
  }

  testing::InProcessGalley galley_;
  testing::ArticleDriver articles_{galley_.channel()};
  std::unique_ptr<v1::FeedService::Stub> feed_ = v1::FeedService::NewStub(galley_.channel());
};

TEST_F(ChangeFeedTest, EachWayContentReachesOrLeavesReadersIsOneChange) {
  const std::string name = "publications/gannan-daily/articles/kangjin";
  auto article = articles_.Approved(articles_.Create("gannan-daily", "kangjin", "产业拔节生长"));
  EXPECT_TRUE(All().empty()) << "drafts, submissions and approvals are not published content";

  article = articles_.Publish(article);
  article.set_headline("产业拔节生长 集群磁力更强");
  article = articles_.Update(article, "headline");  // the working copy only
  article = articles_.Publish(article, "标题有误,已更正。");
  article = articles_.Unpublish(article, "待核实");
  article = articles_.Publish(article);
  article = articles_.Kill(article, "法律原因撤稿");

  const auto changes = All();
  EXPECT_EQ(Summaries(changes), (std::vector<std::string>{
                                    "ARTICLE_PUBLISHED " + name, "ARTICLE_CORRECTED " + name,
                                    "ARTICLE_UNPUBLISHED " + name, "ARTICLE_PUBLISHED " + name,
                                    "ARTICLE_KILLED " + name}));
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(changes[i].sequence(), static_cast<std::int64_t>(i + 1));
    EXPECT_TRUE(changes[i].has_commit_time());
    if (i > 0) {
      EXPECT_GE(changes[i].commit_time().seconds(), changes[i - 1].commit_time().seconds());
    }
  }
  EXPECT_EQ(changes[2].reason(), "待核实");
  EXPECT_EQ(changes[4].reason(), "法律原因撤稿");
  EXPECT_FALSE(changes[2].has_article());
  // Killed content is never served again, not even in a replay.
  for (const auto& change : changes) EXPECT_FALSE(change.has_article()) << change.sequence();
}

TEST_F(ChangeFeedTest, AChangeCarriesTheVersionItPublishedWithItsCorrections) {
  auto article = articles_.Live(articles_.Create("gannan-daily", "kangjin", "产业拔节生长"));
  const std::int64_t first_revision = article.published_revision();
  article.set_headline("产业拔节生长 集群磁力更强");
  article = articles_.Publish(articles_.Update(article, "headline"), "标题有误,已更正。");
  article.set_headline("不会发布的标题");
  articles_.Update(article, "headline");

  const auto changes = All();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].article().headline(), "产业拔节生长");
  EXPECT_EQ(changes[0].article().state(), v1::Article::PUBLISHED);
  EXPECT_EQ(changes[0].article().revision(), first_revision);
  EXPECT_EQ(changes[0].article().corrections_size(), 0);
  EXPECT_EQ(changes[1].type(), Change::ARTICLE_CORRECTED);
  EXPECT_EQ(changes[1].article().headline(), "产业拔节生长 集群磁力更强");
  ASSERT_EQ(changes[1].article().corrections_size(), 1);
  EXPECT_EQ(changes[1].article().corrections(0).text(), "标题有误,已更正。");
  EXPECT_EQ(changes[1].article().corrections(0).corrected_revision(), first_revision);
}

TEST_F(ChangeFeedTest, PublishingAnIssueRecordsItsArticlesThenTheIssueAndAFailedOneNothing) {
  auto issues = v1::IssueService::NewStub(galley_.channel());
  {
    v1::CreateIssueRequest request;
    request.set_parent("publications/gannan-daily");
    request.mutable_issue()->set_issue_date("2026-05-12");
    v1::Issue issue;
    grpc::ClientContext context;
    ASSERT_TRUE(issues->CreateIssue(&context, request, &issue).ok());
    v1::CreateSectionRequest section;
    section.set_parent(issue.name());
    section.set_section_id("a03");
    section.mutable_section()->set_display_name("综合新闻");
    v1::Section made;
    grpc::ClientContext section_context;
    ASSERT_TRUE(issues->CreateSection(&section_context, section, &made).ok());
  }
  for (const auto& [id, position] : std::vector<std::pair<std::string, int>>{{"b", 2}, {"a", 1}}) {
    v1::Article article;
    article.set_headline("标题 " + id);
    article.set_section("publications/gannan-daily/issues/2026-05-12/sections/a03");
    article.set_position(position);
    articles_.Approved(articles_.Create("gannan-daily", id, article));
  }
  const auto publish = [&] {
    v1::PublishIssueRequest request;
    request.set_name("publications/gannan-daily/issues/2026-05-12");
    request.set_etag("*");
    v1::PublishIssueResponse response;
    grpc::ClientContext context;
    return issues->PublishIssue(&context, request, &response);
  };
  // Rolled back after the articles were published: nothing of it is logged.
  Sql("CREATE FUNCTION refuse_issue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "IF NEW.state = 'PUBLISHED' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$");
  Sql("CREATE TRIGGER refuse_issue BEFORE UPDATE ON issues FOR EACH ROW EXECUTE FUNCTION refuse_issue()");
  EXPECT_FALSE(publish().ok());
  EXPECT_TRUE(All().empty());
  EXPECT_EQ(List(0).head_sequence(), 0);

  Sql("DROP TRIGGER refuse_issue ON issues");
  ASSERT_TRUE(publish().ok());
  const auto changes = All();
  EXPECT_EQ(Summaries(changes), (std::vector<std::string>{
                                    "ARTICLE_PUBLISHED publications/gannan-daily/articles/a",
                                    "ARTICLE_PUBLISHED publications/gannan-daily/articles/b",
                                    "ISSUE_PUBLISHED publications/gannan-daily/issues/2026-05-12"}));
  EXPECT_EQ(changes[2].issue().state(), v1::Issue::PUBLISHED);
  // What the issue held, in print order, as it went live.
  EXPECT_EQ(std::vector<std::string>(changes[2].articles().begin(), changes[2].articles().end()),
            (std::vector<std::string>{"publications/gannan-daily/articles/a", "publications/gannan-daily/articles/b"}));
  EXPECT_EQ(changes[0].sequence(), 1);
}

// Sets a photo's caption (and nothing else) through UpdatePhoto.
void Recaption(const std::shared_ptr<grpc::Channel>& channel, const std::string& name, const std::string& caption) {
  v1::UpdatePhotoRequest request;
  request.mutable_photo()->set_name(name);
  request.mutable_photo()->set_etag("*");
  request.mutable_photo()->set_caption(caption);
  request.mutable_update_mask()->add_paths("caption");
  v1::Photo out;
  grpc::ClientContext context;
  const auto status = v1::PhotoService::NewStub(channel)->UpdatePhoto(&context, request, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

v1::Article ShowingPhoto(const std::string& photo) {
  v1::Article article;
  article.set_headline("配图稿件");
  auto* block = article.add_body();
  block->set_kind(v1::Block::PHOTO);
  block->set_photo(photo);
  return article;
}

TEST_F(ChangeFeedTest, EditingAPhotoThatLiveArticlesShowIsAChangeWithItsMetadataAsOfThen) {
  const std::string shown = "publications/gannan-daily/photos/shown";
  const std::string drafted = "publications/gannan-daily/photos/drafted";
  galley_.UploadPhoto("gannan-daily", "shown");
  galley_.UploadPhoto("gannan-daily", "drafted");
  articles_.Live(articles_.Create("gannan-daily", "live", ShowingPhoto(shown)));
  articles_.Create("gannan-daily", "draft", ShowingPhoto(drafted));
  const std::int64_t before = List(0).head_sequence();

  Recaption(galley_.channel(), drafted, "读者看不到的图片");  // no reader sees it: no change
  Recaption(galley_.channel(), shown, "第一次修改");
  Recaption(galley_.channel(), shown, "第一次修改");  // changes nothing: no change
  Recaption(galley_.channel(), shown, "第二次修改");

  const auto changes = All(before);
  ASSERT_EQ(Summaries(changes), (std::vector<std::string>{"PHOTO_UPDATED " + shown, "PHOTO_UPDATED " + shown}));
  // Each carries the metadata as it was then, not as it is now.
  EXPECT_EQ(changes[0].photo().caption(), "第一次修改");
  EXPECT_EQ(changes[1].photo().caption(), "第二次修改");
  EXPECT_EQ(changes[1].photo().name(), shown);
  EXPECT_EQ(changes[1].photo().mime_type(), "image/png");
  EXPECT_EQ(changes[1].photo().width(), 640);
  EXPECT_NE(changes[0].photo().etag(), changes[1].photo().etag());
}

TEST_F(ChangeFeedTest, PagesResumeWhereTheLastEndedAndTheFilterSkipsOtherPublications) {
  galley_.CreatePublication("ganzhou-evening");
  for (int i = 0; i < 5; ++i) {
    articles_.Live(articles_.Create("gannan-daily", "gn-" + std::to_string(i), "赣南 " + std::to_string(i)));
    articles_.Live(articles_.Create("ganzhou-evening", "gz-" + std::to_string(i), "晚报 " + std::to_string(i)));
  }
  const auto first = List(0, 3);
  ASSERT_EQ(first.changes_size(), 3);
  EXPECT_EQ(first.next_after_sequence(), 3);
  EXPECT_EQ(first.head_sequence(), 10);
  EXPECT_EQ(List(3, 3).changes(0).sequence(), 4);
  EXPECT_EQ(All(0, 3).size(), 10u);
  EXPECT_EQ(All(7).size(), 3u);
  const auto end = List(10);
  EXPECT_EQ(end.changes_size(), 0);
  EXPECT_EQ(end.next_after_sequence(), 10);

  const auto evening = All(0, 2, "publications/ganzhou-evening");
  ASSERT_EQ(evening.size(), 5u);
  for (const auto& change : evening) EXPECT_EQ(change.resource().rfind("publications/ganzhou-evening/", 0), 0u);
  // A short page ends at the head, past the other publication's changes.
  const auto tail = List(9, 100, "publications/gannan-daily");
  EXPECT_EQ(tail.changes_size(), 0);
  EXPECT_EQ(tail.next_after_sequence(), 10);
}

TEST_F(ChangeFeedTest, BadRequestsNameTheirFieldAndReadersMayFollow) {
  v1::ListChangesRequest request;
  request.set_after_sequence(-1);
  request.set_page_size(1001);
  request.set_publication("gannan-daily");
  v1::ListChangesResponse response;
  {
    grpc::ClientContext context;
    const auto status = feed_->ListChanges(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedFields(status), (std::vector<std::string>{"after_sequence", "page_size"}));
  }
  request.set_after_sequence(0);
  request.set_page_size(0);
  {
    grpc::ClientContext context;
    const auto status = feed_->ListChanges(&context, request, &response);
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"publication"});
  }
  auto reader = v1::FeedService::NewStub(galley_.ChannelAs(domain::Role::kReader, "website"));
  grpc::ClientContext context;
  EXPECT_TRUE(reader->ListChanges(&context, v1::ListChangesRequest(), &response).ok());
  auto anonymous = v1::FeedService::NewStub(galley_.ChannelWithSecret(""));
  grpc::ClientContext anonymous_context;
  EXPECT_EQ(anonymous->ListChanges(&anonymous_context, v1::ListChangesRequest(), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// Reads a stream until it has seen `count` changes (or `kWait` passed).
std::vector<Change> ReadStream(v1::FeedService::Stub& feed, std::int64_t after, std::size_t count,
                               const std::string& publication = "") {
  v1::StreamChangesRequest request;
  request.set_after_sequence(after);
  request.set_publication(publication);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kWait);
  auto stream = feed.StreamChanges(&context, request);
  std::vector<Change> changes;
  v1::StreamChangesResponse message;
  while (changes.size() < count && stream->Read(&message)) {
    changes.insert(changes.end(), message.changes().begin(), message.changes().end());
  }
  context.TryCancel();
  return changes;
}

TEST_F(ChangeFeedTest, AStreamReplaysFromAnyPointThenFollowsLiveChanges) {
  for (int i = 0; i < 4; ++i) {
    articles_.Live(articles_.Create("gannan-daily", "a" + std::to_string(i), "标题 " + std::to_string(i)));
  }
  EXPECT_EQ(ReadStream(*feed_, 0, 4).size(), 4u);
  const auto middle = ReadStream(*feed_, 2, 2);
  ASSERT_EQ(middle.size(), 2u);
  EXPECT_EQ(middle[0].sequence(), 3);

  // From the end: nothing until a change commits, then that change.
  std::vector<Change> live;
  std::thread follower([&] { live = ReadStream(*feed_, 4, 2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  articles_.Live(articles_.Create("gannan-daily", "late", "晚到的稿件"));
  articles_.Live(articles_.Create("gannan-daily", "later", "更晚的稿件"));
  follower.join();
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].sequence(), 5);
  EXPECT_EQ(live[1].resource(), "publications/gannan-daily/articles/later");
  EXPECT_EQ(live[1].article().headline(), "更晚的稿件");
  // Served live (from what the server keeps of the newest changes), they
  // are exactly what the log returns.
  const auto listed = List(4);
  ASSERT_EQ(listed.changes_size(), 2);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(live[i].SerializeAsString(), listed.changes(i).SerializeAsString());
}

TEST_F(ChangeFeedTest, AStreamOfOnePublicationSkipsTheOthersBothReplayedAndLive) {
  galley_.CreatePublication("ganzhou-evening");
  articles_.Live(articles_.Create("ganzhou-evening", "gz-old", "晚报旧闻"));
  articles_.Live(articles_.Create("gannan-daily", "gn-old", "日报旧闻"));
  std::vector<Change> daily;
  std::thread follower([&] { daily = ReadStream(*feed_, 0, 2, "publications/gannan-daily"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  articles_.Live(articles_.Create("ganzhou-evening", "gz-new", "晚报新闻"));
  articles_.Live(articles_.Create("gannan-daily", "gn-new", "日报新闻"));
  follower.join();
  EXPECT_EQ(Summaries(daily), (std::vector<std::string>{"ARTICLE_PUBLISHED publications/gannan-daily/articles/gn-old",
                                                        "ARTICLE_PUBLISHED publications/gannan-daily/articles/gn-new"}));
  ASSERT_EQ(daily.size(), 2u);
  EXPECT_EQ(daily[1].sequence(), 4);  // the other publication's changes keep their places in the log
}

TEST_F(ChangeFeedTest, ConcurrentPublishersAreSeenByEveryConsumerInOneOrderWithoutGaps) {
  constexpr int kPublishers = 8;
  // Each round: publish, correct, unpublish, publish, unpublish; a kill at the end.
  constexpr int kRounds = 4;
  constexpr std::size_t kExpected = kPublishers * (kRounds * 5 + 1);
  // Publishing a "doomed" article fails at commit, after its change took a
  // sequence under the log's lock: rolled back, it must leave neither a
  // change nor a gap.
  Sql("CREATE FUNCTION doom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "IF NEW.resource LIKE '%/articles/doomed-%' THEN RAISE EXCEPTION 'injected failure at commit'; END IF; "
      "RETURN NULL; END $$");
  Sql("CREATE CONSTRAINT TRIGGER doom AFTER INSERT ON changes DEFERRABLE INITIALLY DEFERRED "
      "FOR EACH ROW EXECUTE FUNCTION doom()");

  std::vector<std::vector<Change>> seen(3);
  std::vector<std::thread> consumers;
  for (auto& changes : seen) {
    consumers.emplace_back([&] { changes = ReadStream(*feed_, 0, kExpected); });
  }
  // One more consumer disconnects after every few changes and resumes after
  // the last sequence it processed.
  std::vector<Change> resumed;
  std::thread resumer([&] {
    std::int64_t after = 0;
    while (resumed.size() < kExpected) {
      const auto part = ReadStream(*feed_, after, std::min<std::size_t>(7, kExpected - resumed.size()));
      if (part.empty()) break;
      resumed.insert(resumed.end(), part.begin(), part.end());
      after = part.back().sequence();
    }
  });

  std::vector<std::thread> publishers;
  for (int p = 0; p < kPublishers; ++p) {
    publishers.emplace_back([&, p] {
      testing::ArticleDriver driver(galley_.channel());
      auto article = driver.Approved(driver.Create("gannan-daily", "p" + std::to_string(p), "稿件"));
      const auto doomed = driver.Approved(driver.Create("gannan-daily", "doomed-" + std::to_string(p), "注定失败"));
      auto articles = v1::ArticleService::NewStub(galley_.channel());
      for (int round = 0; round < kRounds; ++round) {
        v1::PublishArticleRequest request;
        request.set_name(doomed.name());
        request.set_etag("*");
        v1::Article out;
        grpc::ClientContext context;
        EXPECT_FALSE(articles->PublishArticle(&context, request, &out).ok());
        article = driver.Publish(article);
        article = driver.Publish(article, "更正 " + std::to_string(round));
        article = driver.Unpublish(article, "撤下");
        article = driver.Publish(article);
        article = driver.Unpublish(article, "再撤下");
      }
      driver.Kill(article, "撤稿");
    });
  }
  for (auto& publisher : publishers) publisher.join();
  for (auto& consumer : consumers) consumer.join();
  resumer.join();

  const auto final_log = All(0, 50);
  ASSERT_EQ(final_log.size(), kExpected);
  for (const auto& change : final_log) {
    ASSERT_EQ(change.resource().find("doomed"), std::string::npos) << "a rolled-back change: " << change.resource();
  }
  for (std::size_t i = 0; i < final_log.size(); ++i) {
    ASSERT_EQ(final_log[i].sequence(), static_cast<std::int64_t>(i + 1)) << "a gap or a duplicate";
  }
  // Each change as "sequence type resource": what consumers saw live
  // (mostly from the server's shared memory of the newest changes) must be
  // what the log says afterwards.
  const auto sequences = [](const std::vector<Change>& changes) {
    std::vector<std::string> out;
    for (const auto& change : changes) {
      out.push_back(std::to_string(change.sequence()) + " " + Change::Type_Name(change.type()) + " " +
                    change.resource());
    }
    return out;
  };
  const std::vector<std::string> expected = sequences(final_log);
  for (const auto& changes : seen) EXPECT_EQ(sequences(changes), expected);
  auto resumed_sequences = sequences(resumed);
  resumed_sequences.resize(std::min(resumed_sequences.size(), kExpected));
  EXPECT_EQ(resumed_sequences, expected);
}

TEST_F(ChangeFeedTest, AStalledConsumerHoldsUpNoOneAndLaterCatchesUpFromTheLog) {
  constexpr int kConsumers = 100;
  constexpr std::size_t kChanges = 30;
  // A partner's consumer that opens its stream and then stops reading: its
  // server thread blocks in Write, and nothing is queued for it.
  v1::StreamChangesRequest request;
  grpc::ClientContext stalled_context;
  stalled_context.set_deadline(std::chrono::system_clock::now() + kWait * 2);
  auto partner = v1::FeedService::NewStub(galley_.ChannelAs(domain::Role::kReader, "partner"));
  auto stalled = partner->StreamChanges(&stalled_context, request);

  std::vector<std::vector<Change>> seen(kConsumers);
  std::vector<std::thread> consumers;
  for (auto& changes : seen) {
    consumers.emplace_back([&] { changes = ReadStream(*feed_, 0, kChanges); });
  }
  const std::string paragraph(5000, 'x');  // enough that a stalled stream fills its window
  for (std::size_t i = 0; i < kChanges; ++i) {
    v1::Article article;
    article.set_headline("稿件 " + std::to_string(i));
    auto* block = article.add_body();
    block->set_kind(v1::Block::PARAGRAPH);
    block->set_text(paragraph);
    articles_.Live(articles_.Create("gannan-daily", "s" + std::to_string(i), article));
  }
  for (auto& consumer : consumers) consumer.join();
  for (const auto& changes : seen) {
    ASSERT_EQ(changes.size(), kChanges);
    for (std::size_t i = 0; i < kChanges; ++i) ASSERT_EQ(changes[i].sequence(), static_cast<std::int64_t>(i + 1));
  }

  // It reads again and gets everything, in order, exactly once.
  std::vector<Change> caught_up;
  v1::StreamChangesResponse message;
  while (caught_up.size() < kChanges && stalled->Read(&message)) {
    caught_up.insert(caught_up.end(), message.changes().begin(), message.changes().end());
  }
  ASSERT_EQ(caught_up.size(), kChanges);
  for (std::size_t i = 0; i < kChanges; ++i) EXPECT_EQ(caught_up[i].sequence(), static_cast<std::int64_t>(i + 1));
  stalled_context.TryCancel();
}

}  // namespace
}  // namespace galley
