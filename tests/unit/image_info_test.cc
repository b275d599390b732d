#include "domain/image_info.h"

#include <gtest/gtest.h>

#include "support/sample_images.h"

namespace galley::domain {
namespace {

using namespace galley::testing;

TEST(InspectImage, ReadsTypeAndSizeFromTheBytes) {
  const struct {
    std::string bytes;
    std::string mime_type;
  } cases[] = {
      {SamplePng(640, 480), "image/png"},
      {SampleJpeg(1920, 1080), "image/jpeg"},
      {SampleGif(32, 16), "image/gif"},
      {SampleWebp(800, 600), "image/webp"},
  };
  for (const auto& c : cases) {
    const auto info = InspectImage(c.bytes);
    ASSERT_TRUE(info) << c.mime_type;
    EXPECT_EQ(info->mime_type, c.mime_type);
  }
  EXPECT_EQ(InspectImage(SampleJpeg(1920, 1080))->width, 1920);
  EXPECT_EQ(InspectImage(SampleJpeg(1920, 1080))->height, 1080);
  EXPECT_EQ(InspectImage(SampleWebp(800, 600))->height, 600);
}

TEST(InspectImage, RefusesTruncatedCorruptAndForeignBytes) {
  for (const auto& full : {SamplePng(10, 10), SampleJpeg(10, 10), SampleGif(10, 10), SampleWebp(10, 10)}) {
    EXPECT_FALSE(InspectImage(full.substr(0, full.size() - 3)));
    EXPECT_FALSE(InspectImage(full.substr(0, 10)));
  }
  EXPECT_FALSE(InspectImage(""));
  EXPECT_FALSE(InspectImage("<html>not an image</html>"));
  EXPECT_FALSE(InspectImage(SamplePng(0, 10)));  // a zero dimension
  std::string bad_length = SampleJpeg(10, 10);
  bad_length[5] = '\x7F';  // a segment longer than the file
  EXPECT_FALSE(InspectImage(bad_length));
}

}  // namespace
}  // namespace galley::domain
