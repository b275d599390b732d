#include "store/replica_reads.h"

#include <algorithm>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "domain/error.h"

namespace galley::store {

namespace {

// The articles killed on the primary after `replica_head`, which a read
// from the replica as of that head may still show with their content.
// Asked of the primary only when it may be further on (MayHaveMissedKills).
class KillsAfter {
 public:
  KillsAfter(Database& primary, std::int64_t replica_head, bool ask, Deadline deadline) {
    if (!ask) return;
    for (auto& name : ChangeLog(primary).KilledAfter(replica_head, deadline)) names_.insert(std::move(name));
  }
  bool Contains(const std::string& article_name) const { return names_.count(article_name) > 0; }
  bool empty() const { return names_.empty(); }

 private:
  std::unordered_set<std::string> names_;
};

template <typename Item, typename NameOf>
void LeaveOutKilled(std::vector<Item>& items, const KillsAfter& kills, NameOf name_of) {
  if (kills.empty()) return;
  items.erase(std::remove_if(items.begin(), items.end(), [&](const Item& item) { return kills.Contains(name_of(item)); }),
              items.end());
}

// Runs `read(database, from_replica)` on the replica when there is one for
// this call, else on the primary. A replica that fails the call with
// UNAVAILABLE (a connection it dropped when it restarted) leaves it to the
// primary: a read is safe to run again, and the reader need not retry.
template <typename Read>
auto Route(Database& primary, Database* replica, Read read) -> decltype(read(primary, false)) {
  if (replica != nullptr) {
    try {
      return read(*replica, true);
    } catch (const domain::Error& error) {
      if (error.code() != domain::ErrorCode::kUnavailable) throw;
      spdlog::warn("the read replica failed a read ({}); reading the primary", error.what());
    }
  }
  return read(primary, false);
}

}  // namespace

ReplicaReads::ReplicaReads(Database& primary, Database* replica, KnownHead known_head)
    : primary_(primary), replica_(replica), known_head_(std::move(known_head)) {}

// When this server knows of nothing newer than the replica shows, a kill
// committed elsewhere and not heard of yet is one the notifier learns of
// within milliseconds, the window every server's published cache has for
// other servers' kills (api/published_article_cache.h). This server's own
// changes are another matter: its caller has been told the kill is done, so
// for a moment after one (NoteOwnChange) the primary is always asked.
bool ReplicaReads::MayHaveMissedKills(std::int64_t replica_head) const {
  if (Clock::now().time_since_epoch().count() < ask_primary_until_.load()) return true;
  const auto known = known_head_();
  return !known || *known > replica_head;
}

ReplicaReads::AsOf<domain::Article> ReplicaReads::GetPublished(const std::string& publication_id,
                                                               const std::string& id, Deadline deadline) {
  return Route(primary_, Replica(), [&](Database& database, bool from_replica) -> AsOf<domain::Article> {
    // First: what is read next is at least this fresh.
    const std::int64_t head = from_replica ? ChangeLog(database).Head(deadline) : kPrimary;
    domain::Article article =
        ArticleRepository(database).Get(publication_id, id, domain::ArticleView::kPublished, deadline);
    if (from_replica && KillsAfter(primary_, head, MayHaveMissedKills(head), deadline).Contains(article.Name())) {
      throw domain::NotFound(article.Name());
    }
    return {std::move(article), head};
  });
}

ListPage<domain::Article> ReplicaReads::ListPublished(const std::string& publication_id,
                                                      const domain::ListQuery& query, Deadline deadline) {
  return Route(primary_, Replica(), [&](Database& database, bool from_replica) {
    const std::int64_t head = from_replica ? ChangeLog(database).Head(deadline) : kPrimary;
    auto page = ArticleRepository(database).List(publication_id, query, domain::ArticleView::kPublished, deadline);
    // The page token still continues after the last row read, killed or not.
    if (from_replica) {
      LeaveOutKilled(page.items, KillsAfter(primary_, head, MayHaveMissedKills(head), deadline),
                     [](const domain::Article& article) { return article.Name(); });
    }
    return page;
  });
}

ListPage<ArticleMatch> ReplicaReads::SearchPublished(const std::string& publication_id,
                                                     const domain::SearchQuery& search,
                                                     const domain::ListQuery& query, Deadline deadline) {
  return Route(primary_, Replica(), [&](Database& database, bool from_replica) {
    const std::int64_t head = from_replica ? ChangeLog(database).Head(deadline) : kPrimary;
    auto page =
        ArticleRepository(database).Search(publication_id, search, query, domain::ArticleView::kPublished, deadline);
    if (from_replica) {
      LeaveOutKilled(page.items, KillsAfter(primary_, head, MayHaveMissedKills(head), deadline),
                     [](const ArticleMatch& match) { return match.article.Name(); });
    }
    return page;
  });
}

ChangePage ReplicaReads::ListChanges(std::int64_t after, int limit, const std::string& publication_id,
                                     bool describe_photos, Deadline deadline) {
  return Route(primary_, Replica(), [&](Database& database, bool from_replica) {
    // The page's head and its rows come from one transaction: its content
    // shows every kill up to that head, as the primary's would.
    ChangePage page = ChangeLog(database).List(after, limit, publication_id, describe_photos, deadline);
    if (!from_replica) return page;
    const KillsAfter kills(primary_, page.head, MayHaveMissedKills(page.head), deadline);
    for (auto& change : page.changes) {
      if (change.article && kills.Contains(change.resource)) {
        change.article.reset();
        change.article_photos.clear();
      }
    }
    return page;
  });
}

}  // namespace galley::store
