#include "api/contributor_service.h"

#include "api/list_request.h"
#include "api/masked_update.h"
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

// The client-settable fields only. Roles travel by name, so that an unset
// or unknown enum value reaches the domain's check as what it is.
domain::Contributor FromProto(const v1::Contributor& contributor) {
  domain::Contributor out;
  out.display_name = contributor.display_name();
  for (const int role : contributor.roles()) {
    out.roles.push_back(v1::Contributor::Role_IsValid(role) && role != v1::Contributor::ROLE_UNSPECIFIED
                            ? v1::Contributor::Role_Name(static_cast<v1::Contributor::Role>(role))
                            : "role " + std::to_string(role));
  }
  out.affiliation = contributor.affiliation();
  return out;
}

}  // namespace

grpc::Status ContributorService::CreateContributor(grpc::ServerContext* context,
                                                   const v1::CreateContributorRequest* request,
                                                   v1::Contributor* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/CreateContributor", request, [&](const Call& call) {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    domain::FieldViolations violations;
    if (!request->has_contributor()) violations.Add("contributor", "is required");
    domain::Contributor contributor = FromProto(request->contributor());
    if (request->has_contributor()) domain::CheckContributor(violations, "contributor", contributor);
    if (!request->contributor_id().empty()) {
      domain::CheckResourceId(violations, "contributor_id", request->contributor_id());
    }
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    contributor.publication_id = parent[0];
    contributor.id =
        request->contributor_id().empty() ? domain::GenerateResourceId() : request->contributor_id();
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateContributor", *request, request->request_id());
    ToProto(contributors_.Create(contributor, key, call.Mutation(contributor.Name(), request->request_id())), response);
  });
}

grpc::Status ContributorService::GetContributor(grpc::ServerContext* context,
                                                const v1::GetContributorRequest* request,
                                                v1::Contributor* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/GetContributor", request, [&](const Call& call) {
    const auto ids = domain::ContributorName().Parse("name", request->name());
    ToProto(contributors_.Get(ids[0], ids[1], call.deadline()), response);
  });
}

grpc::Status ContributorService::ListContributors(grpc::ServerContext* context,
                                                  const v1::ListContributorsRequest* request,
                                                  v1::ListContributorsResponse* response) {
  return gate_.Handle(*context, "galley.v1.ContributorService/ListContributors", request, [&](const Call& call) {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    const auto list = ParseListRequest("contributors:" + request->parent(), request->page_size(), request->filter(),
                                       request->order_by(), request->page_token(),
                                       domain::ContributorQueryFields(), "display_name", page_tokens_);
    const auto page = contributors_.List(parent[0], list.query, call.deadline());
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
    if (!request->has_contributor()) throw domain::InvalidField("contributor", "is required");
    const auto ids = domain::ContributorName().Parse("contributor.name", request->contributor().name());
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    const auto mask = domain::ResolveUpdateMask(paths, domain::ContributorFields());
    const auto updated = contributors_.Update(
        ids[0], ids[1],
        MaskedUpdate<domain::Contributor>("contributor", request->contributor().etag(), mask,
                                          FromProto(request->contributor()),
                                          domain::ApplyContributorUpdate,
                                          [](auto& violations, const auto& contributor) {
                                            domain::CheckContributor(violations, "contributor", contributor);
                                          }),
        call.Mutation(request->contributor().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status ContributorService::DeleteContributor(grpc::ServerContext* context,
                                                   const v1::DeleteContributorRequest* request,
                                                   google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.ContributorService/DeleteContributor", request, [&](const Call& call) {
    const auto ids = domain::ContributorName().Parse("name", request->name());
    contributors_.Delete(
        ids[0], ids[1],
        [&](const domain::Contributor& contributor) {
          domain::CheckEtag(contributor.Name(), request->etag(), contributor.Etag());
        },
        call.Mutation(request->name(), ""));
  });
}

}  // namespace galley::api
