// galley.v1.PublicationService: converts requests to the domain, calls the
// store, converts the results back. Validation rules live in the domain.
#pragma once

#include "api/gatekeeper.h"
#include "domain/page_token.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "store/publication_repository.h"

namespace galley::api {

class PublicationService final : public galley::v1::PublicationService::Service {
 public:
  PublicationService(Gatekeeper& gate, store::PublicationRepository& publications, const domain::PageTokenCodec& page_tokens)
      : gate_(gate), publications_(publications), page_tokens_(page_tokens) {}

  grpc::Status CreatePublication(grpc::ServerContext* context, const v1::CreatePublicationRequest* request,
                                 v1::Publication* response) override;
  grpc::Status GetPublication(grpc::ServerContext* context, const v1::GetPublicationRequest* request,
                              v1::Publication* response) override;
  grpc::Status ListPublications(grpc::ServerContext* context, const v1::ListPublicationsRequest* request,
                                v1::ListPublicationsResponse* response) override;
  grpc::Status UpdatePublication(grpc::ServerContext* context, const v1::UpdatePublicationRequest* request,
                                 v1::Publication* response) override;

 private:
  Gatekeeper& gate_;
  store::PublicationRepository& publications_;
  const domain::PageTokenCodec& page_tokens_;
};

}  // namespace galley::api
