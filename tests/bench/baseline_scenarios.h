// The baseline every ratio is measured against: the empty RPC
// (grpc.health.v1.Health/Check) of the same server, with the same load
// generator, in the same run. It runs first and sets BenchContext::empty_rpc_rate.
#pragma once

#include <vector>

#include "scenario.h"

namespace galley::bench {

void AddBaselineScenarios(const BenchOptions& options, std::vector<Scenario>& scenarios);

}  // namespace galley::bench
