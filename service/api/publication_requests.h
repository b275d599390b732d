// PublicationService's requests, checked and converted to what the store
// takes: all that a call does before it touches the database. The service
// runs exactly these, and tests/fuzz/service_request_fuzz.cc feeds them
// arbitrary requests; each returns a value fit to store or throws
// domain::Error (INVALID_ARGUMENT naming the field).
#pragma once

#include <string>
#include <vector>

#include "api/list_request.h"
#include "api/masked_update.h"
#include "domain/page_token.h"
#include "domain/publication.h"
#include "galley/v1/publication_service.pb.h"

namespace galley::api {

// The new publication, its id chosen (or generated).
domain::Publication ParseCreatePublication(const v1::CreatePublicationRequest& request);
std::vector<std::string> ParseGetPublication(const v1::GetPublicationRequest& request);
ParsedList ParseListPublications(const v1::ListPublicationsRequest& request,
                                 const domain::PageTokenCodec& page_tokens);
UpdateCommand<domain::Publication> ParseUpdatePublication(const v1::UpdatePublicationRequest& request);

}  // namespace galley::api
