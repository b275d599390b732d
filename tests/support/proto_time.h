// Protobuf timestamps from the system clock to the microsecond, for tests
// that schedule or compare times. TimeUtil::GetCurrentTime() is whole
// seconds in protobuf 3.21 (time(nullptr)), so "GetCurrentTime() + 3 s" is
// only 2 to 3 s ahead, and a publish_time meant for the future may have
// passed when the call arrives: the article is then published at once, not
// scheduled. Take such times with these, after the slow setup, not before.
#pragma once

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <thread>

namespace galley::testing {

inline google::protobuf::Timestamp ToTimestamp(std::chrono::system_clock::time_point time) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count());
}

inline std::chrono::system_clock::time_point ToTimePoint(const google::protobuf::Timestamp& time) {
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::microseconds(google::protobuf::util::TimeUtil::TimestampToMicroseconds(time))));
}

// Now plus `offset` (negative: in the past); TimestampFromNow() is now.
inline google::protobuf::Timestamp TimestampFromNow(std::chrono::microseconds offset = {}) {
  return ToTimestamp(std::chrono::system_clock::now() + offset);
}

// Whether `time` has come, by the clock the server's (and PostgreSQL's) now() reads.
inline bool HasCome(const google::protobuf::Timestamp& time) {
  return std::chrono::system_clock::now() >= ToTimePoint(time);
}

// Returns once `time` has come (at once if it has).
inline void SleepUntil(const google::protobuf::Timestamp& time) { std::this_thread::sleep_until(ToTimePoint(time)); }

}  // namespace galley::testing
