#include "api/time_conversion.h"

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

domain::Timestamp FromProto(const google::protobuf::Timestamp& time) {
  return domain::Timestamp(std::chrono::microseconds(time.seconds() * 1000000 + time.nanos() / 1000));
}

}  // namespace galley::api
