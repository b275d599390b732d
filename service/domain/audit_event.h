// One record of the audit log: who changed what, when, with which request,
// and how it ended. Admins read them through AccessService.ListAuditEvents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/list_query.h"
#include "domain/time.h"

namespace galley::domain {

struct AuditEvent {
  std::int64_t id = 0;
  Timestamp time;
  std::string principal;
  std::string role;
  std::string method;
  std::string resource;
  std::string request_id;
  std::string outcome;  // OK, or the gRPC code name of the failure
};

// principal, role, method, resource, outcome, request_id and time filter;
// time sorts (newest first by default).
const std::vector<QueryableField>& AuditEventQueryFields();

}  // namespace galley::domain
