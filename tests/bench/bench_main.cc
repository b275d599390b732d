// galley_bench: starts PostgreSQL and `galley serve` (harness.h), runs every
// scenario in order and prints one row per scenario: rate, latency
// percentiles, the rate as a ratio of the empty RPC's measured just before
// and just after it, the server's CPU per request and its peak RSS. Exits non-zero when a
// scenario failed; it asserts nothing about speed. --quick is the smoke test
// CTest runs (seconds, small data).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "baseline_scenarios.h"
#include "content_scenarios.h"
#include "feed_scenarios.h"
#include "harness.h"
#include "pgbench_scenarios.h"
#include "scenario.h"

namespace galley::bench {

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
// How long the empty RPC is measured again after each scenario.
constexpr std::chrono::milliseconds kAdjacentBaseline{3000};

struct Row {
  std::string name;
  std::optional<ScenarioResult> result;  // none: it failed
  std::string failure;
  double ratio = 0;  // of the empty RPC's rate, when the scenario has one
};

int PrintUsage(const char* problem) {
  if (problem != nullptr) std::cerr << "galley_bench: " << problem << '\n';
  std::cerr << "usage: galley_bench [--quick] [--galley PATH] [--keep-database] [--only TEXT]...\n"
               "  --quick          seconds and small data: checks that every scenario works\n"
               "  --galley PATH    the galley binary to serve (default: the one built with this)\n"
               "  --keep-database  leave PostgreSQL running with the corpus at the end, for psql\n"
               "  --only TEXT      run the empty RPC and the scenarios whose names contain TEXT\n"
               "                   (repeatable; those on the corpus need its load rows too)\n";
  return kExitUsage;
}

// The scenarios to run: all of them, or with --only those named and the
// empty RPC.
std::vector<Scenario> ScenariosToRun(const BenchOptions& options) {
  std::vector<Scenario> scenarios;
  AddBaselineScenarios(options, scenarios);  // first: the others' ratios need it
  std::vector<Scenario> measured;
  AddFeedScenarios(options, measured);
  AddPgbenchScenarios(options, measured);  // before the content: GetArticle and UpdateArticle compare with it
  AddContentScenarios(options, measured);
  for (auto& scenario : measured) {
    const bool named = std::any_of(options.only.begin(), options.only.end(), [&](const std::string& text) {
      return scenario.name.find(text) != std::string::npos;
    });
    if (options.only.empty() || named) scenarios.push_back(std::move(scenario));
  }
  return scenarios;
}

std::string Format(const char* format, double value) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

void PrintTable(const std::vector<Row>& rows) {
  std::printf("%-44s %9s %-8s %8s %8s %8s %8s %7s %8s %8s %8s\n", "scenario", "rate/s", "unit", "p50 ms",
              "p90 ms", "p99 ms", "max ms", "ratio", "CPU ms", "RSS MiB", "PG CPU");
  for (const auto& row : rows) {
    if (!row.result) {
      std::printf("%-44s FAILED: %s\n", row.name.c_str(), row.failure.c_str());
      continue;
    }
    const ScenarioResult& r = *row.result;
    const auto latency = [&](double Percentiles::*field) {
      return r.latency ? Format("%.2f", (*r.latency).*field) : std::string("-");
    };
    const auto per_unit_ms = [&](double seconds) { return r.units > 0 ? seconds * 1000.0 / r.units : 0.0; };
    std::printf("%-44s %9.0f %-8s %8s %8s %8s %8s %7s %8.3f %8.1f %8.3f\n", row.name.c_str(), r.rate,
                r.unit.c_str(), latency(&Percentiles::p50).c_str(), latency(&Percentiles::p90).c_str(),
                latency(&Percentiles::p99).c_str(), latency(&Percentiles::max).c_str(),
                r.has_ratio && row.ratio > 0 ? Format("%.3f", row.ratio).c_str() : "-", per_unit_ms(r.usage.server_cpu_seconds),
                r.usage.server_peak_rss_mib, per_unit_ms(r.usage.database_cpu_seconds));
  }
  std::printf("\nrate/s: units per second; ratio: rate / the empty RPC's rate just before and after the scenario\n"
              "(their mean; the first row's is its own);\n"
              "CPU ms: galley serve's CPU (user + system) per unit; RSS MiB: its peak RSS (VmHWM) after the\n"
              "scenario; PG CPU: PostgreSQL's CPU per unit (all its processes).\n");
  for (const auto& row : rows) {
    if (!row.result) continue;
    for (const auto& note : row.result->notes) std::printf("  %s: %s\n", row.name.c_str(), note.c_str());
  }
}

// The empty RPC's rate now, or 0 when it cannot be measured (the server
// died with the scenario before: that scenario's failure says so).
double EmptyRpcRateNow(BenchContext& context) {
  try {
    return MeasureEmptyRpcRate(context, kAdjacentBaseline);
  } catch (const std::exception&) {
    return 0;
  }
}

int Run(const BenchOptions& options) {
  std::printf("galley_bench%s: %u cores, %ld MiB memory\n", options.quick ? " --quick" : "",
              std::thread::hardware_concurrency(),
              static_cast<long>(sysconf(_SC_PHYS_PAGES) / 1024 * sysconf(_SC_PAGESIZE) / 1024));
  std::fflush(stdout);
  std::unique_ptr<Harness> harness;
  try {
    HarnessOptions harness_options;
    harness_options.galley_binary = options.galley_binary;
    harness_options.keep_database = options.keep_database;
    harness = std::make_unique<Harness>(harness_options);
  } catch (const std::exception& error) {
    std::cerr << "galley_bench: " << error.what() << '\n';
    return kExitFailed;
  }
  std::printf("server: %s\n\n", harness->server_banner().c_str());

  BenchContext context{*harness, options, 0, 0, 0};
  std::vector<Row> rows;
  bool failed = false;
  const std::vector<Scenario> scenarios = ScenariosToRun(options);
  // The empty RPC's rate just before the scenario about to run: measured
  // by the baseline scenario (the first), then after each of the others.
  double empty_rpc_before = 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const Scenario& scenario = scenarios[i];
    std::fprintf(stderr, "galley_bench: %s ...\n", scenario.name.c_str());
    Row row;
    row.name = scenario.name;
    try {
      row.result = scenario.run(context);
    } catch (const std::exception& error) {
      failed = true;
      row.failure = error.what();
      std::cerr << "galley_bench: " << scenario.name << " failed: " << error.what() << '\n';
      if (!harness->ServerRunning()) std::cerr << "galley_bench: the server exited; ";
      std::cerr << "the server's last log lines:\n" << harness->ServerLogTail(20);
    }
    if (i == 0) {
      empty_rpc_before = context.empty_rpc_rate;
      if (row.result) row.ratio = 1;
    } else {
      const double after = EmptyRpcRateNow(context);
      if (row.result && row.result->has_ratio && empty_rpc_before > 0 && after > 0) {
        row.ratio = row.result->rate / ((empty_rpc_before + after) / 2);
        row.result->notes.push_back("ratio to the empty RPC just before and after it: " +
                                    Format("%.0f", empty_rpc_before) + " and " + Format("%.0f", after) +
                                    " calls/s");
      }
      empty_rpc_before = after;
    }
    rows.push_back(std::move(row));
  }
  PrintTable(rows);
  harness.reset();  // the table first: teardown takes a few seconds
  return failed ? kExitFailed : 0;
}

}  // namespace

}  // namespace galley::bench

int main(int argc, char** argv) {
  galley::bench::TearDownOnInterrupt();  // before any thread starts
  galley::bench::BenchOptions options;
  options.galley_binary = GALLEY_BINARY;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--keep-database") {
      options.keep_database = true;
    } else if (arg == "--only" && i + 1 < argc) {
      options.only.push_back(argv[++i]);
    } else if (arg == "--galley" && i + 1 < argc) {
      options.galley_binary = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      galley::bench::PrintUsage(nullptr);
      return 0;
    } else {
      return galley::bench::PrintUsage(("unknown argument " + arg).c_str());
    }
  }
  return galley::bench::Run(options);
}
