#include "domain/time.h"

#include <cstdio>
#include <ctime>

namespace galley::domain {

std::string FormatRfc3339(Timestamp time) {
  const auto micros = time.time_since_epoch().count();
  // Floor division, so that times before 1970 keep a positive fraction.
  std::int64_t seconds = micros / 1000000;
  std::int64_t fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  const std::time_t whole = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[40];
  const int length = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900,
                                   utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                                   static_cast<long long>(fraction));
  return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace galley::domain
