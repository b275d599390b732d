// The store's transaction runner and connection pool against a real
// PostgreSQL: deadlines bound SQL, a busy pool makes callers wait only until
// their deadline, broken connections are replaced, and domain errors roll
// the whole transaction back.
#include "store/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <utility>
#include <pqxx/pqxx>
#include <thread>

#include "domain/error.h"
#include "store/call_cancellation.h"
#include "support/test_database.h"

namespace galley::store {
namespace {

const Statement kSleep{"test_sleep", "SELECT pg_sleep($1::float8)"};
const Statement kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};
const Statement kInsertSecret{"test_insert_secret", "INSERT INTO service_secrets (name, secret) VALUES ($1, 'x')"};
const Statement kCountSecrets{"test_count_secrets", "SELECT count(*) FROM service_secrets WHERE name = $1"};
const Statement kNow{"test_now", "SELECT now()::text"};
const Statement kStatementTimeout{"test_statement_timeout",
                                  "SELECT setting::bigint FROM pg_settings WHERE name = 'statement_timeout'"};

Deadline In(std::chrono::milliseconds duration) { return Clock::now() + duration; }

domain::ErrorCode CodeOf(const std::function<void()>& body) {
  try {
    body();
  } catch (const domain::Error& error) {
    return error.code();
  }
  ADD_FAILURE() << "no error was thrown";
  return domain::ErrorCode::kInternal;
}

class DatabaseTest : public ::testing::Test {
 protected:
  testing::TestDatabase database_;
  ConnectionPool pool_{database_.url(), 2};
  Database db_{pool_};
};

TEST_F(DatabaseTest, TheCallersDeadlineBoundsItsSql) {
  EXPECT_EQ(CodeOf([&] { db_.Run(In(std::chrono::milliseconds(300)), [](Transaction& tx) { tx.Exec(kSleep, 30); }); }),
            domain::ErrorCode::kDeadlineExceeded);
  // The connection is fine afterwards.
  EXPECT_TRUE(db_.Ping(In(std::chrono::seconds(5))));
}

TEST_F(DatabaseTest, EachCallsDeadlineBoundsItsSqlOnAConnectionThatServedOthers) {
  ConnectionPool one(database_.url(), 1);
  Database db(one);
  const auto timeout_within = [&](Deadline deadline) {
    return db.Read(deadline, [](Transaction& tx) { return tx.Exec(kStatementTimeout)[0][0].as<long long>(); });
  };
  // No deadline: the default limit (30 s), less a twentieth.
  EXPECT_EQ(timeout_within(Deadline::max()), 28500);
  // A deadline: at most the time left, and at least nine tenths of it.
  const long long ten_seconds = timeout_within(In(std::chrono::seconds(10)));
  EXPECT_LE(ten_seconds, 10000);
  EXPECT_GE(ten_seconds, 8900);
  // A deadline that wants a little more than the limit the session has keeps
  // it: one a tenth more stays in the band however much of that tenth (890 ms
  // or more) passes before the call starts.
  EXPECT_EQ(timeout_within(In(std::chrono::milliseconds(ten_seconds + ten_seconds / 10))), ten_seconds);
  // A shorter deadline after a longer one, in and outside a transaction.
  EXPECT_EQ(CodeOf([&] { db.Run(In(std::chrono::milliseconds(300)), [](Transaction& tx) { tx.Exec(kSleep, 30); }); }),
            domain::ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(CodeOf([&] {
              db.Read(In(std::chrono::milliseconds(300)), [](Transaction& tx) { return tx.Exec(kSleep, 30).size(); });
            }),
            domain::ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(timeout_within(Deadline::max()), 28500);
}

TEST_F(DatabaseTest, AReadRunsEachStatementOnItsOwnWhileRunSharesOneTransaction) {
  const auto two_clocks = [](Transaction& tx) {
    const auto first = tx.Exec(kNow)[0][0].as<std::string>();
    tx.Exec(kSleep, 0.02);
    return std::make_pair(first, tx.Exec(kNow)[0][0].as<std::string>());
  };
  const auto in_transaction = db_.Run(In(std::chrono::seconds(5)), two_clocks);
  EXPECT_EQ(in_transaction.first, in_transaction.second);
  const auto on_their_own = db_.Read(In(std::chrono::seconds(5)), two_clocks);
  EXPECT_NE(on_their_own.first, on_their_own.second);
}

TEST_F(DatabaseTest, APassedDeadlineRunsNothing) {
  EXPECT_EQ(CodeOf([&] { db_.Run(Clock::now() - std::chrono::seconds(1), [](Transaction&) {}); }),
            domain::ErrorCode::kDeadlineExceeded);
}

TEST_F(DatabaseTest, ABusyPoolMakesCallersWaitOnlyUntilTheirDeadline) {
  auto first = pool_.Acquire(In(std::chrono::seconds(5)));
  auto second = pool_.Acquire(In(std::chrono::seconds(5)));
  EXPECT_EQ(CodeOf([&] { pool_.Acquire(In(std::chrono::milliseconds(200))); }), domain::ErrorCode::kDeadlineExceeded);
}

TEST_F(DatabaseTest, AReturnedConnectionServesTheNextWaiter) {
  std::optional<ConnectionPool::Lease> first(pool_.Acquire(In(std::chrono::seconds(5))));
  auto second = pool_.Acquire(In(std::chrono::seconds(5)));
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    first.reset();
  });
  EXPECT_NO_THROW(pool_.Acquire(In(std::chrono::seconds(10))));
  release.join();
}

TEST_F(DatabaseTest, ACallCancelledWhileWaitingForAConnectionLeavesTheQueueAndTheNextWaiterIsServed) {
  std::optional<ConnectionPool::Lease> first(pool_.Acquire(In(std::chrono::seconds(5))));
  auto second = pool_.Acquire(In(std::chrono::seconds(5)));
  std::atomic<bool> cancelled{false};
  std::thread cancel([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancelled = true;
  });
  {
    const CallCancellationScope scope([&] { return cancelled.load(); });
    // Its deadline is a minute away: only the cancel ends the wait.
    EXPECT_EQ(CodeOf([&] { pool_.Acquire(In(std::chrono::seconds(60))); }), domain::ErrorCode::kCancelled);
  }
  cancel.join();
  EXPECT_EQ(pool_.CurrentStats().waiting, 0u);
  // Outside the cancelled call's scope, the next waiter gets the connection.
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    first.reset();
  });
  EXPECT_NO_THROW(pool_.Acquire(In(std::chrono::seconds(10))));
  release.join();
}

