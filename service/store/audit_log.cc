#include "store/audit_log.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <pqxx/prepared_statement>

#include "store/row_time.h"

namespace galley::store {

namespace {

const Statement kInsert{"insert_audit_event",
                        "INSERT INTO audit_events (principal, role, method, resource, request_id, outcome) "
                        "VALUES ($1, $2, $3, $4, $5, $6)"};

const ListTable& AuditListTable() {
  static const ListTable kTable{
      "list_audit_events",
      "id, " GALLEY_SQL_MICROS("time") ", principal, role, method, resource, request_id, outcome",
      "audit_events",
      "id",
      {{"principal", "principal", domain::FieldType::kString},
       {"role", "role", domain::FieldType::kString},
       {"method", "method", domain::FieldType::kString},
       {"resource", "resource", domain::FieldType::kString},
       {"outcome", "outcome", domain::FieldType::kString},
       {"request_id", "request_id", domain::FieldType::kString},
       {"time", "time", domain::FieldType::kTimestamp}},
      {},
      "::bigint",
  };
  return kTable;
}

domain::AuditEvent ReadEvent(const pqxx::row& row) {
  domain::AuditEvent event;
  event.id = row[0].as<std::int64_t>();
  event.time = TimestampOf(row[1]);
  event.principal = row[2].as<std::string>();
  event.role = row[3].as<std::string>();
  event.method = row[4].as<std::string>();
  event.resource = row[5].as<std::string>();
  event.request_id = row[6].as<std::string>();
  event.outcome = row[7].as<std::string>();
  return event;
}

}  // namespace

void WriteAuditEvent(Transaction& tx, const AuditEntry& entry, const std::string& outcome) {
  tx.Exec(kInsert, entry.principal, entry.role, entry.method, entry.resource, entry.request_id, outcome);
}

void AuditLog::RecordFailure(const AuditEntry& entry, const std::string& outcome) noexcept {
  try {
    database_.Run(Clock::now() + std::chrono::seconds(2),
                  [&](Transaction& tx) { WriteAuditEvent(tx, entry, outcome); });
  } catch (const std::exception& error) {
    spdlog::warn("could not record the failed {} on {} in the audit log: {}", entry.method, entry.resource,
                 error.what());
  }
}

ListPage<domain::AuditEvent> AuditLog::List(const domain::ListQuery& query, Deadline deadline) {
  const ListSql list = BuildListSql(AuditListTable(), query, {});
  return database_.Run(deadline, [&](Transaction& tx) {
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadEvent);
  });
}

}  // namespace galley::store
