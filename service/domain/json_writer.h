// Builds JSON text (RFC 8259) a value at a time, for the documents Galley
// hands to partners (IPTC ninjs), without a JSON library. Commas and nesting
// are tracked here, so a caller only says what comes next.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace galley::domain {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The name of the next member of the object being written.
  JsonWriter& Key(const std::string& key);
  JsonWriter& String(const std::string& value);  // invalid UTF-8 becomes U+FFFD
  JsonWriter& Number(std::int64_t value);

  // `key: value` when `value` is not empty: ninjs leaves absent what it
  // does not know rather than sending empty strings.
  JsonWriter& Member(const std::string& key, const std::string& value);

  // The document; every object and array must be closed.
  const std::string& text() const { return text_; }

 private:
  void BeforeValue();

  std::string text_;
  // One entry per open object or array: whether it has a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

}  // namespace galley::domain
