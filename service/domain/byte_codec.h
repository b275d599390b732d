// A small length-prefixed binary encoding for values the store keeps as
// bytes (an article's body and bylines) and for page tokens: strings and
// integers in a fixed order, read back exactly, malformed input detected.
#pragma once

#include <cstdint>
#include <string>

namespace galley::domain {

class ByteWriter {
 public:
  void String(const std::string& value);
  void Int(std::int64_t value);
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// Each read returns false, and reads nothing more, once the input is short
// or malformed.
class ByteReader {
 public:
  explicit ByteReader(const std::string& bytes) : bytes_(bytes) {}
  bool String(std::string& value);
  bool Int(std::int64_t& value);
  bool AtEnd() const { return ok_ && pos_ == bytes_.size(); }

 private:
  bool Take(std::size_t count, std::uint64_t& value);

  const std::string& bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace galley::domain
