#include "api/time_conversion.h"

#include <cstdint>

#include "domain/error.h"

namespace galley::api {

void ToProto(domain::Timestamp time, google::protobuf::Timestamp* out) {
  const auto micros = time.time_since_epoch().count();
  auto seconds = micros / 1000000;
  auto remainder = micros % 1000000;
  if (remainder < 0) {  // protobuf wants non-negative nanos before 1970 too
    remainder += 1000000;
    seconds -= 1;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int>(remainder * 1000));
}

domain::Timestamp FromProto(const std::string& field, const google::protobuf::Timestamp& time) {
  constexpr std::int64_t kFirstSecond = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr std::int64_t kLastSecond = 253402300799;   // 9999-12-31T23:59:59Z
  if (time.seconds() < kFirstSecond || time.seconds() > kLastSecond) {
    throw domain::InvalidField(field, "must be a time between the years 1 and 9999");
  }
  if (time.nanos() < 0 || time.nanos() > 999999999) {
    throw domain::InvalidField(field, "must have nanos between 0 and 999999999");
  }
  return domain::Timestamp(std::chrono::microseconds(time.seconds() * 1000000 + time.nanos() / 1000));
}

}  // namespace galley::api
