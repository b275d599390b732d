#include "api/publication_service.h"

#include "api/publication_requests.h"
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

}  // namespace

grpc::Status PublicationService::CreatePublication(grpc::ServerContext* context,
                                                   const v1::CreatePublicationRequest* request,
                                                   v1::Publication* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/CreatePublication", request, [&](const Call& call) {
    const domain::Publication publication = ParseCreatePublication(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreatePublication", *request, request->request_id());
    ToProto(publications_.Create(publication, key, call.Mutation(publication.Name(), request->request_id())), response);
  });
}

grpc::Status PublicationService::GetPublication(grpc::ServerContext* context,
                                                const v1::GetPublicationRequest* request,
                                                v1::Publication* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/GetPublication", request, [&](const Call& call) {
    const auto ids = ParseGetPublication(*request);
    ToProto(publications_.Get(ids[0], call.deadline()), response);
  });
}

grpc::Status PublicationService::ListPublications(grpc::ServerContext* context,
                                                  const v1::ListPublicationsRequest* request,
                                                  v1::ListPublicationsResponse* response) {
  return gate_.Handle(*context, "galley.v1.PublicationService/ListPublications", request, [&](const Call& call) {
    const auto list = ParseListPublications(*request, page_tokens_);
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
    const auto update = ParseUpdatePublication(*request);
    const auto updated =
        publications_.Update(update.ids[0], update.change, call.Mutation(request->publication().name(), ""));
    ToProto(updated, response);
  });
}

}  // namespace galley::api
