#include "baseline_scenarios.h"

#include "grpc/health/v1/health.grpc.pb.h"
#include "measure.h"

namespace galley::bench {

namespace {

ScenarioResult MeasureEmptyRpc(BenchContext& context, std::chrono::milliseconds duration) {
  using Health = grpc::health::v1::Health;
  const CallFactory check = UnaryCalls<Health, grpc::health::v1::HealthCheckRequest, grpc::health::v1::HealthCheckResponse>(
      &Health::Stub::Check, [](std::mt19937_64&) { return grpc::health::v1::HealthCheckRequest(); },
      [](const grpc::health::v1::HealthCheckResponse&) { return std::string(); });
  return MeasureClosedLoop(context, check, "call", ThroughputOptions(context.options, duration));
}

ScenarioResult EmptyRpc(BenchContext& context) {
  ScenarioResult result = MeasureEmptyRpc(context, std::chrono::seconds(10));
  context.empty_rpc_rate = result.rate;
  return result;
}

}  // namespace

double MeasureEmptyRpcRate(BenchContext& context, std::chrono::milliseconds duration) {
  return MeasureEmptyRpc(context, duration).rate;
}

void AddBaselineScenarios(const BenchOptions& /*options*/, std::vector<Scenario>& scenarios) { scenarios.push_back({"empty RPC", EmptyRpc}); }

}  // namespace galley::bench
