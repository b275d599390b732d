// galley.v1.AccessService: access tokens and the audit log.
#pragma once

#include "api/gatekeeper.h"
#include "domain/page_token.h"
#include "galley/v1/access_service.grpc.pb.h"
#include "store/audit_log.h"
#include "store/token_repository.h"

namespace galley::api {

class AccessService final : public galley::v1::AccessService::Service {
 public:
  AccessService(Gatekeeper& gate, store::TokenRepository& tokens, store::AuditLog& audit,
                const domain::PageTokenCodec& page_tokens)
      : gate_(gate), tokens_(tokens), audit_(audit), page_tokens_(page_tokens) {}

  grpc::Status CreateToken(grpc::ServerContext* context, const v1::CreateTokenRequest* request,
                           v1::CreateTokenResponse* response) override;
  grpc::Status ListTokens(grpc::ServerContext* context, const v1::ListTokensRequest* request,
                          v1::ListTokensResponse* response) override;
  grpc::Status RevokeToken(grpc::ServerContext* context, const v1::RevokeTokenRequest* request,
                           v1::Token* response) override;
  grpc::Status ListAuditEvents(grpc::ServerContext* context, const v1::ListAuditEventsRequest* request,
                               v1::ListAuditEventsResponse* response) override;

 private:
  Gatekeeper& gate_;
  store::TokenRepository& tokens_;
  store::AuditLog& audit_;
  const domain::PageTokenCodec& page_tokens_;
};

}  // namespace galley::api
