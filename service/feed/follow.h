// A stream of the change log for one consumer: everything after the
// sequence it gave, then each change as it commits, read from the log
// itself. Nothing is queued per consumer, so a slow one costs the server no
// memory: it falls behind and catches up from the log at its own pace,
// and a fast one is never held up by it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "feed/change_notifier.h"
#include "feed/recent_changes.h"
#include "store/change_log.h"
#include "store/replica_reads.h"

namespace galley::feed {

struct FollowOptions {
  int batch = 100;  // changes per message at most
  // With nothing to send, a message with no changes goes out this often,
  // carrying the head (how far behind the consumer is; that it is alive).
  std::chrono::milliseconds heartbeat{std::chrono::seconds(15)};
  std::chrono::seconds read_timeout{10};  // for each read of the log
  // How often a waiting stream checks whether its consumer went away.
  std::chrono::milliseconds check_interval{std::chrono::seconds(1)};
  bool describe_photos = false;  // read the photos article payloads show (for ninjs)
};

// Calls `send` with each page of changes in order (and with empty pages as
// heartbeats) until `send` returns false or `gone` true (the consumer went
// away: cancelled, past its deadline, disconnected). Pages come from
// `recent` while it holds them, else, until the stream has caught up, from
// `replay` (a streaming replica when there is one), then from `log` (the
// primary). Throws domain::Unavailable when the notifier stops (the server
// is shutting down), and what reading the log throws. `progressed` hears of
// every move of the stream's place, those past changes a publication filter
// skipped included (for galley_feed_lag_max).
void FollowChanges(store::ChangeLog& log, store::ReplicaReads& replay, RecentChanges& recent,
                   ChangeNotifier& notifier, std::int64_t after, const std::string& publication_id,
                   const FollowOptions& options,
                   const std::function<bool(const store::ChangePage&)>& send, const std::function<bool()>& gone,
                   const std::function<void(std::int64_t)>& progressed);

}  // namespace galley::feed