TEST_F(DatabaseTest, ACallWhoseClientIsGoneDoesNotQueueForAConnection) {
  std::optional<ConnectionPool::Lease> first(pool_.Acquire(In(std::chrono::seconds(5))));
  auto second = pool_.Acquire(In(std::chrono::seconds(5)));
  bool ran = false;
  {
    const CallCancellationScope scope([] { return true; });
    EXPECT_EQ(CodeOf([&] { db_.Run(In(std::chrono::seconds(60)), [&](Transaction&) { ran = true; }); }),
              domain::ErrorCode::kCancelled);
  }
  EXPECT_FALSE(ran);
  EXPECT_EQ(pool_.CurrentStats().waiting, 0u);
  // A connection free, a call runs whether or not its client is still there:
  // asking gRPC is worth it only for a call that would otherwise wait.
  first.reset();
  const CallCancellationScope scope([] { return true; });
  db_.Run(In(std::chrono::seconds(5)), [&](Transaction&) { ran = true; });
  EXPECT_TRUE(ran);
}

TEST_F(DatabaseTest, AConnectionKilledUnderThePoolCostsOneUnavailableThenIsReplaced) {
  const auto pid = db_.Run(In(std::chrono::seconds(5)),
                           [](Transaction& tx) { return tx.Exec(kBackendPid)[0][0].as<int>(); });
  pqxx::connection admin(database_.url());
  pqxx::nontransaction(admin).exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");

  auto backend_pid = [&] {
    return db_.Run(In(std::chrono::seconds(5)), [](Transaction& tx) { return tx.Exec(kBackendPid)[0][0].as<int>(); });
  };
  EXPECT_EQ(CodeOf([&] { backend_pid(); }), domain::ErrorCode::kUnavailable);
  EXPECT_NE(backend_pid(), pid);
}

TEST_F(DatabaseTest, ADomainErrorRollsTheTransactionBack) {
  EXPECT_EQ(CodeOf([&] {
              db_.Run(In(std::chrono::seconds(5)), [](Transaction& tx) {
                tx.Exec(kInsertSecret, "half-written");
                throw domain::NotFound("publications/x");
              });
            }),
            domain::ErrorCode::kNotFound);
  const auto count = db_.Run(In(std::chrono::seconds(5)), [](Transaction& tx) {
    return tx.Exec(kCountSecrets, "half-written")[0][0].as<int>();
  });
  EXPECT_EQ(count, 0);
}

TEST_F(DatabaseTest, AnUnreachableDatabaseIsUnavailable) {
  ConnectionPool nowhere("host=/nonexistent/socket dbname=galley", 1);
  Database db(nowhere);
  EXPECT_EQ(CodeOf([&] { db.Run(In(std::chrono::seconds(5)), [](Transaction&) {}); }),
            domain::ErrorCode::kUnavailable);
  EXPECT_FALSE(db.Ping(In(std::chrono::seconds(5))));
}

}  // namespace
}  // namespace galley::store
