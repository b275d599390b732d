#include "app/server_metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace galley::app {

namespace {

void AppendMetric(std::string& out, const char* name, const char* type, const char* help, double value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

// galley_db_pool_* for the primary's pool, galley_db_read_pool_* for the
// read replica's: the same four gauges.
void AppendPoolMetrics(std::string& out, const std::string& prefix, const char* which,
                       store::ConnectionPool& pool) {
  const auto stats = pool.CurrentStats();
  const auto append = [&](const char* suffix, const std::string& help, std::size_t value) {
    const std::string name = prefix + suffix;
    const std::string text = help + " (" + which + ").";
    AppendMetric(out, name.c_str(), "gauge", text.c_str(), static_cast<double>(value));
  };
  append("_size", "The most PostgreSQL connections the pool opens", stats.size);
  append("_in_use", "Connections leased to requests (or being opened)", stats.open - stats.idle);
  append("_idle", "Open connections waiting for a request", stats.idle);
  append("_waiting", "Requests waiting for a connection to free up", stats.waiting);
}

}  // namespace

std::string RenderServerMetrics(const GalleyServices& services, store::ConnectionPool& pool,
                                store::ConnectionPool* read_pool, const PublishingScheduler& scheduler) {
  std::string out;
  services.rpc_metrics().AppendText(out);
  AppendPoolMetrics(out, "galley_db_pool", "the primary", pool);
  if (read_pool != nullptr) {
    AppendPoolMetrics(out, "galley_db_read_pool", "the read replica", *read_pool);
    AppendMetric(out, "galley_db_read_replica_up", "gauge",
                 "1 while the read replica answers; 0 while its reads go to the primary.",
                 services.replica_reads().replica_reachable() ? 1 : 0);
  }
  AppendMetric(out, "galley_feed_streams", "gauge", "StreamChanges calls open now.", services.feed_streams());
  AppendMetric(out, "galley_feed_head_sequence", "gauge",
               "The change log's newest sequence this server knows of (a consumer's lag is this minus its last).",
               static_cast<double>(services.feed_head()));
  const auto slowest = services.feed_slowest_stream();
  AppendMetric(out, "galley_feed_lag_max", "gauge",
               "Changes the furthest-behind open stream has yet to send; 0 with none open.",
               slowest ? static_cast<double>(std::max<std::int64_t>(0, services.feed_head() - *slowest)) : 0.0);
  AppendMetric(out, "galley_scheduler_polls_total", "counter", "Polls of the publishing scheduler.",
               static_cast<double>(scheduler.polls()));
  AppendMetric(out, "galley_scheduler_failed_polls_total", "counter",
               "Polls that could not reach the database.", static_cast<double>(scheduler.failed_polls()));
  AppendMetric(out, "galley_scheduler_published_total", "counter",
               "Articles and issues the scheduler published when their time came.",
               static_cast<double>(scheduler.published()));
  return out;
}

}  // namespace galley::app
