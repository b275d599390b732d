#include "app/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "api/request_logging.h"
#include "app/options.h"
#include "domain/json_text.h"

namespace galley::app {

namespace {

// Writes each record as {"time":…,"level":…,"message":…}. The per-RPC
// lines of the "rpc" logger are JSON fields already, and merged in as such.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    time_.format(msg, dest);
    const std::string text(msg.payload.data(), msg.payload.size());
    const auto level = spdlog::level::to_string_view(msg.level);
    std::string rest = ",\"level\":" + domain::JsonQuote(std::string(level.data(), level.size()));
    if (msg.logger_name == api::kRpcLoggerName) {
      rest += ',' + text + "}\n";
    } else {
      rest += ",\"message\":" + domain::JsonQuote(text) + "}\n";
    }
    dest.append(rest.data(), rest.data() + rest.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }

 private:
  spdlog::pattern_formatter time_{"{\"time\":\"%Y-%m-%dT%H:%M:%S.%fZ\"", spdlog::pattern_time_type::utc, ""};
};

}  // namespace

void ConfigureLogging(bool json, const std::string& level) {
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw UsageError("--log-level must be one of trace, debug, info, warn, error, critical, off; got '" + level + "'");
  }
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("galley", sink);
  auto rpc_logger = std::make_shared<spdlog::logger>(api::kRpcLoggerName, sink);
  for (const auto& each : {logger, rpc_logger}) {
    if (json) {
      each->set_formatter(std::make_unique<JsonLineFormatter>());
    } else {
      each->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v",
                                                                      spdlog::pattern_time_type::utc));
    }
    each->set_level(parsed);
    each->flush_on(spdlog::level::info);
  }
  spdlog::set_default_logger(logger);
  spdlog::drop(api::kRpcLoggerName);
  spdlog::register_logger(rpc_logger);
}

}  // namespace galley::app
