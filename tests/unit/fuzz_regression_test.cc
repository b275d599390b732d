// Inputs the fuzz targets (tests/fuzz) found to break a domain contract,
// kept as plain tests so that each stays fixed without a fuzzing run.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "api/access_requests.h"
#include "api/article_requests.h"
#include "api/issue_requests.h"
#include "domain/article.h"
#include "domain/byte_codec.h"
#include "domain/change.h"
#include "domain/error.h"
#include "domain/utf8.h"

namespace galley::domain {
namespace {

// resource_name_fuzz: `sections` is a valid id, so the first "/sections/"
// of a section name need not be its collection.
TEST(IssueOfSection, FindsTheIssueWhenAPublicationOrIssueIdIsSections) {
  EXPECT_EQ(IssueOfSection("publications/sections/issues/2026-05-12/sections/a03"),
            "publications/sections/issues/2026-05-12");
  EXPECT_EQ(IssueOfSection("publications/p/issues/sections/sections/sections"), "publications/p/issues/sections");
  EXPECT_EQ(IssueOfSection("publications/gannan-daily/issues/2026-05-12/sections/a03"),
            "publications/gannan-daily/issues/2026-05-12");
  EXPECT_EQ(IssueOfSection(""), "");
}

std::string PhotoSnapshotWithSize(std::int64_t width, std::int64_t height) {
  ByteWriter writer;
  for (const char* text : {"gannan-daily", "p1", "航拍图", "薛顺鑫摄", "", "alt", "image/jpeg", "ab"}) writer.String(text);
  for (const std::int64_t number : {width, height, std::int64_t{12345}, std::int64_t{2}, std::int64_t{0},
                                    std::int64_t{0}}) {
    writer.Int(number);
  }
  return writer.bytes();
}

// byte_codec_fuzz: a width of 7089055458859770465 was wrapped into an int
// rather than refused as corrupt.
TEST(DecodePhotoSnapshot, RefusesAWidthOrHeightNoIntHolds) {
  EXPECT_EQ(DecodePhotoSnapshot(PhotoSnapshotWithSize(640, 480)).width, 640);
  for (const auto& [width, height] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {7089055458859770465, 480}, {640, std::int64_t{1} << 31}, {-(std::int64_t{1} << 40), 480}}) {
    try {
      DecodePhotoSnapshot(PhotoSnapshotWithSize(width, height));
      ADD_FAILURE() << "accepted " << width << "x" << height;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInternal);
    }
  }
}

std::vector<char32_t> Values(const std::string& text) {
  std::vector<char32_t> values;
  for (const auto& point : DecodeUtf8(text)) values.push_back(point.value);
  return values;
}

// text_fuzz: a lead byte without its continuation bytes swallowed the ASCII
// after it ("\xE4AB" came out as one code point).
TEST(DecodeUtf8, AStrayByteIsOneReplacementCharacterAndSwallowsNothing) {
  const auto points = DecodeUtf8("\xE4" "AB");
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].value, 0xFFFDu);
  EXPECT_EQ(points[0].length, 1u);
  EXPECT_EQ(points[1].value, U'A');
  EXPECT_EQ(points[1].offset, 1u);
  EXPECT_EQ(points[2].value, U'B');
  EXPECT_EQ(Values("\xC0\x80"), (std::vector<char32_t>{0xFFFD, 0xFFFD}));                  // overlong NUL
  EXPECT_EQ(Values("\xED\xA0\x80"), (std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD}));      // a surrogate
  EXPECT_EQ(Values("\xF5\x80\x80\x80"), (std::vector<char32_t>(4, 0xFFFD)));               // past U+10FFFF
  EXPECT_EQ(Values("赣南 \xF0\x9F\x93\xB0"), (std::vector<char32_t>{0x8D63, 0x5357, U' ', 0x1F4F0}));
}

// The field named by the INVALID_ARGUMENT that `parse` throws, or what it did instead.
template <typename Parse>
std::string RefusedField(Parse parse) {
  try {
    parse();
    return "accepted";
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kInvalidArgument || error.field_violations().empty()) return error.what();
    return error.field_violations()[0].field;
  }
}

v1::CreateTokenRequest TokenExpiringAt(std::int64_t seconds, std::int32_t nanos = 0) {
  v1::CreateTokenRequest request;
  request.mutable_token()->set_principal("zhang.wei");
  request.mutable_token()->set_role(v1::Token::EDITOR);
  request.mutable_token()->mutable_expire_time()->set_seconds(seconds);
  request.mutable_token()->mutable_expire_time()->set_nanos(nanos);
  return request;
}

// service_request_fuzz: an expire_time in the year 3010 overflowed when it
// was compared with the clock's nanoseconds (undefined behaviour; in
// practice a wrong "must be in the future").
TEST(ParseCreateToken, TakesAnExpiryCenturiesAheadAndRefusesOneNoTimestampHolds) {
  EXPECT_EQ(api::ParseCreateToken(TokenExpiringAt(32825038592)).expire_time->time_since_epoch().count(),
            32825038592000000);
  EXPECT_EQ(RefusedField([] { api::ParseCreateToken(TokenExpiringAt(1000)); }), "token.expire_time");
  for (const auto& [seconds, nanos] : std::vector<std::pair<std::int64_t, std::int32_t>>{
           {253402300800, 0}, {INT64_MAX, 0}, {INT64_MIN, 0}, {4102444800, -1}, {4102444800, 1000000000}}) {
    EXPECT_EQ(RefusedField([&] { api::ParseCreateToken(TokenExpiringAt(seconds, nanos)); }), "token.expire_time")
        << seconds << "s " << nanos << "ns";
  }
}

// The same conversion, on the publish times: seconds past the year 9999
// overflowed the microseconds they became.
TEST(ParsePublishTimes, RefuseATimeOutsideTheYearsOneTo9999) {
  v1::PublishArticleRequest article;
  article.set_name("publications/gannan-daily/articles/kangjin");
  article.set_etag("*");
  article.mutable_publish_time()->set_seconds(INT64_MAX / 10);
  EXPECT_EQ(RefusedField([&] { api::ParsePublishArticle(article); }), "publish_time");
  v1::PublishIssueRequest issue;
  issue.set_name("publications/gannan-daily/issues/2026-05-12");
  issue.set_etag("*");
  issue.mutable_publish_time()->set_seconds(-62135596801);
  EXPECT_EQ(RefusedField([&] { api::ParsePublishIssue(issue); }), "publish_time");
  issue.mutable_publish_time()->set_seconds(253402300799);
  EXPECT_EQ(RefusedField([&] { api::ParsePublishIssue(issue); }), "accepted");
}

}  // namespace
}  // namespace galley::domain
