#include "domain/audit_event.h"

namespace galley::domain {

const std::vector<QueryableField>& AuditEventQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"principal", FieldType::kString, true, false}, {"role", FieldType::kString, true, false},
      {"method", FieldType::kString, true, false},    {"resource", FieldType::kString, true, false},
      {"outcome", FieldType::kString, true, false},   {"request_id", FieldType::kString, true, false},
      {"time", FieldType::kTimestamp, true, true},
  };
  return kFields;
}

}  // namespace galley::domain
