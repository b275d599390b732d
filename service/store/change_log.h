// The change log (table `changes`): appended by the transactions that
// publish, correct, unpublish and kill (Transaction::RecordChange), read in
// pages by FeedService. docs/change-feed.md explains why the sequence order
// is the commit order and no reader ever sees a later change before an
// earlier one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/change.h"
#include "store/database.h"

namespace galley::store {

struct ChangePage {
  std::vector<domain::Change> changes;  // oldest first
  std::int64_t next_after = 0;          // where the next page starts
  std::int64_t head = 0;                // the newest sequence committed when read
};

class ChangeLog {
 public:
  explicit ChangeLog(Database& database) : database_(database) {}

  // Up to `limit` changes after `after`, only `publication_id`'s unless it is
  // empty, with the content they published (and, with `describe_photos`,
  // the photos each article shows). A page shorter than `limit` ends at the
  // head: `next_after` is then the head, past changes the filter skipped.
  ChangePage List(std::int64_t after, int limit, const std::string& publication_id, bool describe_photos,
                  Deadline deadline);

  // Reads the photos each change's article shows into `article_photos`
  // (for changes that came from elsewhere than List: feed/recent_changes.h).
  void DescribePhotos(std::vector<domain::Change>& changes, Deadline deadline);

  // The newest sequence committed (0 while the log is empty).
  std::int64_t Head(Deadline deadline);

  // The articles (resource names) killed by changes after `after`, for
  // reads from a replica that may not have replayed them yet
  // (store/replica_reads.h).
  std::vector<std::string> KilledAfter(std::int64_t after, Deadline deadline);

  // The channel every commit that appends to the log notifies, with the
  // newest sequence as its payload.
  static constexpr const char* kChannel = "galley_changes";

 private:
  Database& database_;
};

}  // namespace galley::store
