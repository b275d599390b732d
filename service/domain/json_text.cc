#include "domain/json_text.h"

#include <cstdio>

#include "domain/text.h"

namespace galley::domain {

namespace {

// The byte length of the valid UTF-8 sequence starting at `i`, or 0.
std::size_t ValidSequenceLength(const std::string& text, std::size_t i) {
  for (std::size_t length = 1; length <= 4 && i + length <= text.size(); ++length) {
    if (CountUtf8CodePoints(text.substr(i, length)).value_or(0) == 1) return length;
  }
  return 0;
}

}  // namespace

std::string JsonQuote(const std::string& text) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = ValidSequenceLength(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text, i, length);
        i += length;
      }
      continue;
    }
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
          out += escaped;
        } else {
          out += static_cast<char>(byte);
        }
    }
    ++i;
  }
  return out + "\"";
}

}  // namespace galley::domain
