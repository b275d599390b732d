#include "domain/etag.h"

#include "domain/digest.h"

namespace galley::domain {

std::string MakeEtag(const std::string& resource_name, std::int64_t version) {
  return Sha256Hex(resource_name + '\n' + std::to_string(version)).substr(0, 20);
}

void RequireEtag(FieldViolations& violations, const std::string& field, const std::string& sent) {
  if (sent.empty()) {
    violations.Add(field, "is required: send the etag you read, or \"*\" to overwrite whatever is stored");
  }
}

void CheckEtag(const std::string& resource_name, const std::string& sent, const std::string& current) {
  if (!sent.empty() && sent != kAnyEtag && sent != current) throw EtagMismatch(resource_name);
}

}  // namespace galley::domain
