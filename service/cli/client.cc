#include "cli/client.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "google/rpc/error_details.pb.h"
#include "app/dev_token.h"
#include "google/rpc/status.pb.h"

namespace galley::cli {

int ExitCodeFor(const grpc::Status& status) {
  if (status.ok()) return 0;
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return 3;
  return 1;
}

std::vector<app::OptionSpec> ClientOptionSpecs() {
  return {
      {"server", "GALLEY_SERVER", "127.0.0.1:50051", "the Galley server to call"},
      {"timeout", "GALLEY_TIMEOUT", "10", "seconds to wait for an answer"},
      {"token", "GALLEY_TOKEN", "", "the access token to call with; default: the one `galley dev` stored"},
      {"data-dir", "GALLEY_DATA_DIR", app::kDefaultDataDir, "where `galley dev` stored its admin token"},
  };
}

std::string TokenOf(const app::Options& options) {
  if (options.IsSet("token")) return options.Get("token");
  std::ifstream file(std::filesystem::path(options.Get("data-dir")) / app::kAdminTokenFile);
  std::string token;
  std::getline(file, token);
  return token;
}

std::shared_ptr<grpc::Channel> Connect(const app::Options& options) {
  return grpc::CreateChannel(options.Get("server"), grpc::InsecureChannelCredentials());
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
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& violation : bad_request.field_violations()) {
        std::cerr << "  " << violation.field() << ": " << violation.description() << '\n';
      }
    }
  }
  return ExitCodeFor(status);
}

}  // namespace galley::cli
