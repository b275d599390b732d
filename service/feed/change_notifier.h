// Learns of changes as they commit, for every stream of this server at once:
// one connection of its own LISTENs on the change log's channel, so a
// publish wakes the waiting streams within milliseconds. NOTIFY is not
// durable (what is sent while the connection is down is lost), so the
// notifier also reads the log's head after every quiet poll interval and
// after each reconnect: a missed notification costs at most that interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace galley::feed {

class ChangeNotifier {
 public:
  explicit ChangeNotifier(std::string database_url,
                          std::chrono::milliseconds poll_interval = std::chrono::milliseconds(500));
  ~ChangeNotifier();
  ChangeNotifier(const ChangeNotifier&) = delete;
  ChangeNotifier& operator=(const ChangeNotifier&) = delete;

  // Blocks until the log's head passes `sequence`, `timeout` passes, or the
  // notifier stops; returns the newest head known.
  std::int64_t WaitBeyond(std::int64_t sequence, std::chrono::milliseconds timeout);

  // The newest head known, without waiting.
  std::int64_t head() const;

  // True while its connection listens: the head it knows is then at most
  // about one poll interval old. While it reconnects the head can be far
  // behind the log, and streams read the log itself.
  bool listening() const;

  // The head while it listens, nullopt while it reconnects: the newest
  // sequence the primary is known to have committed, for reads from a
  // replica (store/replica_reads.h).
  std::optional<std::int64_t> fresh_head() const;

  // Wakes every waiter for good (graceful shutdown: streams end so that
  // their clients reconnect elsewhere). Idempotent.
  void Stop();
  bool stopped() const;

  // Called with each head learned (a notification's payload, a poll).
  void Advance(std::int64_t head);

 private:
  void Run();
  void SetListening(bool listening);
  bool SleepUnlessStopped(std::chrono::milliseconds duration);

  const std::string database_url_;
  const std::chrono::milliseconds poll_interval_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::int64_t head_ = 0;
  bool stopped_ = false;
  bool listening_ = false;
  std::thread thread_;
};

}  // namespace galley::feed
