#include "domain/byte_codec.h"

namespace galley::domain {

namespace {
void AppendBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}
}  // namespace

void ByteWriter::String(const std::string& value) {
  AppendBigEndian(bytes_, value.size(), 4);
  bytes_ += value;
}

void ByteWriter::Int(std::int64_t value) { AppendBigEndian(bytes_, static_cast<std::uint64_t>(value), 8); }

bool ByteReader::Take(std::size_t count, std::uint64_t& value) {
  if (!ok_ || pos_ + count > bytes_.size()) return ok_ = false;
  value = 0;
  for (std::size_t i = 0; i < count; ++i) value = (value << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
  pos_ += count;
  return true;
}

bool ByteReader::String(std::string& value) {
  std::uint64_t length = 0;
  if (!Take(4, length)) return false;
  if (pos_ + length > bytes_.size()) return ok_ = false;
  value = bytes_.substr(pos_, length);
  pos_ += length;
  return true;
}

bool ByteReader::Int(std::int64_t& value) {
  std::uint64_t raw = 0;
  if (!Take(8, raw)) return false;
  value = static_cast<std::int64_t>(raw);
  return true;
}

}  // namespace galley::domain
