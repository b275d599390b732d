#include "app/server_metrics.h"

#include <fmt/format.h>

namespace galley::app {

namespace {

void AppendMetric(std::string& out, const char* name, const char* type, const char* help, double value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

}  // namespace

std::string RenderServerMetrics(const GalleyServices& services, store::ConnectionPool& pool,
                                const PublishingScheduler& scheduler) {
  std::string out;
  services.rpc_metrics().AppendText(out);
  const auto stats = pool.CurrentStats();
  AppendMetric(out, "galley_db_pool_size", "gauge", "The most PostgreSQL connections the pool opens.",
               static_cast<double>(stats.size));
  AppendMetric(out, "galley_db_pool_in_use", "gauge", "Connections leased to requests (or being opened).",
               static_cast<double>(stats.open - stats.idle));
  AppendMetric(out, "galley_db_pool_idle", "gauge", "Open connections waiting for a request.",
               static_cast<double>(stats.idle));
  AppendMetric(out, "galley_db_pool_waiting", "gauge", "Requests waiting for a connection to free up.",
               static_cast<double>(stats.waiting));
  AppendMetric(out, "galley_feed_streams", "gauge", "StreamChanges calls open now.", services.feed_streams());
  AppendMetric(out, "galley_feed_head_sequence", "gauge",
               "The change log's newest sequence this server knows of (a consumer's lag is this minus its last).",
               static_cast<double>(services.feed_head()));
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
