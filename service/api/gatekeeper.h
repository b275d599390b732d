// The door every Galley RPC goes through: it authenticates the caller from
// the `authorization` metadata, checks their role against the method's
// (auth/method_roles.h), runs the handler with a Call saying who is calling,
// and turns whatever the handler throws into a status. A mutation that fails
// is recorded in the audit log with its outcome; one that succeeds recorded
// itself in its own transaction (store/mutation.h).
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <string>
#include <utility>

#include "api/status.h"
#include "auth/token_verifier.h"
#include "domain/caller.h"
#include "store/audit_log.h"
#include "store/mutation.h"

namespace galley::api {

// What a handler knows of its call besides the request.
class Call {
 public:
  Call(domain::Caller caller, std::string method, store::Deadline deadline)
      : caller_(std::move(caller)), method_(std::move(method)), deadline_(deadline) {}

  const domain::Caller& caller() const { return caller_; }
  store::Deadline deadline() const { return deadline_; }
  // A change to `resource` on the caller's behalf, audited in its transaction.
  store::Mutation Mutation(const std::string& resource, const std::string& request_id) const;

 private:
  domain::Caller caller_;
  std::string method_;
  store::Deadline deadline_;
};

class Gatekeeper {
 public:
  Gatekeeper(auth::TokenVerifier& tokens, store::AuditLog& audit) : tokens_(tokens), audit_(audit) {}

  // `method` is the full name, "galley.v1.ArticleService/GetArticle";
  // `request` names the resource a failed mutation is recorded against. It
  // is read only after `body` ran, so a client stream may pass the message
  // its body fills from the stream's first message (or null).
  template <typename Body>
  grpc::Status Handle(const grpc::ServerContext& context, const char* method, const google::protobuf::Message* request,
                      Body&& body) {
    std::optional<Call> call;
    try {
      call.emplace(Authenticate(context, method));
      RequireRole(*call, method);
      std::forward<Body>(body)(*call);
      return grpc::Status::OK;
    } catch (const domain::Error& error) {
      const grpc::Status status = ToStatus(error);
      if (call) RecordFailure(*call, method, request, status);
      return status;
    } catch (const std::exception& error) {
      const grpc::Status status = InternalStatus(method, error);
      if (call) RecordFailure(*call, method, request, status);
      return status;
    }
  }

  auth::TokenVerifier& tokens() { return tokens_; }

 private:
  Call Authenticate(const grpc::ServerContext& context, const std::string& method);
  static void RequireRole(const Call& call, const std::string& method);
  void RecordFailure(const Call& call, const std::string& method, const google::protobuf::Message* request,
                     const grpc::Status& status);

  auth::TokenVerifier& tokens_;
  store::AuditLog& audit_;
};

}  // namespace galley::api
