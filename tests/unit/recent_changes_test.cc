// The in-memory tail of the change log that streams share
// (feed/recent_changes.h), against a log kept in a vector: it must return
// exactly the pages the log would, read the log once for many streams, and
// send streams older than what it keeps to the log.
#include "feed/recent_changes.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace galley::feed {
namespace {

class FakeLog {
 public:
  void Add(domain::ChangeType type, const std::string& publication, const std::string& article) {
    domain::Change change;
    change.sequence = static_cast<std::int64_t>(changes_.size()) + 1;
    change.type = type;
    change.publication_id = publication;
    change.resource = "publications/" + publication + "/articles/" + article;
    if (type == domain::ChangeType::kArticlePublished) {
      change.article = domain::Article();
      change.article->content.headline = article;
    }
    changes_.push_back(change);
    if (type == domain::ChangeType::kArticleKilled) {
      for (auto& earlier : changes_) {
        if (earlier.resource == change.resource) earlier.article.reset();
      }
    }
  }

  // As ChangeLog::List does.
  store::ChangePage List(std::int64_t after, int limit, const std::string& publication = "") {
    ++reads_;
    store::ChangePage page;
    page.head = head();
    for (const auto& change : changes_) {
      if (change.sequence <= after || static_cast<int>(page.changes.size()) == limit) continue;
      if (publication.empty() || change.publication_id == publication) page.changes.push_back(change);
    }
    const bool full = static_cast<int>(page.changes.size()) == limit;
    page.next_after = full ? page.changes.back().sequence : std::max(after, page.head);
    return page;
  }

  std::int64_t head() const { return static_cast<std::int64_t>(changes_.size()); }
  int reads() const { return reads_; }

 private:
  std::vector<domain::Change> changes_;
  int reads_ = 0;
};

std::string Describe(const store::ChangePage& page) {
  std::string out = "next " + std::to_string(page.next_after) + " head " + std::to_string(page.head) + ":";
  for (const auto& change : page.changes) {
    out += " " + std::to_string(change.sequence) + (change.article ? "+" + change.article->content.headline : "");
  }
  return out;
}

class RecentChangesTest : public ::testing::Test {
 protected:
  FakeLog log_;
  RecentChanges recent_{[this](std::int64_t after, int limit) { return log_.List(after, limit); }, 5};
};

TEST_F(RecentChangesTest, ReturnsWhatTheLogWouldForEveryCursorLimitAndPublication) {
  log_.Add(domain::ChangeType::kArticlePublished, "daily", "a");
  ASSERT_TRUE(recent_.Read(1, 10, "", 1));  // starts keeping at the head it first sees
  for (int i = 0; i < 4; ++i) {
    log_.Add(domain::ChangeType::kArticlePublished, i % 2 == 0 ? "daily" : "evening", "b" + std::to_string(i));
  }
  for (std::int64_t after = 1; after <= log_.head(); ++after) {
    for (const int limit : {1, 2, 10}) {
      for (const std::string publication : {"", "daily", "evening"}) {
        const auto kept = recent_.Read(after, limit, publication, log_.head());
        ASSERT_TRUE(kept) << after;
        EXPECT_EQ(Describe(*kept), Describe(log_.List(after, limit, publication)))
            << "after " << after << " limit " << limit << " " << publication;
      }
    }
  }
}

TEST_F(RecentChangesTest, ManyStreamsAtTheHeadCostOneReadOfTheLog) {
  ASSERT_TRUE(recent_.Read(0, 10, "", 0));
  log_.Add(domain::ChangeType::kArticlePublished, "daily", "a");
  const int before = log_.reads();
  for (int stream = 0; stream < 100; ++stream) {
    const auto page = recent_.Read(0, 10, "", 1);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->changes.size(), 1u);
  }
  EXPECT_EQ(log_.reads() - before, 1);
}

TEST_F(RecentChangesTest, AStreamOlderThanWhatIsKeptReadsTheLog) {
  ASSERT_TRUE(recent_.Read(0, 10, "", 0));
  for (int i = 0; i < 8; ++i) {  // a stream at the head reads each as it comes
    log_.Add(domain::ChangeType::kArticlePublished, "daily", "a" + std::to_string(i));
    ASSERT_TRUE(recent_.Read(i, 10, "", i + 1));
  }
  // It keeps the newest five: sequences 4 to 8.
  EXPECT_FALSE(recent_.Read(2, 10, "", 8));
  ASSERT_TRUE(recent_.Read(3, 10, "", 8));
  EXPECT_EQ(Describe(*recent_.Read(3, 10, "", 8)), Describe(log_.List(3, 10)));
}

TEST_F(RecentChangesTest, FarBehindTheHeadItStartsAfreshThere) {
  ASSERT_TRUE(recent_.Read(0, 10, "", 0));
  for (int i = 0; i < 20; ++i) log_.Add(domain::ChangeType::kArticlePublished, "daily", "a" + std::to_string(i));
  const int before = log_.reads();
  EXPECT_FALSE(recent_.Read(0, 10, "", 20));
  EXPECT_EQ(log_.reads(), before);  // no reading through history it would not keep
  log_.Add(domain::ChangeType::kArticlePublished, "daily", "new");
  EXPECT_EQ(Describe(*recent_.Read(20, 10, "", 21)), Describe(log_.List(20, 10)));
}

TEST_F(RecentChangesTest, AKillStripsTheContentOfTheChangesItKeeps) {
  ASSERT_TRUE(recent_.Read(0, 10, "", 0));
  log_.Add(domain::ChangeType::kArticlePublished, "daily", "a");
  log_.Add(domain::ChangeType::kArticlePublished, "daily", "b");
  ASSERT_TRUE(recent_.Read(0, 10, "", 2));  // both kept with their content
  log_.Add(domain::ChangeType::kArticleKilled, "daily", "a");
  const auto page = recent_.Read(0, 10, "", 3);
  ASSERT_TRUE(page);
  EXPECT_EQ(Describe(*page), Describe(log_.List(0, 10)));
  EXPECT_EQ(Describe(*page), "next 3 head 3: 1 2+b 3");
}

TEST(RecentChanges, AfterAFailedReadStreamsGoToTheLogRatherThanFailInTurn) {
  int reads = 0;
  RecentChanges recent([&](std::int64_t, int) -> store::ChangePage {
    ++reads;
    throw std::runtime_error("the database is unavailable");
  });
  ASSERT_TRUE(recent.Read(0, 10, "", 0));
  EXPECT_THROW(recent.Read(0, 10, "", 1), std::runtime_error);
  EXPECT_FALSE(recent.Read(0, 10, "", 1));  // at once, without another read
  EXPECT_EQ(reads, 1);
}

}  // namespace
}  // namespace galley::feed
