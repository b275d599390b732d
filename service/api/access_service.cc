#include "api/access_service.h"

#include "api/access_requests.h"
#include "api/request_context.h"
#include "api/time_conversion.h"
#include "auth/token_issuer.h"
#include "domain/access_token.h"

namespace galley::api {

namespace {

using api::ToProto;  // the timestamps' overload, which these would hide

void ToProto(const domain::AccessToken& token, v1::Token* out) {
  out->set_name(token.Name());
  out->set_principal(token.principal);
  out->set_role(static_cast<v1::Token::Role>(static_cast<int>(token.role)));
  ToProto(token.create_time, out->mutable_create_time());
  if (token.expire_time) ToProto(*token.expire_time, out->mutable_expire_time());
  if (token.revoke_time) ToProto(*token.revoke_time, out->mutable_revoke_time());
  out->set_creator(token.creator);
}

void ToProto(const domain::AuditEvent& event, v1::AuditEvent* out) {
  out->set_id(event.id);
  ToProto(event.time, out->mutable_time());
  out->set_principal(event.principal);
  out->set_role(event.role);
  out->set_method(event.method);
  out->set_resource(event.resource);
  out->set_request_id(event.request_id);
  out->set_outcome(event.outcome);
}

}  // namespace

grpc::Status AccessService::CreateToken(grpc::ServerContext* context, const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) {
  return gate_.Handle(*context, "galley.v1.AccessService/CreateToken", request, [&](const Call& call) {
    domain::AccessToken token = ParseCreateToken(*request);
    token.creator = call.caller().principal;
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateToken", *request, request->request_id());
    const auto issued = auth::IssueToken(tokens_, token, key, call.Mutation(token.Name(), request->request_id()));
    ToProto(issued.token, response->mutable_token());
    response->set_secret(issued.secret);
  });
}

grpc::Status AccessService::ListTokens(grpc::ServerContext* context, const v1::ListTokensRequest* request,
                                       v1::ListTokensResponse* response) {
  return gate_.Handle(*context, "galley.v1.AccessService/ListTokens", request, [&](const Call& call) {
    const auto list = ParseListTokens(*request, page_tokens_);
    const auto page = tokens_.List(list.query, call.deadline());
    for (const auto& token : page.items) ToProto(token, response->add_tokens());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status AccessService::RevokeToken(grpc::ServerContext* context, const v1::RevokeTokenRequest* request,
                                        v1::Token* response) {
  return gate_.Handle(*context, "galley.v1.AccessService/RevokeToken", request, [&](const Call& call) {
    const auto ids = ParseRevokeToken(*request);
    const auto revoked = tokens_.Revoke(ids[0], call.Mutation(request->name(), ""));
    gate_.tokens().Forget(revoked.id);
    ToProto(revoked, response);
  });
}

grpc::Status AccessService::ListAuditEvents(grpc::ServerContext* context, const v1::ListAuditEventsRequest* request,
                                            v1::ListAuditEventsResponse* response) {
  return gate_.Handle(*context, "galley.v1.AccessService/ListAuditEvents", request, [&](const Call& call) {
    const auto list = ParseListAuditEvents(*request, page_tokens_);
    const auto page = audit_.List(list.query, call.deadline());
    for (const auto& event : page.items) ToProto(event, response->add_audit_events());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

}  // namespace galley::api
