#include "store/connection_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <thread>
#include <utility>

#include "domain/error.h"
#include "store/call_cancellation.h"
#include "store/connection_url.h"

namespace galley::store {

namespace {
constexpr int kConnectTimeoutSeconds = 5;
constexpr std::chrono::seconds kMaxWait{30};
// How often a request waiting for a connection checks that its client has
// not cancelled: a cancelled call leaves the queue instead of holding a
// thread and then a connection for nobody. Only a waiter that was not woken
// for a connection asks.
constexpr std::chrono::milliseconds kCancellationCheck{100};
}  // namespace

ConnectionPool::ConnectionPool(std::string url, std::size_t size)
    : url_(WithConnectTimeout(url, kConnectTimeoutSeconds)), size_(std::max<std::size_t>(size, 1)) {}

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->Release(std::move(connection_));
}

std::unique_ptr<PooledConnection> ConnectionPool::Connect() {
  auto pooled = std::make_unique<PooledConnection>();
  pooled->connection = std::make_unique<pqxx::connection>(url_);
  // Timestamps cross the store boundary as UTC; sessions must agree.
  pqxx::nontransaction setup(*pooled->connection);
  setup.exec("SET TIME ZONE 'UTC'");
  setup.exec("SET application_name = 'galley'");
  return pooled;
}

ConnectionPool::Lease ConnectionPool::Acquire(Deadline deadline) {
  // Without a deadline of its own, a request still gives up eventually.
  const Deadline give_up = std::min(deadline, Clock::now() + kMaxWait);
  std::unique_lock<std::mutex> lock(mutex_);
  // Asked without the pool's lock: gRPC answers it from the call's state.
  // A cancelled call leaves the queue; a connection released meanwhile goes
  // to the next waiter.
  const auto leave_if_cancelled = [&](const char* when) {
    lock.unlock();
    const bool cancelled = CallCancellationScope::CurrentCallCancelled();
    lock.lock();
    if (!cancelled) return;
    if (!idle_.empty()) released_.notify_one();
    throw domain::Cancelled(std::string("the client cancelled the call ") + when);
  };
  bool queued = false;
  while (true) {
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->connection->is_open()) return Lease(this, std::move(connection));
      --open_;  // closed under us; open another below
      continue;
    }
    if (open_ < size_) break;
    if (!std::exchange(queued, true)) {
      // Every connection is busy: a call that waited on a busy server
      // before it got here may have lost its client already.
      leave_if_cancelled("before it queued for a database connection");
      continue;  // the pool may have changed while it asked
    }
    ++waiting_;
    // Wakes now and then to see whether its client is still there.
    const Deadline wake = std::min(give_up, Clock::now() + kCancellationCheck);
    const bool woken = released_.wait_until(lock, wake) == std::cv_status::no_timeout;
    --waiting_;
    if (!woken && Clock::now() < give_up) leave_if_cancelled("while it waited for a database connection");
    if (Clock::now() >= give_up && idle_.empty() && open_ >= size_) {
      if (give_up == deadline) throw domain::DeadlineExceeded("no database connection became free before the deadline");
      throw domain::Unavailable("every database connection is busy; retry shortly");
    }
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(this, Connect());
  } catch (const std::exception& error) {
    {
      std::lock_guard<std::mutex> relock(mutex_);
      --open_;
    }
    released_.notify_one();
    spdlog::warn("cannot connect to the database: {}", error.what());
    throw domain::Unavailable("the database is unavailable; retry shortly");
  }
}

ConnectionPool::Stats ConnectionPool::CurrentStats() {
  std::lock_guard<std::mutex> lock(mutex_);
  return {size_, open_, idle_.size(), waiting_};
}

void ConnectionPool::Release(std::unique_ptr<PooledConnection> connection) {
  std::vector<std::unique_ptr<PooledConnection>> dropped;
  bool returned = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!connection->broken && connection->connection->is_open()) {
      idle_.push_back(std::move(connection));
      returned = true;
    } else {
      // One broken connection usually means the server restarted, which
      // broke the idle ones too: drop them all rather than fail one request
      // per stale connection.
      dropped = std::move(idle_);
      idle_.clear();
      dropped.push_back(std::move(connection));
      open_ -= dropped.size();
    }
  }
  // One connection back serves one waiter: waking them all would have every
  // other one take the mutex only to wait again (with many change streams
  // waiting, half the server's CPU went there). Dropped connections make
  // room for as many new ones: wake everyone.
  if (returned) {
    released_.notify_one();
  } else {
    released_.notify_all();
  }
  // Closing can block: do it outside the lock (when `dropped` goes).
}

std::size_t DefaultPoolSize() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(2 * cores + 2, 4, 64);
}

}  // namespace galley::store
