// A bounded pool of PostgreSQL connections. A connection belongs to one
// request at a time (libpq connections are not thread-safe); a request that
// finds every connection busy waits until its deadline. A connection that
// broke (the database restarted) is discarded on return and replaced by a
// fresh one when next needed, so the pool heals without a restart.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include <pqxx/connection>

namespace galley::store {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

// A connection and the named statements already registered on it.
struct PooledConnection {
  std::unique_ptr<pqxx::connection> connection;
  std::unordered_set<std::string> prepared;
  std::size_t dynamic_statements = 0;  // of `prepared`, those shaped by requests
  bool broken = false;  // set by whoever saw it fail; the pool drops it
  // The session's statement_timeout as last set (store/database.cc), in
  // milliseconds; 0 when unknown (a new connection, or after a failed
  // transaction, which rolls the setting back).
  long long statement_timeout_ms = 0;
};

class ConnectionPool {
 public:
  // Opens no connection yet: the first requests do, so a server can start
  // (and report NOT_SERVING) while the database is still down.
  ConnectionPool(std::string url, std::size_t size);

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> connection);
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PooledConnection& operator*() { return *connection_; }
    PooledConnection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<PooledConnection> connection_;
  };

  // A connection for the caller's exclusive use. Throws DEADLINE_EXCEEDED
  // when none frees up before `deadline`, UNAVAILABLE when the database
  // cannot be reached.
  Lease Acquire(Deadline deadline);

  std::size_t size() const { return size_; }
  const std::string& url() const { return url_; }

  // For /metrics: how the connections are used right now.
  struct Stats {
    std::size_t size = 0;     // the most it opens
    std::size_t open = 0;     // leased, idle, or being opened
    std::size_t idle = 0;
    std::size_t waiting = 0;  // requests waiting for one to free up
  };
  Stats CurrentStats();

 private:
  void Release(std::unique_ptr<PooledConnection> connection);
  std::unique_ptr<PooledConnection> Connect();

  const std::string url_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;
  std::size_t open_ = 0;  // idle plus leased, plus those being opened
  std::size_t waiting_ = 0;
};

// The pool size for this machine when the configuration says 0: PostgreSQL
// does best with about two connections per core.
std::size_t DefaultPoolSize();

}  // namespace galley::store
