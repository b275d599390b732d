#include "api/access_requests.h"

#include <chrono>

#include "api/time_conversion.h"
#include "domain/audit_event.h"
#include "domain/request_id.h"

namespace galley::api {

domain::AccessToken ParseCreateToken(const v1::CreateTokenRequest& request) {
  const v1::Token& wanted = request.token();
  domain::FieldViolations violations;
  if (!request.has_token()) violations.Add("token", "is required");
  domain::CheckPrincipal(violations, "token.principal", wanted.principal());
  if (wanted.role() == v1::Token::ROLE_UNSPECIFIED || !v1::Token::Role_IsValid(wanted.role())) {
    violations.Add("token.role", "must be READER, REPORTER, EDITOR, PUBLISHER or ADMIN");
  }
  domain::CheckRequestId(violations, "request_id", request.request_id());
  domain::AccessToken token;
  if (wanted.has_expire_time()) {
    token.expire_time = FromProto("token.expire_time", wanted.expire_time());
    // Compared in microseconds, as the expiry is: in the clock's nanoseconds
    // any time after 2262 would overflow.
    const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    if (*token.expire_time <= now) {
      violations.Add("token.expire_time", "must be in the future");
    }
  }
  violations.ThrowIfAny();
  token.id = domain::GenerateResourceId();
  token.principal = wanted.principal();
  token.role = static_cast<domain::Role>(static_cast<int>(wanted.role()));
  return token;
}

ParsedList ParseListTokens(const v1::ListTokensRequest& request, const domain::PageTokenCodec& page_tokens) {
  auto list = ParseListRequest("tokens", request.page_size(), request.filter(), request.order_by(),
                               request.page_token(), domain::AccessTokenQueryFields(), "create_time desc",
                               page_tokens);
  domain::CanonicalizeRoleTerms(list.query.filter, "filter");
  return list;
}

std::vector<std::string> ParseRevokeToken(const v1::RevokeTokenRequest& request) {
  return domain::AccessTokenName().Parse("name", request.name());
}

ParsedList ParseListAuditEvents(const v1::ListAuditEventsRequest& request,
                                const domain::PageTokenCodec& page_tokens) {
  return ParseListRequest("audit_events", request.page_size(), request.filter(), request.order_by(),
                          request.page_token(), domain::AuditEventQueryFields(), "time desc", page_tokens);
}

}  // namespace galley::api
