#include "domain/image_info.h"

#include <cstdint>

namespace galley::domain {

namespace {

std::uint32_t Byte(const std::string& b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
std::uint32_t BigEndian16(const std::string& b, std::size_t i) { return Byte(b, i) << 8 | Byte(b, i + 1); }
std::uint32_t BigEndian32(const std::string& b, std::size_t i) { return BigEndian16(b, i) << 16 | BigEndian16(b, i + 2); }
std::uint32_t LittleEndian16(const std::string& b, std::size_t i) { return Byte(b, i) | Byte(b, i + 1) << 8; }
std::uint32_t LittleEndian24(const std::string& b, std::size_t i) { return LittleEndian16(b, i) | Byte(b, i + 2) << 16; }
std::uint32_t LittleEndian32(const std::string& b, std::size_t i) {
  return LittleEndian16(b, i) | LittleEndian16(b, i + 2) << 16;
}

std::optional<ImageInfo> Sized(const char* mime_type, std::uint32_t width, std::uint32_t height) {
  if (width == 0 || height == 0 || width > 1000000 || height > 1000000) return std::nullopt;
  return ImageInfo{mime_type, static_cast<int>(width), static_cast<int>(height)};
}

// PNG: the signature, IHDR first, IEND last.
std::optional<ImageInfo> Png(const std::string& b) {
  if (b.size() < 45 || b.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || b.compare(12, 4, "IHDR") != 0) return std::nullopt;
  if (b.compare(b.size() - 8, 4, "IEND") != 0) return std::nullopt;  // truncated
  return Sized("image/png", BigEndian32(b, 16), BigEndian32(b, 20));
}

// GIF: the header's logical screen size; the file ends with the trailer.
std::optional<ImageInfo> Gif(const std::string& b) {
  if (b.size() < 14 || (b.compare(0, 6, "GIF87a") != 0 && b.compare(0, 6, "GIF89a") != 0)) return std::nullopt;
  if (b.back() != '\x3B') return std::nullopt;  // truncated
  return Sized("image/gif", LittleEndian16(b, 6), LittleEndian16(b, 8));
}

// WebP: a RIFF container whose declared size is the file's, then one of the
// three bitstream headers.
std::optional<ImageInfo> WebP(const std::string& b) {
  if (b.size() < 30 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WEBP") != 0) return std::nullopt;
  if (LittleEndian32(b, 4) + 8 != b.size()) return std::nullopt;  // truncated or padded
  if (b.compare(12, 4, "VP8 ") == 0) {
    if (b.compare(23, 3, "\x9d\x01\x2a") != 0) return std::nullopt;
    return Sized("image/webp", LittleEndian16(b, 26) & 0x3FFF, LittleEndian16(b, 28) & 0x3FFF);
  }
  if (b.compare(12, 4, "VP8L") == 0) {
    if (Byte(b, 20) != 0x2F) return std::nullopt;
    const std::uint32_t bits = LittleEndian32(b, 21);
    return Sized("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (b.compare(12, 4, "VP8X") == 0) {
    return Sized("image/webp", LittleEndian24(b, 24) + 1, LittleEndian24(b, 27) + 1);
  }
  return std::nullopt;
}

// JPEG: walks the segments to the first start-of-frame; the file ends with
// the end-of-image marker.
std::optional<ImageInfo> Jpeg(const std::string& b) {
  if (b.size() < 4 || Byte(b, 0) != 0xFF || Byte(b, 1) != 0xD8) return std::nullopt;
  if (Byte(b, b.size() - 2) != 0xFF || Byte(b, b.size() - 1) != 0xD9) return std::nullopt;  // truncated
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (Byte(b, i) != 0xFF) return std::nullopt;
    const std::uint32_t marker = Byte(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      i += 2;
      continue;
    }
    const std::uint32_t length = BigEndian16(b, i + 2);
    if (length < 2 || i + 2 + length > b.size()) return std::nullopt;
    const bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      if (length < 7) return std::nullopt;
      return Sized("image/jpeg", BigEndian16(b, i + 7), BigEndian16(b, i + 5));
    }
    if (marker == 0xDA) return std::nullopt;  // scan data before any frame header
    i += 2 + length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageInfo> InspectImage(const std::string& bytes) {
  for (const auto inspect : {Jpeg, Png, WebP, Gif}) {
    if (auto info = inspect(bytes)) return info;
  }
  return std::nullopt;
}

}  // namespace galley::domain
