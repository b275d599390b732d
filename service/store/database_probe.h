// Answers "does the database answer right now?" within a bounded time, over
// a connection of its own outside the pool, so that a busy pool never reads
// as a dead database and a hung one (a network partition, a stopped server)
// reads as dead instead of hanging the caller. Used by the health service and
// by start-up checks.
#pragma once

#include <chrono>
#include <string>

struct pg_conn;

namespace galley::store {

class DatabaseProbe {
 public:
  explicit DatabaseProbe(std::string url, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~DatabaseProbe();
  DatabaseProbe(const DatabaseProbe&) = delete;
  DatabaseProbe& operator=(const DatabaseProbe&) = delete;

  // True if `SELECT 1` is answered within the timeout, reconnecting first if
  // needed. On failure, `last_error()` says why.
  bool Check();
  const std::string& last_error() const { return last_error_; }

 private:
  bool Fail(const std::string& reason);

  std::string url_;
  std::chrono::milliseconds timeout_;
  pg_conn* connection_ = nullptr;
  std::string last_error_;
};

}  // namespace galley::store
