// What one principal may ask of a server: a request rate with bursts, a
// request size by role, and change streams at once. Past each, the call is
// RESOURCE_EXHAUSTED with a reason and a message that says what to do.
#include "auth/principal_limits.h"

#include <gtest/gtest.h>

#include <optional>

#include "domain/error.h"

namespace galley::auth {
namespace {

using std::chrono::milliseconds;
using Clock = PrincipalLimits::Clock;

const domain::Caller kDesk{"night-desk", domain::Role::kPublisher};
const domain::Caller kWebsite{"website", domain::Role::kReader};

// The error `body` throws, or nullopt.
std::optional<domain::Error> ErrorOf(const std::function<void()>& body) {
  try {
    body();
  } catch (const domain::Error& error) {
    return error;
  }
  return std::nullopt;
}

TEST(PrincipalLimitsTest, APrincipalMaySendABurstOfTwiceItsRateThenItsRate) {
  PrincipalLimits limits({/*requests_per_second=*/10});
  const auto start = Clock::now();
  for (int i = 0; i < 20; ++i) limits.AdmitRequest(kDesk, start);
  const auto refused = ErrorOf([&] { limits.AdmitRequest(kDesk, start); });
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code(), domain::ErrorCode::kResourceExhausted);
  EXPECT_EQ(refused->reason(), "RATE_LIMITED");
  EXPECT_NE(std::string(refused->what()).find("night-desk is sending more than 10 requests a second"),
            std::string::npos)
      << refused->what();
  EXPECT_NE(std::string(refused->what()).find("retry in 100 ms"), std::string::npos) << refused->what();
  // Another principal has an allowance of its own.
  EXPECT_FALSE(ErrorOf([&] { limits.AdmitRequest(kWebsite, start); }));
  // A tenth of a second later, one more; a second later, ten more.
  EXPECT_FALSE(ErrorOf([&] { limits.AdmitRequest(kDesk, start + milliseconds(100)); }));
  EXPECT_TRUE(ErrorOf([&] { limits.AdmitRequest(kDesk, start + milliseconds(100)); }));
  for (int i = 0; i < 10; ++i) limits.AdmitRequest(kDesk, start + milliseconds(1100));
  EXPECT_TRUE(ErrorOf([&] { limits.AdmitRequest(kDesk, start + milliseconds(1100)); }));
}

TEST(PrincipalLimitsTest, NoRateMeansNoLimit) {
  PrincipalLimits limits({/*requests_per_second=*/0});
  const auto now = Clock::now();
  for (int i = 0; i < 100000; ++i) limits.AdmitRequest(kDesk, now);
}

TEST(PrincipalLimitsTest, ReadersMaySendLessThanEditorialRoles) {
  PrincipalLimitSettings settings;
  settings.request_bytes = 1 << 20;
  settings.reader_request_bytes = 64 << 10;
  PrincipalLimits limits(settings);
  EXPECT_FALSE(ErrorOf([&] { limits.CheckRequestSize(kDesk, 1 << 20); }));
  EXPECT_FALSE(ErrorOf([&] { limits.CheckRequestSize(kWebsite, 64 << 10); }));
  const auto reader = ErrorOf([&] { limits.CheckRequestSize(kWebsite, (64 << 10) + 1); });
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->code(), domain::ErrorCode::kResourceExhausted);
  EXPECT_EQ(reader->reason(), "REQUEST_TOO_LARGE");
  EXPECT_NE(std::string(reader->what()).find("the role reader may send at most 65536"), std::string::npos) << reader->what();
  EXPECT_TRUE(ErrorOf([&] { limits.CheckRequestSize(kDesk, (1 << 20) + 1); }));
}

TEST(PrincipalLimitsTest, StreamsCountPerPrincipalWhileTheyLive) {
  PrincipalLimitSettings settings;
  settings.streams = 2;
  PrincipalLimits limits(settings);
  std::optional<PrincipalLimits::StreamLease> first;
  first.emplace(limits, "partner");
  PrincipalLimits::StreamLease second(limits, "partner");
  const auto third = ErrorOf([&] { PrincipalLimits::StreamLease refused(limits, "partner"); });
  ASSERT_TRUE(third);
  EXPECT_EQ(third->code(), domain::ErrorCode::kResourceExhausted);
  EXPECT_EQ(third->reason(), "TOO_MANY_STREAMS");
  EXPECT_FALSE(ErrorOf([&] { PrincipalLimits::StreamLease other(limits, "website"); }));
  first.reset();  // a stream ends: its place is free
  EXPECT_FALSE(ErrorOf([&] { PrincipalLimits::StreamLease again(limits, "partner"); }));
}

}  // namespace
}  // namespace galley::auth
