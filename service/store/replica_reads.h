// The reads that may come from a PostgreSQL streaming replica
// (--read-database-url), and the rules that keep them safe. For operators,
// docs/operations.md says what goes where; this says why.
//
// Which reads: what readers see of published content (GetArticle,
// ListArticles and SearchArticles in the published view, for the reader
// role) and the change feed's replay (ListChanges, and StreamChanges until
// it has caught up: feed/follow.h). These tolerate lag. Everything else
// stays on the primary: the editorial working copy and anything editorial
// roles read (an editor must read their own writes), every read inside a
// write transaction and the etag reads before writes, token lookups (a
// revoked token must stop working at once), and the feed's live tail and
// notifier (LISTEN does not work on a standby).
//
// The feed stays exactly-once and in order with its replay from a replica.
// Sequences are taken in commit order (docs/change-feed.md) and a standby
// replays commits in WAL order, which is that order: it shows a prefix of
// the primary's log, never a sequence the primary has not committed. A page
// reads its head and then the rows up to it from one server (one
// transaction), so it skips nothing below its head, and its `next_after`
// never moves back: a consumer resuming after a sequence the replica has
// not reached yet (one it read from a primary) gets an empty page that ends
// where it started, and resuming on the primary after a replica's page
// starts where the replica ended, which the primary has.
//
// The one thing lag must never show is killed content (a legal removal):
// the replica may not have replayed a kill the primary committed. So a read
// through the replica reads the replica's head first (the rows it reads
// next are at least that fresh) and, when the primary is known to be
// further on or its head is unknown, reads from the primary the kills after
// that head (a range of the log's key, empty unless a kill is in flight)
// and leaves their content out, as the primary would.
//
// While the replica does not answer (SetReplicaReachable, from the health
// monitor), its reads go to the primary. The replica is capacity, not a
// source of truth: the primary answers the same reads, fresher, through its
// own bounded pool, so the fallback cannot open more connections to it than
// it was sized for (editors and readers share that pool meanwhile, which
// galley_db_pool_waiting shows). Failing readers' calls with UNAVAILABLE
// instead would take the website down with a copy of the data. For the
// same reason a read the replica fails with UNAVAILABLE between two checks
// (a connection it dropped when it restarted) runs again on the primary. A
// read runs whole on one server, so that the head it reads and the rows it
// reads next come from the same one.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/article.h"
#include "domain/list_query.h"
#include "domain/search_text.h"
#include "store/article_repository.h"
#include "store/change_log.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

class ReplicaReads {
 public:
  // The newest sequence this server knows the primary committed
  // (feed/change_notifier.h), nullopt when it does not know.
  using KnownHead = std::function<std::optional<std::int64_t>()>;

  // `replica` null: there is none, and every read goes to `primary` as if
  // this class did not exist.
  ReplicaReads(Database& primary, Database* replica, KnownHead known_head);

  bool has_replica() const { return replica_ != nullptr; }
  // The health monitor's verdict on the replica. Unknown until its first
  // check, and the primary serves meanwhile.
  void SetReplicaReachable(bool reachable) { reachable_.store(reachable); }
  bool replica_reachable() const { return reachable_.load(); }

  // A result and the change log head it reflects at least: the newest
  // sequence whose change it shows. kPrimary when read from the primary
  // (as fresh as anything this server knows).
  template <typename T>
  struct AsOf {
    T value;
    std::int64_t head = 0;
  };
  static constexpr std::int64_t kPrimary = INT64_MAX;

  AsOf<domain::Article> GetPublished(const std::string& publication_id, const std::string& id,
                                     Deadline deadline);
  ListPage<domain::Article> ListPublished(const std::string& publication_id, const domain::ListQuery& query,
                                          Deadline deadline);
  ListPage<ArticleMatch> SearchPublished(const std::string& publication_id, const domain::SearchQuery& search,
                                         const domain::ListQuery& query, Deadline deadline);
  // As ChangeLog::List.
  ChangePage ListChanges(std::int64_t after, int limit, const std::string& publication_id, bool describe_photos,
                         Deadline deadline);

  // After this server committed a change to what readers see, before it
  // answers the call that made it: until the notifier has surely heard of
  // it, every read from the replica asks the primary for kills, so that an
  // article this server just killed is never read back from the lag.
  void NoteOwnChange() {
    ask_primary_until_.store((Clock::now() + kOwnChangeWindow).time_since_epoch().count());
  }

 private:
  // The replica for this call, or null: read the primary.
  Database* Replica() const { return replica_ != nullptr && reachable_.load() ? replica_ : nullptr; }

  // Whether a read from the replica as of `replica_head` must ask the
  // primary which articles were killed after it.
  bool MayHaveMissedKills(std::int64_t replica_head) const;

  // Longer than the notifier takes to hear of a commit, even one it learns
  // of only by its half-second poll of the head.
  static constexpr std::chrono::seconds kOwnChangeWindow{2};

  Database& primary_;
  Database* const replica_;
  const KnownHead known_head_;
  std::atomic<bool> reachable_{false};
  std::atomic<Clock::rep> ask_primary_until_{0};
};

}  // namespace galley::store
