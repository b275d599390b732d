// Points in time as the domain and the store exchange them: microseconds
// since the Unix epoch, the resolution PostgreSQL's timestamptz keeps.
#pragma once

#include <chrono>

namespace galley::domain {

using Timestamp = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

}  // namespace galley::domain
