// Checks and adjusts libpq connection strings (URIs or key=value lists).
#pragma once

#include <string>

namespace galley::store {

// Throws std::invalid_argument with libpq's own explanation when `url` is
// not a connection string libpq can parse. Connects to nothing.
void CheckConnectionUrl(const std::string& url);

// `text` percent-encoded for a URI query value; unreserved characters and
// '/' stay readable, as in libpq's own examples (`host=/var/run/postgresql`).
std::string PercentEncoded(const std::string& text);

// `url` with a connect_timeout (seconds) unless it names one already, so an
// unreachable host fails in seconds instead of hanging on TCP retries.
std::string WithConnectTimeout(const std::string& url, int seconds);

}  // namespace galley::store
