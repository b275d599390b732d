#include "api/contributor_service.h"

#include "api/contributor_requests.h"
#include "api/request_context.h"
#include "api/status.h"
#include "api/time_conversion.h"
#include "domain/contributor.h"
#include "domain/publication.h"

namespace galley::api {

namespace {

void ToProto(const domain::Contributor& contributor, v1::Contributor* out) {
  out->set_name(contributor.Name());
  out->set_display_name(contributor.display_name);
  for (const auto& role : contributor.roles) {
    v1::Contributor::Role value = v1::Contributor::ROLE_UNSPECIFIED;
    v1::Contributor::Role_Parse(role, &value);
    out->add_roles(value);
  }
  out->set_affiliation(contributor.affiliation);
  api::ToProto(contributor.create_time, out->mutable_create_time());
  api::ToProto(contributor.update_time, out->mutable_update_time());
  out->set_etag(contributor.Etag());
}

}  // namespace

grpc::Status ContributorService::CreateContributor(grpc::ServerContext* context,
                                                   const v1::CreateContributorRequest* request,
                                                   v1::Contributor* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/CreateContributor", request, [&](const Call& call) {
    const domain::Contributor contributor = ParseCreateContributor(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateContributor", *request, request->request_id());
    ToProto(contributors_.Create(contributor, key, call.Mutation(contributor.Name(), request->request_id())), response);
  });
}

grpc::Status ContributorService::GetContributor(grpc::ServerContext* context,
                                                const v1::GetContributorRequest* request,
                                                v1::Contributor* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/GetContributor", request, [&](const Call& call) {
    const auto ids = ParseGetContributor(*request);
    ToProto(contributors_.Get(ids[0], ids[1], call.deadline()), response);
  });
}

grpc::Status ContributorService::ListContributors(grpc::ServerContext* context,
                                                  const v1::ListContributorsRequest* request,
                                                  v1::ListContributorsResponse* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/ListContributors", request, [&](const Call& call) {
    const auto list = ParseListContributors(*request, page_tokens_);
    const auto page = contributors_.List(list.parent[0], list.query, call.deadline());
    for (const auto& contributor : page.items) ToProto(contributor, response->add_contributors());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status ContributorService::UpdateContributor(grpc::ServerContext* context,
                                                   const v1::UpdateContributorRequest* request,
                                                   v1::Contributor* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/UpdateContributor", request, [&](const Call& call) {
    const auto update = ParseUpdateContributor(*request);
    const auto updated = contributors_.Update(update.ids[0], update.ids[1], update.change,
                                              call.Mutation(request->contributor().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status ContributorService::DeleteContributor(grpc::ServerContext* context,
                                                   const v1::DeleteContributorRequest* request,
                                                   google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.ContributorService/DeleteContributor", request, [&](const Call& call) {
    const auto ids = ParseDeleteContributor(*request);
    contributors_.Delete(
        ids[0], ids[1],
        [&](const domain::Contributor& contributor) {
          domain::CheckEtag(contributor.Name(), request->etag(), contributor.Etag());
        },
        call.Mutation(request->name(), ""));
  });
}

}  // namespace galley::api
