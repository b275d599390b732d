// The door every Galley RPC goes through: it authenticates the caller from
// the `authorization` metadata, holds them to their principal's limits
// (auth/principal_limits.h), checks their role against the method's
// (auth/method_roles.h), runs the handler with a Call saying who is calling,
// and turns whatever the handler throws into a status. A mutation that fails
// is recorded in the audit log with its outcome; one that succeeds recorded
// itself in its own transaction (store/mutation.h).
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <string>
#include <utility>

#include "api/request_context.h"
#include "api/status.h"
#include "auth/principal_limits.h"
#include "auth/token_verifier.h"
#include "domain/caller.h"
#include "store/audit_log.h"
#include "store/call_cancellation.h"
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
  Gatekeeper(auth::TokenVerifier& tokens, store::AuditLog& audit, auth::PrincipalLimits& limits)
      : tokens_(tokens), audit_(audit), limits_(limits) {}

  // `method` is the full name, "galley.v1.ArticleService/GetArticle";
  // `request` names the resource a failed mutation is recorded against. It
  // is read only after `body` ran, so a client stream may pass the message
  // its body fills from the stream's first message (or null).
  //
  // A call its client cancelled does not queue for a database connection
  // (store/call_cancellation.h); one that fails after its client cancelled
  // it is CANCELLED (whatever the failure the cancel caused), so that logs,
  // metrics and the audit log say what happened. One that succeeded did
  // happen, cancelled or not: OK. Nothing asks gRPC whether the call was
  // cancelled otherwise: a sync server answers by polling its completion
  // queue, which cost a call more CPU than the rest of its handler.
  template <typename Body>
  grpc::Status Handle(const grpc::ServerContext& context, const char* method, const google::protobuf::Message* request,
                      Body&& body) {
    std::optional<Call> call;
    try {
      const store::CallCancellationScope cancellation([&context] { return ClientCancelled(context); });
      Call authenticated = Authenticate(context, method);
      // Refused for its rate, a call did nothing and is not audited: a
      // flood must not become a flood of audit records.
      limits_.AdmitRequest(authenticated.caller());
      call.emplace(std::move(authenticated));
      RequireRole(*call, method);
      if (request != nullptr) limits_.CheckRequestSize(call->caller(), request->ByteSizeLong());
      std::forward<Body>(body)(*call);
      return grpc::Status::OK;
    } catch (const domain::Error& error) {
      // Outside the cancellation scope: the record of a cancelled call
      // is written, its client's absence notwithstanding.
      const grpc::Status status = ClientCancelled(context) ? CancelledStatus() : ToStatus(error);
      if (call) RecordFailure(*call, method, request, status);
      return status;
    } catch (const std::exception& error) {
      grpc::Status status = InternalStatus(method, error);  // logged, cancelled or not
      if (ClientCancelled(context)) status = CancelledStatus();
      if (call) RecordFailure(*call, method, request, status);
      return status;
    }
  }

  // Throws UNAUTHENTICATED if the token `context` carries no longer
  // verifies (revoked or expired since the call began): for calls that last,
  // such as change streams, which would otherwise outlive their token.
  void Recheck(const grpc::ServerContext& context, const char* method) { Authenticate(context, method); }

  auth::TokenVerifier& tokens() { return tokens_; }
  auth::PrincipalLimits& limits() { return limits_; }

 private:
  Call Authenticate(const grpc::ServerContext& context, const std::string& method);
  static void RequireRole(const Call& call, const std::string& method);
  void RecordFailure(const Call& call, const std::string& method, const google::protobuf::Message* request,
                     const grpc::Status& status);

  auth::TokenVerifier& tokens_;
  store::AuditLog& audit_;
  auth::PrincipalLimits& limits_;
};

}  // namespace galley::api
