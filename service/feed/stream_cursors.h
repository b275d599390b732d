// Where each open change stream of a server is in the log, so that the
// server can say how far behind its slowest consumer is (/metrics,
// galley_feed_lag_max): a consumer stalled or catching up shows there long
// before anyone complains that the website is stale.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

namespace galley::feed {

class StreamCursors {
 public:
  // One stream's place, counted while it lives.
  class Cursor {
   public:
    Cursor(StreamCursors& cursors, std::int64_t after);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

    // The stream has sent everything up to `after`.
    void Advance(std::int64_t after);

   private:
    StreamCursors& cursors_;
    std::uint64_t id_;
  };

  // The lowest place of any open stream; nullopt when none is open.
  std::optional<std::int64_t> Slowest() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::map<std::uint64_t, std::int64_t> places_;  // by stream
};

}  // namespace galley::feed
