#include "feed/follow.h"

#include "domain/error.h"

namespace galley::feed {

void FollowChanges(store::ChangeLog& log, store::ReplicaReads& replay, RecentChanges& recent,
                   ChangeNotifier& notifier, std::int64_t after, const std::string& publication_id,
                   const FollowOptions& options,
                   const std::function<bool(const store::ChangePage&)>& send, const std::function<bool()>& gone,
                   const std::function<void(std::int64_t)>& progressed) {
  std::int64_t cursor = after;
  bool caught_up = false;
  // A consumer far behind replays from the replica until a page from it
  // comes back short: it has given all it has replayed. The rest, what it
  // lags by and then the live tail, comes from the primary, which has
  // everything up to where that page ended. Staying on a lagging replica
  // would spin: the notifier's head, the primary's, would keep saying
  // there is more than the replica has.
  bool replaying = true;
  auto last_sent = store::Clock::now();
  // With nothing to send for a while (nothing new, or only changes the
  // filter skips), a message with no changes says the stream is alive.
  // False when the consumer is gone.
  const auto heartbeat_if_due = [&] {
    if (store::Clock::now() - last_sent < options.heartbeat) return true;
    store::ChangePage heartbeat;
    heartbeat.next_after = cursor;
    heartbeat.head = cursor;  // all the consumer has not seen yet is nothing
    if (!send(heartbeat)) return false;
    last_sent = store::Clock::now();
    return true;
  };
  for (;;) {
    if (gone()) return;
    if (notifier.stopped()) {
      throw domain::Unavailable("the server is shutting down; reconnect and resume after sequence " +
                                std::to_string(cursor));
    }
    std::int64_t head = notifier.head();
    if (caught_up) {
      head = notifier.WaitBeyond(cursor, options.check_interval);
      if (notifier.stopped()) continue;
      if (head <= cursor) {
        if (!heartbeat_if_due()) return;
        continue;
      }
    }
    const auto deadline = store::Clock::now() + options.read_timeout;
    // What is kept is as fresh as the head the notifier knows: only while
    // it listens is that head recent enough (a kill it has not heard of
    // would otherwise leave the killed content served from memory).
    std::optional<store::ChangePage> kept;
    if (notifier.listening()) kept = recent.Read(cursor, options.batch, publication_id, head);
    if (kept && options.describe_photos) log.DescribePhotos(kept->changes, deadline);
    store::ChangePage page;
    if (kept) {
      page = std::move(*kept);
    } else if (replaying) {
      page = replay.ListChanges(cursor, options.batch, publication_id, options.describe_photos, deadline);
      replaying = static_cast<int>(page.changes.size()) == options.batch;
    } else {
      page = log.List(cursor, options.batch, publication_id, options.describe_photos, deadline);
    }
    caught_up = static_cast<int>(page.changes.size()) < options.batch;
    if (page.changes.empty()) {
      cursor = page.next_after;
      progressed(cursor);
      if (!heartbeat_if_due()) return;
      continue;
    }
    if (!send(page)) return;
    cursor = page.next_after;
    progressed(cursor);
    last_sent = store::Clock::now();
  }
}

}  // namespace galley::feed
