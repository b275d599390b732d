// Reads what a running `galley serve --metrics-listen 127.0.0.1:0` exports:
// the port it chose (from its log) and the values of its metrics.
#pragma once

#include <string>

#include "galley_process.h"

namespace galley::testing {

// The port of the metrics endpoint, from the line that follows the serving
// line in the log; 0 (and a test failure) if it does not come.
int WaitForMetricsPort(GalleyProcess& server);

// The body of GET /metrics, with a newline in front so that every line,
// the first too, starts after one; "" if the endpoint did not answer.
std::string ScrapeMetrics(int port);

// The value on the line of `text` that starts with `name` (labels
// included, as printed); -1 if no line does.
double MetricValue(const std::string& text, const std::string& name);

}  // namespace galley::testing
