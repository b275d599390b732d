// Points in time as the domain and the store exchange them: microseconds
// since the Unix epoch, the resolution PostgreSQL's timestamptz keeps.
#pragma once

#include <chrono>
#include <string>

namespace galley::domain {

using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

// `time` in UTC as RFC 3339 with microseconds: "2026-05-12T08:00:00.000000Z".
std::string FormatRfc3339(Timestamp time);

}  // namespace galley::domain
