#include "cli/client.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/dev_token.h"
#include "app/transport_security.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace galley::cli {

int ExitCodeFor(const grpc::Status& status) {
  if (status.ok()) return 0;
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return 3;
  return 1;
}

// The client certificate's variables are not the server's GALLEY_TLS_CERT/KEY:
// `galley health` run beside the server must not present the server's own.
std::vector<app::OptionSpec> ClientOptionSpecs() {
  return {
      {"server", "GALLEY_SERVER", "127.0.0.1:50051", "the Galley server to call"},
      {"timeout", "GALLEY_TIMEOUT", "10", "seconds to wait for an answer"},
      {"tls-ca", "GALLEY_TLS_CA", "", "PEM CA certificates: call the server over TLS, trusting them"},
      {"tls-cert", "GALLEY_CLIENT_TLS_CERT", "", "PEM client certificate, for servers that require one (needs --tls-key)"},
      {"tls-key", "GALLEY_CLIENT_TLS_KEY", "", "PEM private key of --tls-cert"},
      {"token", "GALLEY_TOKEN", "", "the access token to call with; default: the one `galley dev` stored"},
      {"data-dir", "GALLEY_DATA_DIR", app::kDefaultDataDir, "where `galley dev` stored its admin token"},
  };
}

std::string TokenOf(const app::Options& options) {
  if (options.IsSet("token")) return options.Get("token");
  return app::ReadAdminToken(std::filesystem::path(options.Get("data-dir")) / app::kAdminTokenFile);
}

namespace {

// TLS when any --tls-* flag is given (a client certificate alone trusts
// gRPC's default roots); plaintext otherwise, as `galley serve` defaults to.
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const app::Options& options) {
  const std::string trusted_ca = app::ReadCertificates(options, "tls-ca");
  const std::optional<app::KeyPair> client = app::ReadKeyPair(options, "tls-cert", "tls-key");
  if (trusted_ca.empty() && !client) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = trusted_ca;
  if (client) {
    ssl.pem_cert_chain = client->certificate_chain_pem;
    ssl.pem_private_key = client->private_key_pem;
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

std::shared_ptr<grpc::Channel> Connect(const app::Options& options) {
  return grpc::CreateChannel(options.Get("server"), ChannelCredentials(options));
}

std::unique_ptr<grpc::ClientContext> NewContext(const app::Options& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(options.GetInt("timeout", 1, 3600)));
  const std::string token = TokenOf(options);
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

void PrintJson(const google::protobuf::Message& response) {
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  print.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(response, &json, print);
  std::cout << json;
  if (json.empty() || json.back() != '\n') std::cout << '\n';
}

namespace {

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",      "CANCELLED",    "UNKNOWN",  "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
      "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  const auto index = static_cast<std::size_t>(code);
  return index < sizeof kNames / sizeof kNames[0] ? kNames[index] : "UNKNOWN";
}

}  // namespace

int ReportFailure(const grpc::Status& status) {
  std::cerr << "galley: " << CodeName(status.error_code()) << ": " << status.error_message() << '\n';
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      google::rpc::PreconditionFailure precondition;
      if (any.UnpackTo(&bad_request)) {
        for (const auto& violation : bad_request.field_violations()) {
          std::cerr << "  " << violation.field() << ": " << violation.description() << '\n';
        }
      } else if (any.UnpackTo(&precondition)) {
        for (const auto& violation : precondition.violations()) {
          std::cerr << "  " << violation.subject() << ": " << violation.description() << '\n';
        }
      }
    }
  }
  return ExitCodeFor(status);
}

}  // namespace galley::cli
