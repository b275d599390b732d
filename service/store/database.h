// Runs units of work in PostgreSQL transactions: one connection from the
// pool, statements by name (each prepared once per connection), a statement
// timeout derived from the caller's deadline, retries of serialization
// failures and deadlocks, and the translation of database failures into
// domain errors (UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL) so that
// nothing above the store sees libpqxx. A commit whose outcome is unknown is
// never retried blindly: the caller retries with its request_id.
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/result>
#include <pqxx/transaction>

#include "domain/change.h"
#include "store/connection_pool.h"
#include "store/mutation.h"

namespace galley::store {

// A named SQL statement. Names are unique across the store; the text is
// fixed at compile time and takes its inputs as $n parameters, always.
struct Statement {
  const char* name;
  const char* sql;
};

class Transaction {
 public:
  Transaction(PooledConnection& connection, pqxx::transaction_base& work) : connection_(connection), work_(work) {}

  template <typename... Args>
  pqxx::result Exec(const Statement& statement, Args&&... args) {
    Prepare(statement.name, statement.sql);
    return work_.exec_prepared(statement.name, std::forward<Args>(args)...);
  }

  // For statements whose shape depends on the request (a List with a
  // filter): `name` must identify `sql` exactly, e.g. by a hash of it. The
  // first shapes a connection sees are prepared; past kMaxDynamicStatements
  // the rest run unprepared, so that clients inventing endless filter shapes
  // cannot grow every backend's memory without bound.
  template <typename... Args>
  pqxx::result ExecDynamic(const std::string& name, const std::string& sql, Args&&... args) {
    if (connection_.prepared.count(name) == 0 && connection_.dynamic_statements >= kMaxDynamicStatements) {
      return work_.exec_params(sql, std::forward<Args>(args)...);
    }
    if (connection_.prepared.count(name) == 0) ++connection_.dynamic_statements;
    Prepare(name, sql);
    return work_.exec_prepared(name, std::forward<Args>(args)...);
  }

  static constexpr std::size_t kMaxDynamicStatements = 64;

  // Not prepared: planned for its parameters' values each time, for a
  // statement whose best plan depends on them (store/windowed_search.h).
  template <typename... Args>
  pqxx::result ExecPlannedEachTime(const std::string& sql, Args&&... args) {
    return work_.exec_params(sql, std::forward<Args>(args)...);
  }

  // A change readers will see once this transaction commits. Database
  // appends them to the change log as the transaction's last statements
  // (store/change_log.h), so the log's lock is held as briefly as possible.
  void RecordChange(domain::ChangeRecord change) { changes_.push_back(std::move(change)); }
  const std::vector<domain::ChangeRecord>& recorded_changes() const { return changes_; }

  // Set by ClaimRequestId when the request is a retry of one that already
  // made its change: this transaction then changes nothing.
  void MarkReplay() { replay_ = true; }
  bool replay() const { return replay_; }

 private:
  void Prepare(const std::string& name, const std::string& sql);

  PooledConnection& connection_;
  pqxx::transaction_base& work_;
  std::vector<domain::ChangeRecord> changes_;
  bool replay_ = false;
};

// Appends one row to the audit log (store/audit_log.cc).
void WriteAuditEvent(Transaction& tx, const AuditEntry& entry, const std::string& outcome);
// Appends a row per entry, in their order, in one statement (an issue
// published records each of its articles).
void WriteAuditEvents(Transaction& tx, const std::vector<AuditEntry>& entries, const std::string& outcome);

// Appends the transaction's recorded changes to the change log, in the order
// recorded, with the next sequences (store/change_log.cc).
void AppendRecordedChanges(Transaction& tx);

class Database {
 public:
  explicit Database(ConnectionPool& pool) : pool_(pool) {}

  // Runs `body` in a transaction and commits it. `body` may run more than
  // once (after a serialization failure), so it must not act outside the
  // transaction. Domain errors it throws roll the transaction back and pass
  // through unchanged.
  template <typename Body>
  auto Run(Deadline deadline, Body&& body) -> std::invoke_result_t<Body&, Transaction&> {
    using Result = std::invoke_result_t<Body&, Transaction&>;
    if constexpr (std::is_void_v<Result>) {
      RunErased(deadline, [&](Transaction& tx) { body(tx); });
    } else {
      Result result{};
      RunErased(deadline, [&](Transaction& tx) { result = body(tx); });
      return result;
    }
  }

  // Runs `body`, a read, outside a transaction block: each statement is its
  // own transaction, so a read of one statement (a Get) costs one round
  // trip instead of BEGIN, statement and COMMIT. Only for statements that
  // need not see one snapshot together; `body` must record no change.
  template <typename Body>
  auto Read(Deadline deadline, Body&& body) -> std::invoke_result_t<Body&, Transaction&> {
    using Result = std::invoke_result_t<Body&, Transaction&>;
    Result result{};
    RunErased(deadline, [&](Transaction& tx) { result = body(tx); }, Block::kNone);
    return result;
  }

  // As above, and writes `mutation`'s audit record (outcome OK) in the same
  // transaction, after `body` succeeded — unless `body` found its request id
  // already claimed (Transaction::replay). The audit log is the newsroom's
  // legal record of changes: a retry changes nothing, and the first call's
  // record (with the same request id) already says who made the change and
  // when. A second OK record would read as a second change, and would name
  // the resource the retry would have created (for CreateToken, a fresh id
  // that never existed) rather than the one the first call did.
  template <typename Body>
  auto Run(const Mutation& mutation, Body&& body) -> std::invoke_result_t<Body&, Transaction&> {
    return Run(mutation.deadline, [&](Transaction& tx) {
      if constexpr (std::is_void_v<std::invoke_result_t<Body&, Transaction&>>) {
        body(tx);
        if (!tx.replay()) WriteAuditEvent(tx, mutation.audit, "OK");
      } else {
        auto result = body(tx);
        if (!tx.replay()) WriteAuditEvent(tx, mutation.audit, "OK");
        return result;
      }
    });
  }

  // True if the database answers a trivial query before `deadline`.
  bool Ping(Deadline deadline);

  ConnectionPool& pool() { return pool_; }

 private:
  enum class Block { kTransaction, kNone };
  void RunErased(Deadline deadline, const std::function<void(Transaction&)>& body,
                 Block block = Block::kTransaction);

  ConnectionPool& pool_;
};

}  // namespace galley::store
