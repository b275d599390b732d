// What most scenarios share: load applied with the load generator to one
// unary RPC, reported as a row of the table. A scenario says what to call
// (a request made afresh each time, from a caller's own random stream) and
// what a right answer is; a wrong answer counts as a failed call.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "load_generator.h"
#include "scenario.h"

namespace galley::bench {

constexpr auto kRpcTimeout = std::chrono::seconds(30);

// 4 channels x 4 in flight: enough to keep 2 cores busy, few enough that
// the client's own threads do not crowd the server out. Counted for
// `duration` after a warm-up (both short in quick mode).
ClosedLoopOptions ThroughputOptions(const BenchOptions& options, std::chrono::milliseconds duration);

// The row for `load`: rate, latency, usage per unit. Throws ScenarioFailure
// when a call failed or none was answered.
ScenarioResult ResultOf(const LoadResult& load, const std::string& unit);

ScenarioResult MeasureClosedLoop(BenchContext& context, const CallFactory& make_call, const std::string& unit,
                                 ClosedLoopOptions options);

// Checks a response; returns "" when it is right, else what is wrong.
template <typename Response>
using ResponseCheck = std::function<std::string(const Response&)>;

// A CallFactory for `method` of a `Service` stub: each caller makes its
// requests with `make_request` from a random stream of its own.
template <typename Service, typename Request, typename Response>
CallFactory UnaryCalls(grpc::Status (Service::Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                       std::function<Request(std::mt19937_64&)> make_request, ResponseCheck<Response> check) {
  auto seed = std::make_shared<std::uint64_t>(0);
  return [=](const std::shared_ptr<grpc::Channel>& channel) -> Call {
    auto stub = std::shared_ptr<typename Service::Stub>(Service::NewStub(channel));
    auto random = std::make_shared<std::mt19937_64>(++*seed);
    return [=] {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + kRpcTimeout);
      const Request request = make_request(*random);
      Response response;
      grpc::Status status = ((*stub).*method)(&context, request, &response);
      if (!status.ok()) return status;
      const std::string wrong = check(response);
      return wrong.empty() ? status : grpc::Status(grpc::StatusCode::UNKNOWN, "wrong result: " + wrong);
    };
  };
}

}  // namespace galley::bench
