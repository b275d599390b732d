#include "support/sample_images.h"

namespace galley::testing {

namespace {

void BigEndian(std::string& out, unsigned value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

void LittleEndian(std::string& out, unsigned value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

}  // namespace

std::string SamplePng(int width, int height) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  BigEndian(png, 13, 4);
  png += "IHDR";
  BigEndian(png, width, 4);
  BigEndian(png, height, 4);
  png += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  BigEndian(png, 0, 4);                           // CRC (not checked)
  BigEndian(png, 4, 4);
  png += "IDAT";
  png += std::string("\x78\x9c\x63\x00", 4);
  BigEndian(png, 0, 4);
  BigEndian(png, 0, 4);
  png += "IEND";
  BigEndian(png, 0xAE426082, 4);
  return png;
}

std::string SampleJpeg(int width, int height) {
  std::string jpeg("\xFF\xD8", 2);
  jpeg += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
  jpeg += std::string("\xFF\xC0\x00\x11\x08", 5);  // baseline frame header, 8-bit
  BigEndian(jpeg, height, 2);
  BigEndian(jpeg, width, 2);
  jpeg += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  jpeg += std::string("\xFF\xD9", 2);
  return jpeg;
}

std::string SampleGif(int width, int height) {
  std::string gif = "GIF89a";
  LittleEndian(gif, width, 2);
  LittleEndian(gif, height, 2);
  gif += std::string("\x00\x00\x00", 3);
  gif += std::string("\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00", 15);
  gif += "\x3B";
  return gif;
}

std::string SampleWebp(int width, int height) {
  std::string chunk = "VP8X";
  LittleEndian(chunk, 10, 4);
  LittleEndian(chunk, 0, 4);
  LittleEndian(chunk, width - 1, 3);
  LittleEndian(chunk, height - 1, 3);
  std::string webp = "RIFF";
  LittleEndian(webp, static_cast<unsigned>(4 + chunk.size()), 4);
  return webp + "WEBP" + chunk;
}

}  // namespace galley::testing
