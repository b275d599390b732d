#include "store/database.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <stdexcept>
#include <thread>
#include <utility>

#include "domain/error.h"

namespace galley::store {

namespace {

constexpr int kMaxAttempts = 5;
// Without a client deadline a statement still may not run forever.
constexpr std::chrono::milliseconds kDefaultStatementTimeout{30000};

// For the session, not the transaction: a connection keeps it from call to
// call, and sets it again only when a call's deadline asks for another.
const Statement kSetStatementTimeout{
    "set_statement_timeout", "SELECT set_config('statement_timeout', $1, false)"};

// statement_timeout expired (libpqxx 6.4 has no exception class for it).
const std::string kQueryCanceled = "57014";
const std::string kUniqueViolation = "23505";

// SQLSTATE classes that mean the server went away or is going away.
bool IsConnectionLoss(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

std::chrono::milliseconds StatementTimeout(Deadline deadline) {
  if (deadline == Deadline::max()) return kDefaultStatementTimeout;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) throw domain::DeadlineExceeded("the deadline passed before the query could run");
  return std::min(left, kDefaultStatementTimeout);
}

// Gives the session a statement timeout between 90 % and 100 % of `wanted`,
// setting it only when the one it has (`current_ms`, 0 when unknown) is not
// in that band; returns the one it has now. Calls with the same deadline
// (or none) so pay no round trip for it. A statement may be cancelled up to
// a tenth of its time early, never late.
long long LimitStatementTime(Transaction& tx, long long current_ms, std::chrono::milliseconds wanted) {
  const long long most = wanted.count();
  if (current_ms >= most - most / 10 && current_ms <= most) return current_ms;
  // The middle of the band, so that the next calls' slightly shorter or
  // longer times still fall in it.
  const long long chosen = std::max(1LL, most - most / 20);
  tx.Exec(kSetStatementTimeout, std::to_string(chosen));
  return chosen;
}

}  // namespace

void Transaction::Prepare(const std::string& name, const std::string& sql) {
  if (connection_.prepared.insert(name).second) connection_.connection->prepare(name, sql);
}

void Database::RunErased(Deadline deadline, const std::function<void(Transaction&)>& body, Block block) {
  for (int attempt = 1;; ++attempt) {
    auto lease = pool_.Acquire(deadline);
    // Unknown until this commits: a rollback undoes a timeout set in it.
    const long long timeout_before = std::exchange(lease->statement_timeout_ms, 0);
    try {
      std::unique_ptr<pqxx::transaction_base> work;
      if (block == Block::kTransaction) {
        work = std::make_unique<pqxx::work>(*lease->connection);
      } else {
        work = std::make_unique<pqxx::nontransaction>(*lease->connection);
      }
      Transaction tx(*lease, *work);
      const long long timeout = LimitStatementTime(tx, timeout_before, StatementTimeout(deadline));
      body(tx);
      if (!tx.recorded_changes().empty()) {
        if (block == Block::kNone) throw std::logic_error("a read outside a transaction recorded a change");
        AppendRecordedChanges(tx);
      }
      work->commit();
      lease->statement_timeout_ms = timeout;
      return;
    } catch (const domain::Error&) {
      throw;
    } catch (const pqxx::in_doubt_error& error) {
      lease->broken = true;
      spdlog::error("commit outcome unknown: {}", error.what());
      throw domain::Unavailable("the database connection was lost while committing; retry with the same request_id");
    } catch (const pqxx::broken_connection& error) {
      lease->broken = true;
      spdlog::warn("database connection lost: {}", error.what());
      throw domain::Unavailable("the database connection was lost; retry shortly");
    } catch (const pqxx::transaction_rollback& error) {
      // Serialization failures and deadlocks: the transaction was rolled
      // back whole, so running it again is safe.
      if (attempt < kMaxAttempts && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt * attempt));
        continue;
      }
      spdlog::warn("transaction conflict persisted after {} attempts: {}", attempt, error.what());
      throw domain::Error(domain::ErrorCode::kAborted, "CONFLICT",
                          "the change conflicted with concurrent changes; retry it");
    } catch (const pqxx::sql_error& error) {
      if (error.sqlstate() == kQueryCanceled) {
        throw domain::DeadlineExceeded("the database did not answer before the deadline");
      }
      if (error.sqlstate() == kUniqueViolation) {
        // A race the repository's own checks could not see (two creates of
        // one number at once): the loser learns what the winner took.
        throw domain::Error(domain::ErrorCode::kAlreadyExists, "ALREADY_EXISTS",
                            "a resource with these values was just created by another request");
      }
      if (error.sqlstate().rfind("22", 0) == 0) {
        // Data exceptions: a value the domain let through but PostgreSQL
        // cannot take (a time like 2026-02-30 in a filter).
        throw domain::Error(domain::ErrorCode::kInvalidArgument, "INVALID_VALUE",
                            "a value in the request is out of range for its field");
      }
      // A connection that died under a statement does not always say so
      // with a SQLSTATE: libpq may report the lost server as an error of
      // the statement with none. Either way the call is worth retrying.
      if (IsConnectionLoss(error.sqlstate()) || !lease->connection->is_open()) {
        lease->broken = true;
        spdlog::warn("database connection lost: {} (SQLSTATE {})", error.what(), error.sqlstate());
        throw domain::Unavailable("the database connection was lost; retry shortly");
      }
      spdlog::error("database error {} in `{}`: {}", error.sqlstate(), error.query(), error.what());
      throw domain::Internal("internal database error");
    } catch (const pqxx::failure& error) {
      lease->broken = !lease->connection->is_open();
      if (lease->broken) {
        spdlog::warn("database connection lost: {}", error.what());
        throw domain::Unavailable("the database connection was lost; retry shortly");
      }
      spdlog::error("database failure: {}", error.what());
      throw domain::Internal("internal database error");
    }
  }
}

bool Database::Ping(Deadline deadline) {
  static const Statement kPing{"ping", "SELECT 1"};
  try {
    Run(deadline, [](Transaction& tx) { tx.Exec(kPing); });
    return true;
  } catch (const domain::Error&) {
    return false;
  }
}

}  // namespace galley::store
