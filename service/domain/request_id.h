// Request ids (AIP-155) make Create and state-changing calls safe to retry:
// the store records each id with a fingerprint of the request and the resource
// it produced, in the same transaction as the change.
#pragma once

#include <string>

#include "domain/error.h"

namespace galley::domain {

// 1 to 64 ASCII letters, digits, `-` and `_` (a UUID fits). Empty is allowed:
// the call is then not deduplicated.
void CheckRequestId(FieldViolations& violations, const std::string& field, const std::string& id);

// What a retried call must match to be taken for the same request.
struct IdempotencyKey {
  std::string method;       // e.g. "CreatePublication"
  std::string request_id;   // as the client sent it
  std::string fingerprint;  // hash of the request's content
};

// Thrown when a request id is reused with a different request.
Error RequestIdReused(const std::string& field);

}  // namespace galley::domain
