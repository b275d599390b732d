// ContributorService's requests, checked and converted to what the store
// takes: all that a call does before it touches the database (the service
// runs exactly these; tests/fuzz/service_request_fuzz.cc feeds them arbitrary
// requests). Each returns a value fit to store or throws domain::Error
// (INVALID_ARGUMENT naming the field).
#pragma once

#include <string>
#include <vector>

#include "api/list_request.h"
#include "api/masked_update.h"
#include "domain/contributor.h"
#include "domain/page_token.h"
#include "galley/v1/contributor_service.pb.h"

namespace galley::api {

// The new contributor, its id chosen (or generated).
domain::Contributor ParseCreateContributor(const v1::CreateContributorRequest& request);
std::vector<std::string> ParseGetContributor(const v1::GetContributorRequest& request);
ParsedList ParseListContributors(const v1::ListContributorsRequest& request,
                                 const domain::PageTokenCodec& page_tokens);
UpdateCommand<domain::Contributor> ParseUpdateContributor(const v1::UpdateContributorRequest& request);
std::vector<std::string> ParseDeleteContributor(const v1::DeleteContributorRequest& request);

}  // namespace galley::api
