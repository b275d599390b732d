#include "metrics_scrape.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <thread>

namespace galley::testing {

namespace {

int PortIn(const std::string& log) {
  static const std::regex kLine("metrics on http://127\\.0\\.0\\.1:[0-9]+/metrics \\(port ([0-9]+)\\)");
  std::smatch match;
  return std::regex_search(log, match, kLine) ? std::stoi(match[1]) : 0;
}

}  // namespace

int WaitForMetricsPort(GalleyProcess& server) {
  int port = 0;
  for (int i = 0; i < 200 && (port = PortIn(server.Log())) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(port, 0) << "no metrics line in the log:\n" << server.Log();
  return port;
}

std::string ScrapeMetrics(int port) {
  httplib::Client client("127.0.0.1", port);
  const auto scraped = client.Get("/metrics");
  return scraped && scraped->status == 200 ? "\n" + scraped->body : "";
}

double MetricValue(const std::string& text, const std::string& name) {
  const auto at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + name.size() + 2));
}

}  // namespace galley::testing
