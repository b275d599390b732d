// GET /metrics of a running `galley serve`, scraped over HTTP as Prometheus
// would, for the tests that check what it reports.
#pragma once

#include <string>

namespace galley::testing {

// The body of GET /metrics on 127.0.0.1:`port`; "" when nothing answers or
// the answer is not 200.
std::string ScrapeMetrics(int port);

// The value on the line of `text` that starts with `name` (labels included)
// and a space; -1 if no line does.
double MetricValue(const std::string& text, const std::string& name);

}  // namespace galley::testing
