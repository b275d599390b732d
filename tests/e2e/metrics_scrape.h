// GET /metrics of a running `galley serve`, scraped over HTTP as Prometheus
// would, for the tests that check what it reports.
#pragma once

#include <chrono>
#include <string>

namespace galley::testing {

// The body of GET /metrics on 127.0.0.1:`port`; "" when nothing answers or
// the answer is not 200.
std::string ScrapeMetrics(int port);

// The value on the line of `text` that starts with `name` (labels included)
// and a space; -1 if no line does.
double MetricValue(const std::string& text, const std::string& name);

// Waits until the metric `name` on 127.0.0.1:`port` reads `value`; false if
// it does not within `timeout`.
bool WaitForMetric(int port, const std::string& name, double value, std::chrono::seconds timeout);

// Waits until the metric `name` on 127.0.0.1:`port` reads more than `floor`
// (a counter that has counted something); false if it does not within
// `timeout`.
bool WaitForMetricAbove(int port, const std::string& name, double floor, std::chrono::seconds timeout);

}  // namespace galley::testing
