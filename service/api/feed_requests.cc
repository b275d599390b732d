#include "api/feed_requests.h"

#include "domain/error.h"
#include "domain/publication.h"

namespace galley::api {

namespace {

// The publication id a feed request filters on, "" for all of them.
std::string PublicationFilter(const std::string& field, const std::string& name) {
  if (name.empty()) return "";
  return domain::PublicationName().Parse(field, name)[0];
}

void CheckAfterSequence(domain::FieldViolations& violations, std::int64_t after) {
  if (after < 0) violations.Add("after_sequence", "must not be negative");
}

}  // namespace

ChangesQuery ParseListChanges(const v1::ListChangesRequest& request) {
  domain::FieldViolations violations;
  CheckAfterSequence(violations, request.after_sequence());
  if (request.page_size() < 0 || request.page_size() > kMaxChangePageSize) {
    violations.Add("page_size", "must be between 0 and " + std::to_string(kMaxChangePageSize));
  }
  violations.ThrowIfAny();
  ChangesQuery query;
  query.after_sequence = request.after_sequence();
  if (request.page_size() != 0) query.page_size = request.page_size();
  query.publication_id = PublicationFilter("publication", request.publication());
  return query;
}

ChangesQuery ParseStreamChanges(const v1::StreamChangesRequest& request) {
  domain::FieldViolations violations;
  CheckAfterSequence(violations, request.after_sequence());
  violations.ThrowIfAny();
  ChangesQuery query;
  query.after_sequence = request.after_sequence();
  query.publication_id = PublicationFilter("publication", request.publication());
  return query;
}

}  // namespace galley::api
