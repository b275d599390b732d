#include "store/audit_log.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <pqxx/prepared_statement>

#include "store/row_time.h"
#include "store/text_array.h"

namespace galley::store {

namespace {

// Any number of events, one element of each array apiece; ids follow the
// arrays' order.
const Statement kInsert{"insert_audit_events",
                        "INSERT INTO audit_events (principal, role, method, resource, request_id, outcome) "
                        "SELECT e.principal, e.role, e.method, e.resource, e.request_id, $6 "
                        "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) "
                        "WITH ORDINALITY AS e(principal, role, method, resource, request_id, n) ORDER BY e.n"};

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
  WriteAuditEvents(tx, {entry}, outcome);
}

void WriteAuditEvents(Transaction& tx, const std::vector<AuditEntry>& entries, const std::string& outcome) {
  if (entries.empty()) return;
  std::vector<std::string> principals, roles, methods, resources, request_ids;
  for (const auto& entry : entries) {
    principals.push_back(entry.principal);
    roles.push_back(entry.role);
    methods.push_back(entry.method);
    resources.push_back(entry.resource);
    request_ids.push_back(entry.request_id);
  }
  tx.Exec(kInsert, TextArrayLiteral(principals), TextArrayLiteral(roles), TextArrayLiteral(methods),
          TextArrayLiteral(resources), TextArrayLiteral(request_ids), outcome);
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
