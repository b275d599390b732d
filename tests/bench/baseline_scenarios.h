// The baseline every ratio is measured against: the empty RPC
// (grpc.health.v1.Health/Check) of the same server, with the same load
// generator, in the same run. It runs first and sets BenchContext::empty_rpc_rate.
#pragma once

#include <chrono>
#include <vector>

#include "scenario.h"

namespace galley::bench {

void AddBaselineScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios);

// The empty RPC's rate now, measured for `duration` (less in quick mode).
// main measures it again after every scenario, so that each ratio divides
// by the rate just before and just after its own scenario: the machine's
// other tenants change its speed within a run of twenty minutes.
double MeasureEmptyRpcRate(BenchContext& context, std::chrono::milliseconds duration);

}  // namespace galley::bench
