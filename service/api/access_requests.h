// AccessService's requests, checked and converted to what the store takes:
// all that a call does before it touches the database (the service runs
// exactly these; tests/fuzz/service_request_fuzz.cc feeds them arbitrary
// requests). Each returns a value fit to store or throws domain::Error
// (INVALID_ARGUMENT naming the field).
#pragma once

#include <string>
#include <vector>

#include "api/list_request.h"
#include "domain/access_token.h"
#include "domain/page_token.h"
#include "galley/v1/access_service.pb.h"

namespace galley::api {

// The token to issue, with a new id; its creator is the caller's to set.
domain::AccessToken ParseCreateToken(const v1::CreateTokenRequest& request);
ParsedList ParseListTokens(const v1::ListTokensRequest& request, const domain::PageTokenCodec& page_tokens);
std::vector<std::string> ParseRevokeToken(const v1::RevokeTokenRequest& request);
ParsedList ParseListAuditEvents(const v1::ListAuditEventsRequest& request,
                                const domain::PageTokenCodec& page_tokens);

}  // namespace galley::api
