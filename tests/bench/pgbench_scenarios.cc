#include "pgbench_scenarios.h"

#include <chrono>
#include <regex>

#include "support/child_process.h"

namespace galley::bench {

namespace {

constexpr const char* kPgbench = "/usr/lib/postgresql/15/bin/pgbench";
constexpr const char* kDatabase = "pgbench";
constexpr auto kPgbenchTimeout = std::chrono::minutes(5);

std::string RunPgbench(const std::vector<std::string>& args) {
  const testing::RunResult run = testing::RunToCompletion(kPgbench, args, {}, kPgbenchTimeout);
  if (!run.error.empty() || run.exit_code != 0) {
    throw ScenarioFailure("pgbench " + args.front() + " failed (" +
                          (run.error.empty() ? "exit " + std::to_string(run.exit_code) : run.error) + "): " + run.output);
  }
  return run.output;
}

double Number(const std::string& output, const std::regex& pattern, const char* what) {
  std::smatch match;
  if (!std::regex_search(output, match, pattern)) throw ScenarioFailure(std::string("pgbench printed no ") + what + ":\n" + output);
  return std::stod(match[1]);
}

// The server's pool, from its banner ("..., 6 database connections, ...").
int PoolSize(const Harness& harness) {
  return static_cast<int>(Number(harness.server_banner(), std::regex(R"((\d+) database connections)"), "pool size"));
}

ScenarioResult Pgbench(BenchContext& context, const std::string& mode) {
  const std::string url = context.harness.CreateDatabase(kDatabase);
  const bool quick = context.options.quick;
  // Scale 10 (a million accounts) is past what fits in the CPU caches.
  RunPgbench({"-i", "-q", "-s", quick ? "1" : "10", url});
  const int clients = PoolSize(context.harness);
  UsageSampler usage = context.harness.NewUsageSampler();
  usage.Start();
  const std::string output = RunPgbench({mode, "-M", "prepared", "-n", "-c", std::to_string(clients), "-j", "2",
                                         "-T", quick ? "1" : "10", url});
  ScenarioResult result;
  result.usage = usage.Finish();
  result.unit = "txn";
  result.rate = Number(output, std::regex(R"(tps = ([0-9.]+))"), "tps");
  const double latency = Number(output, std::regex(R"(latency average = ([0-9.]+) ms)"), "latency");
  result.units = result.rate * (quick ? 1 : 10);
  result.notes.push_back(std::to_string(clients) + " clients (the server's pool), 2 threads; average latency " +
                         std::to_string(latency).substr(0, 5) + " ms; PG CPU is the database's per transaction");
  (mode == "-S" ? context.pgbench_select_rate : context.pgbench_write_rate) = result.rate;
  return result;
}

}  // namespace

void AddPgbenchScenarios(const BenchOptions& /*options*/, std::vector<Scenario>& scenarios) {
  scenarios.push_back({"pgbench -S -M prepared (read by key)", [](BenchContext& c) { return Pgbench(c, "-S"); }});
  scenarios.push_back({"pgbench -N -M prepared (small write)", [](BenchContext& c) { return Pgbench(c, "-N"); }});
}

}  // namespace galley::bench
