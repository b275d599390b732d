#include "api/publication_requests.h"

#include "domain/request_id.h"

namespace galley::api {

namespace {

// The client-settable fields only; the rest are output only.
domain::Publication FromProto(const v1::Publication& publication) {
  domain::Publication out;
  out.display_name = publication.display_name();
  out.language = publication.language();
  out.time_zone = publication.time_zone();
  return out;
}

}  // namespace

domain::Publication ParseCreatePublication(const v1::CreatePublicationRequest& request) {
  domain::FieldViolations violations;
  if (!request.has_publication()) violations.Add("publication", "is required");
  if (!request.publication_id().empty()) domain::CheckResourceId(violations, "publication_id", request.publication_id());
  domain::CheckRequestId(violations, "request_id", request.request_id());
  domain::Publication publication = FromProto(request.publication());
  if (request.has_publication()) domain::CheckPublication(violations, "publication", publication);
  violations.ThrowIfAny();
  publication.id = request.publication_id().empty() ? domain::GenerateResourceId() : request.publication_id();
  return publication;
}

std::vector<std::string> ParseGetPublication(const v1::GetPublicationRequest& request) {
  return domain::PublicationName().Parse("name", request.name());
}

ParsedList ParseListPublications(const v1::ListPublicationsRequest& request,
                                 const domain::PageTokenCodec& page_tokens) {
  return ParseListRequest("publications", request.page_size(), request.filter(), request.order_by(),
                          request.page_token(), domain::PublicationQueryFields(), "name", page_tokens);
}

UpdateCommand<domain::Publication> ParseUpdatePublication(const v1::UpdatePublicationRequest& request) {
  return ParseMaskedUpdate<domain::Publication>(
      "publication", request.has_publication(), request.publication(), request.update_mask(),
      domain::PublicationName(), domain::PublicationFields(), FromProto(request.publication()),
      domain::ApplyPublicationUpdate, [](auto& violations, const auto& publication) {
        domain::CheckPublication(violations, "publication", publication);
      });
}

}  // namespace galley::api
