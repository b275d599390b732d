// Inputs the fuzz targets (tests/fuzz) found to break a domain contract,
// kept as plain tests so that each stays fixed without a fuzzing run.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace
}  // namespace galley::domain
