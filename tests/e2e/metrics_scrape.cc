#include "metrics_scrape.h"

#include <httplib.h>

#include <functional>
#include <thread>

namespace galley::testing {

std::string ScrapeMetrics(int port) {
  httplib::Client client("127.0.0.1", port);
  const auto scraped = client.Get("/metrics");
  if (!scraped || scraped->status != 200) return "";
  return scraped->body;
}

double MetricValue(const std::string& text, const std::string& name) {
  const std::string lines = "\n" + text;
  const auto at = lines.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(lines.substr(at + name.size() + 2));
}

namespace {

// Scrapes until the metric `name` satisfies `holds`; false if it does not
// within `timeout`.
bool WaitUntilMetric(int port, const std::string& name, const std::function<bool(double)>& holds,
                     std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!holds(MetricValue(ScrapeMetrics(port), name))) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

}  // namespace

bool WaitForMetric(int port, const std::string& name, double value, std::chrono::seconds timeout) {
  return WaitUntilMetric(port, name, [value](double read) { return read == value; }, timeout);
}

bool WaitForMetricAbove(int port, const std::string& name, double floor, std::chrono::seconds timeout) {
  return WaitUntilMetric(port, name, [floor](double read) { return read > floor; }, timeout);
}

}  // namespace galley::testing
