#include "baseline_scenarios.h"

#include "grpc/health/v1/health.grpc.pb.h"
#include "load_generator.h"
#include "process_sampler.h"

namespace galley::bench {

namespace {

constexpr auto kCallTimeout = std::chrono::seconds(10);

ScenarioResult EmptyRpc(BenchContext& context) {
  UsageSampler usage = context.harness.NewUsageSampler();
  ClosedLoopOptions options;
  // 4 channels x 4 in flight: enough to keep 2 cores busy, few enough that
  // the client's own threads do not crowd the server out.
  options.channels = 4;
  options.callers_per_channel = 4;
  options.warmup = context.options.quick ? std::chrono::milliseconds(200) : std::chrono::milliseconds(1000);
  options.duration = context.options.quick ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(10000);
  options.usage = &usage;
  const LoadResult load = RunClosedLoop(
      [&] { return context.harness.NewChannel(); },
      [](const std::shared_ptr<grpc::Channel>& channel) -> Call {
        auto stub = std::shared_ptr<grpc::health::v1::Health::Stub>(grpc::health::v1::Health::NewStub(channel));
        return [stub] {
          grpc::ClientContext call;
          call.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
          grpc::health::v1::HealthCheckResponse response;
          return stub->Check(&call, grpc::health::v1::HealthCheckRequest(), &response);
        };
      },
      options);
  if (load.failures > 0) {
    throw ScenarioFailure(std::to_string(load.failures) + " failed calls, the first " + load.first_failure);
  }
  if (load.calls == 0) throw ScenarioFailure("no call was answered");

  context.empty_rpc_rate = load.rate();
  ScenarioResult result;
  result.unit = "call";
  result.rate = load.rate();
  result.latency = load.latencies.Summary();
  result.usage = load.usage;
  result.units = static_cast<double>(load.calls);
  result.notes.push_back(std::to_string(options.channels) + " channels x " +
                         std::to_string(options.callers_per_channel) + " blocking callers, closed loop");
  return result;
}

}  // namespace

void AddBaselineScenarios(const BenchOptions& /*options*/, std::vector<Scenario>& scenarios) { scenarios.push_back({"empty RPC", EmptyRpc}); }

}  // namespace galley::bench
