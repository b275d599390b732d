#include "e2e_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "galley_process.h"
#include "support/bearer_token.h"

namespace galley::testing {

namespace {

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(std::chrono::seconds timeout = std::chrono::seconds(10)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  return context;
}

}  // namespace

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address, const std::string& token) {
  return ChannelWithToken(address, token);
}

std::string CreateToken(const std::string& url, const std::string& name, const std::string& role) {
  const auto result = RunGalley({"token", "create", "--database-url", url, "--name", name, "--role", role});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  std::string secret = TokenSecretIn(result.output);
  if (secret.empty()) ADD_FAILURE() << "no token secret in: " << result.output;
  return secret;
}

std::string HealthOf(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                     std::chrono::seconds deadline) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  auto context = ContextWithDeadline(deadline);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const auto status = stub->Check(context.get(), request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return "SERVICE_UNKNOWN";
  if (!status.ok()) return "UNREACHABLE";
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

bool WaitForHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& expected, std::chrono::seconds timeout,
                   const std::string& service) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (HealthOf(channel, service, std::chrono::seconds(2)) == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

grpc::Status CreatePublication(const std::shared_ptr<grpc::Channel>& channel, const std::string& id, const std::string& display_name,
                               v1::Publication* out) {
  auto stub = v1::PublicationService::NewStub(channel);
  v1::CreatePublicationRequest request;
  request.set_publication_id(id);
  request.mutable_publication()->set_display_name(display_name);
  request.mutable_publication()->set_language("zh-Hans");
  request.mutable_publication()->set_time_zone("Asia/Shanghai");
  v1::Publication response;
  auto context = ContextWithDeadline();
  const auto status = stub->CreatePublication(context.get(), request, &response);
  if (out != nullptr) *out = response;
  return status;
}

grpc::Status GetPublication(const std::shared_ptr<grpc::Channel>& channel, const std::string& name, v1::Publication* out) {
  auto stub = v1::PublicationService::NewStub(channel);
  v1::GetPublicationRequest request;
  request.set_name(name);
  v1::Publication response;
  auto context = ContextWithDeadline();
  const auto status = stub->GetPublication(context.get(), request, &response);
  if (out != nullptr) *out = response;
  return status;
}

}  // namespace galley::testing
