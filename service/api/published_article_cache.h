// The published versions of articles that GetArticle serves, kept in memory.
// A published version never changes: what readers see changes only by a new
// change in the log (published, corrected, unpublished, killed). So every
// entry is stamped with the log's head as this server knew it before the
// entry was read, and with the count of such changes this server committed
// itself; when either moves on, everything kept is dropped and read again.
// The notifier (feed/change_notifier.h) learns of other servers' changes
// within milliseconds; this server's own are dropped before its call
// returns, so a caller always sees what a publish it waited for made (a
// reader whose reads come from a streaming replica, once the replica has
// it: see Get). While the notifier does not listen, nothing is served from
// memory.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "feed/change_notifier.h"
#include "galley/v1/article.pb.h"
#include "store/replica_reads.h"

namespace galley::api {

class PublishedArticleCache {
 public:
  explicit PublishedArticleCache(const feed::ChangeNotifier& notifier, std::size_t max_bytes = 32 << 20)
      : notifier_(notifier), max_bytes_(max_bytes) {}

  // What a read of a published version gives: the article, and the change
  // log head it reflects at least (store/replica_reads.h).
  struct Read {
    v1::Article article;
    std::int64_t as_of = store::ReplicaReads::kPrimary;  // as fresh as anything known
  };

  // The article `name` as readers see it: from memory, or from `read` (which
  // throws NOT_FOUND and the like; nothing is kept then). With `may_lag`,
  // the caller (a reader) accepts what a streaming replica read: kept only
  // when it is as fresh as the head this server knows (older, it would
  // outlive the change it has not seen), and served from memory to such
  // callers only, since it may predate a change this server just made
  // itself and editorial roles must see their own.
  std::shared_ptr<const v1::Article> Get(const std::string& name, const std::function<Read()>& read,
                                         bool may_lag = false);

  // After this server committed a change to what readers see, before it
  // answers the call that made it.
  void DropAll() { own_changes_.fetch_add(1); }

 private:
  struct Stamp {
    std::int64_t head = -1;
    std::uint64_t own_changes = 0;
    bool operator==(const Stamp& other) const { return head == other.head && own_changes == other.own_changes; }
    bool operator!=(const Stamp& other) const { return !(*this == other); }
  };

  const feed::ChangeNotifier& notifier_;
  const std::size_t max_bytes_;
  std::atomic<std::uint64_t> own_changes_{0};
  std::mutex mutex_;
  Stamp stamp_;  // what every entry was read under
  struct Entry {
    std::shared_ptr<const v1::Article> article;
    bool from_replica = false;
    std::size_t bytes = 0;
  };
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace galley::api
