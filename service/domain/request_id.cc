#include "domain/request_id.h"

namespace galley::domain {

void CheckRequestId(FieldViolations& violations, const std::string& field, const std::string& id) {
  if (id.empty()) return;
  bool ok = id.size() <= 64;
  for (const char c : id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_');
  }
  if (!ok) violations.Add(field, "must be 1 to 64 ASCII letters, digits, '-' or '_' (a UUID fits)");
}

Error RequestIdReused(const std::string& field) {
  Error error(ErrorCode::kInvalidArgument, "REQUEST_ID_REUSED",
              field + ": was already used for a different request");
  error.AddFieldViolation({field, "was already used for a different request; use a new id"});
  return error;
}

}  // namespace galley::domain
