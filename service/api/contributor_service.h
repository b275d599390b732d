// galley.v1.ContributorService: the people bylines name.
#pragma once

#include "api/gatekeeper.h"
#include "domain/page_token.h"
#include "galley/v1/contributor_service.grpc.pb.h"
#include "store/contributor_repository.h"

namespace galley::api {

class ContributorService final : public galley::v1::ContributorService::Service {
 public:
  ContributorService(Gatekeeper& gate, store::ContributorRepository& contributors, const domain::PageTokenCodec& page_tokens)
      : gate_(gate), contributors_(contributors), page_tokens_(page_tokens) {}

  grpc::Status CreateContributor(grpc::ServerContext* context, const v1::CreateContributorRequest* request,
                                 v1::Contributor* response) override;
  grpc::Status GetContributor(grpc::ServerContext* context, const v1::GetContributorRequest* request,
                              v1::Contributor* response) override;
  grpc::Status ListContributors(grpc::ServerContext* context, const v1::ListContributorsRequest* request,
                                v1::ListContributorsResponse* response) override;
  grpc::Status UpdateContributor(grpc::ServerContext* context, const v1::UpdateContributorRequest* request,
                                 v1::Contributor* response) override;
  grpc::Status DeleteContributor(grpc::ServerContext* context, const v1::DeleteContributorRequest* request,
                                 google::protobuf::Empty* response) override;

 private:
  Gatekeeper& gate_;
  store::ContributorRepository& contributors_;
  const domain::PageTokenCodec& page_tokens_;
};

}  // namespace galley::api
