// `galley health`: asks a server's standard gRPC health service whether it is
// serving, for scripts and container health checks (exit 0 only if SERVING).
#include <iostream>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace galley::cli {

int RunHealthCommand(const app::Args& args) {
  app::Options options("health", "Prints SERVING or NOT_SERVING; exits 0 only when SERVING.", ClientOptionSpecs());
  if (!options.Parse(args)) return app::kExitOk;
  auto stub = grpc::health::v1::Health::NewStub(Connect(options));
  auto context = NewContext(options);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(context.get(), request, &response);
  if (!status.ok()) return ReportFailure(status);
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()) << '\n';
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? app::kExitOk : app::kExitFailure;
}

}  // namespace galley::cli
