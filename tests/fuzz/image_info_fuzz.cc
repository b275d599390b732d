// libFuzzer target: the image header reader UploadPhoto runs on the bytes a
// client streams (domain/image_info.h). Whatever the bytes, InspectImage
// reads nothing outside them and returns nullopt or an image of one of the
// four supported types, 1 to 1,000,000 pixels each way, whose bytes start
// with that type's signature and end the way a complete file of that type
// ends (so a cut-off upload is never taken for an image).
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/image_info.h"
#include "fuzz_contract.h"

namespace {

using galley::fuzz::Require;

bool StartsWith(const std::string& bytes, const std::string& prefix) { return bytes.compare(0, prefix.size(), prefix) == 0; }

std::uint32_t LittleEndian32(const std::string& b, std::size_t i) {
  std::uint32_t value = 0;
  for (std::size_t k = 4; k-- > 0;) value = value << 8 | static_cast<unsigned char>(b[i + k]);
  return value;
}

void RequireCompleteFileOf(const std::string& bytes, const std::string& mime_type) {
  const std::size_t n = bytes.size();
  if (mime_type == "image/jpeg") {
    Require(n >= 4 && StartsWith(bytes, "\xFF\xD8") && bytes.compare(n - 2, 2, "\xFF\xD9") == 0,
            "a JPEG without its start and end markers");
  } else if (mime_type == "image/png") {
    Require(n >= 45 && StartsWith(bytes, "\x89PNG\r\n\x1a\n") && bytes.compare(12, 4, "IHDR") == 0 &&
                bytes.compare(n - 8, 4, "IEND") == 0,
            "a PNG without its signature, IHDR or IEND");
  } else if (mime_type == "image/gif") {
    Require(n >= 14 && (StartsWith(bytes, "GIF87a") || StartsWith(bytes, "GIF89a")) && bytes.back() == '\x3B',
            "a GIF without its header or trailer");
  } else if (mime_type == "image/webp") {
    Require(n >= 30 && StartsWith(bytes, "RIFF") && bytes.compare(8, 4, "WEBP") == 0 &&
                LittleEndian32(bytes, 4) == n - 8,
            "a WebP whose RIFF header does not match its size");
  } else {
    galley::fuzz::Fail("an image of an unsupported type");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes = galley::fuzz::AsString(data, size);
  const auto info = galley::domain::InspectImage(bytes);
  if (!info) return 0;
  Require(info->width >= 1 && info->width <= 1000000 && info->height >= 1 && info->height <= 1000000,
          "image dimensions out of range");
  RequireCompleteFileOf(bytes, info->mime_type);
  const auto again = galley::domain::InspectImage(bytes);
  Require(again && again->mime_type == info->mime_type && again->width == info->width &&
              again->height == info->height,
          "InspectImage is not deterministic");
  return 0;
}
