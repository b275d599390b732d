#include "api/publication_service.h"

#include "api/list_request.h"
#include "api/masked_update.h"
#include "api/request_context.h"
#include "api/status.h"
#include "api/time_conversion.h"
#include "domain/etag.h"
#include "domain/publication.h"

namespace galley::api {

namespace {

void ToProto(const domain::Publication& publication, v1::Publication* out) {
  out->set_name(publication.Name());
  out->set_display_name(publication.display_name);
  out->set_language(publication.language);
  out->set_time_zone(publication.time_zone);
  api::ToProto(publication.create_time, out->mutable_create_time());
  api::ToProto(publication.update_time, out->mutable_update_time());
  out->set_etag(publication.Etag());
}

// The client-settable fields only; the rest are output only.
domain::Publication FromProto(const v1::Publication& publication) {
  domain::Publication out;
  out.display_name = publication.display_name();
  out.language = publication.language();
  out.time_zone = publication.time_zone();
  return out;
}

}  // namespace

grpc::Status PublicationService::CreatePublication(grpc::ServerContext* context,
                                                   const v1::CreatePublicationRequest* request,
                                                   v1::Publication* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/CreatePublication", request, [&](const Call& call) {
    domain::FieldViolations violations;
    if (!request->has_publication()) violations.Add("publication", "is required");
    if (!request->publication_id().empty()) {
      domain::CheckResourceId(violations, "publication_id", request->publication_id());
    }
    domain::CheckRequestId(violations, "request_id", request->request_id());
    domain::Publication publication = FromProto(request->publication());
    if (request->has_publication()) domain::CheckPublication(violations, "publication", publication);
    violations.ThrowIfAny();

    publication.id = request->publication_id().empty() ? domain::GenerateResourceId() : request->publication_id();
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreatePublication", *request, request->request_id());
    ToProto(publications_.Create(publication, key, call.Mutation(publication.Name(), request->request_id())), response);
  });
}

grpc::Status PublicationService::GetPublication(grpc::ServerContext* context,
                                                const v1::GetPublicationRequest* request,
                                                v1::Publication* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/GetPublication", request, [&](const Call& call) {
    const auto ids = domain::PublicationName().Parse("name", request->name());
    ToProto(publications_.Get(ids[0], call.deadline()), response);
  });
}

grpc::Status PublicationService::ListPublications(grpc::ServerContext* context,
                                                  const v1::ListPublicationsRequest* request,
                                                  v1::ListPublicationsResponse* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/ListPublications", request, [&](const Call& call) {
    const auto list = ParseListRequest("publications", request->page_size(), request->filter(), request->order_by(),
                                       request->page_token(), domain::PublicationQueryFields(), "name",
                                       page_tokens_);
    const auto page = publications_.List(list.query, call.deadline());
    for (const auto& publication : page.items) ToProto(publication, response->add_publications());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status PublicationService::UpdatePublication(grpc::ServerContext* context,
                                                   const v1::UpdatePublicationRequest* request,
                                                   v1::Publication* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/UpdatePublication", request, [&](const Call& call) {
    if (!request->has_publication()) throw domain::InvalidField("publication", "is required");
    const auto ids = domain::PublicationName().Parse("publication.name", request->publication().name());
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    const auto mask = domain::ResolveUpdateMask(paths, domain::PublicationFields());
    const auto updated = publications_.Update(
        ids[0],
        MaskedUpdate<domain::Publication>("publication", request->publication().etag(), mask,
                                          FromProto(request->publication()),
                                          domain::ApplyPublicationUpdate,
                                          [](auto& violations, const auto& publication) {
                                            domain::CheckPublication(violations, "publication", publication);
                                          }),
        call.Mutation(request->publication().name(), ""));
    ToProto(updated, response);
  });
}

}  // namespace galley::api
