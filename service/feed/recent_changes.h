// The newest stretch of the change log, kept in memory and shared by every
// stream of this server. When a publish commits, a hundred caught-up streams
// would otherwise each read the same new change from PostgreSQL; with it,
// one of them reads it and the others take it from here. Streams further
// behind than what it keeps read the log themselves, so a consumer
// replaying history never holds up the live ones.
//
// It always holds every change of the log in one range of sequences
// (first, last], in order, as ChangeLog::List returns them: a kill strips
// the killed article's content from the changes it keeps, as the log does
// for every later read.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "store/change_log.h"

namespace galley::feed {

class RecentChanges {
 public:
  // Reads up to `limit` changes of every publication after `after`, as
  // ChangeLog::List does.
  using LogReader = std::function<store::ChangePage(std::int64_t after, int limit)>;

  explicit RecentChanges(LogReader read, std::size_t max_changes = 2000, std::size_t max_bytes = 32 << 20);

  // The page ChangeLog::List(after, limit, publication_id) would return,
  // once what is kept reaches `head` (reading the log once, for every stream,
  // when it does not); nullopt when `after` is older than what is kept
  // (read the log instead). Throws what reading the log throws.
  std::optional<store::ChangePage> Read(std::int64_t after, int limit, const std::string& publication_id,
                                        std::int64_t head);

 private:
  // Extends what is kept up to `head`; with the mutex held.
  void CatchUp(std::int64_t head);
  void Append(domain::Change change);

  const LogReader read_;
  const std::size_t max_changes_;
  const std::size_t max_bytes_;
  std::mutex mutex_;
  bool started_ = false;
  std::int64_t first_ = 0;  // what is kept: every change with first_ < sequence <= last_
  // first_, for streams behind it to learn so without waiting for the mutex
  // (which a stream reading the log for everyone holds); -1 until started.
  std::atomic<std::int64_t> first_known_{-1};
  // After a failed read of the log, streams read it themselves for a while
  // rather than each wait for the mutex to fail in turn (steady clock ticks).
  std::atomic<std::chrono::steady_clock::rep> retry_after_{0};
  std::int64_t last_ = 0;
  std::deque<domain::Change> changes_;
  std::size_t bytes_ = 0;
};

}  // namespace galley::feed
