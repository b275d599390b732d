#include "api/contributor_requests.h"

#include "domain/publication.h"
#include "domain/request_id.h"

namespace galley::api {

namespace {

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

domain::Contributor ParseCreateContributor(const v1::CreateContributorRequest& request) {
  const auto parent = domain::PublicationName().Parse("parent", request.parent());
  domain::FieldViolations violations;
  if (!request.has_contributor()) violations.Add("contributor", "is required");
  domain::Contributor contributor = FromProto(request.contributor());
  if (request.has_contributor()) domain::CheckContributor(violations, "contributor", contributor);
  if (!request.contributor_id().empty()) {
    domain::CheckResourceId(violations, "contributor_id", request.contributor_id());
  }
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  contributor.publication_id = parent[0];
  contributor.id = request.contributor_id().empty() ? domain::GenerateResourceId() : request.contributor_id();
  return contributor;
}

std::vector<std::string> ParseGetContributor(const v1::GetContributorRequest& request) {
  return domain::ContributorName().Parse("name", request.name());
}

ParsedList ParseListContributors(const v1::ListContributorsRequest& request,
                                 const domain::PageTokenCodec& page_tokens) {
  return ParseChildListRequest(request, domain::PublicationName(), "contributors", domain::ContributorQueryFields(),
                               "display_name", page_tokens);
}

UpdateCommand<domain::Contributor> ParseUpdateContributor(const v1::UpdateContributorRequest& request) {
  return ParseMaskedUpdate<domain::Contributor>(
      "contributor", request.has_contributor(), request.contributor(), request.update_mask(),
      domain::ContributorName(), domain::ContributorFields(), FromProto(request.contributor()),
      domain::ApplyContributorUpdate, [](auto& violations, const auto& contributor) {
        domain::CheckContributor(violations, "contributor", contributor);
      });
}

std::vector<std::string> ParseDeleteContributor(const v1::DeleteContributorRequest& request) {
  return domain::ContributorName().Parse("name", request.name());
}

}  // namespace galley::api
