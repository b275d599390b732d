// The audit log (table `audit_events`). Successful changes write their record
// inside their own transaction (Database::Run with a Mutation); failed ones
// are recorded here afterwards, on their own, since their transaction rolled
// back.
#pragma once

#include "domain/audit_event.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

class AuditLog {
 public:
  explicit AuditLog(Database& database) : database_(database) {}

  // Best effort: a failure to record is logged, never thrown, so the
  // caller still gets the error its call ended with.
  void RecordFailure(const AuditEntry& entry, const std::string& outcome) noexcept;
  ListPage<domain::AuditEvent> List(const domain::ListQuery& query, Deadline deadline);

 private:
  Database& database_;
};

}  // namespace galley::store
