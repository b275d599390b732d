#include "domain/text.h"

#include <cstdint>

namespace galley::domain {

std::optional<std::size_t> CountUtf8CodePoints(const std::string& text) {
  std::size_t count = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length;
    std::uint32_t code_point;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return std::nullopt;  // a continuation byte or an impossible lead byte
    }
    if (i + length > n) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    const bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) return std::nullopt;
    i += length;
    ++count;
  }
  return count;
}

namespace {

// `text` is valid UTF-8 here, so a byte below 0x80 is a character of its
// own and 0xC2 or 0xE2 always leads one.
bool HasForbiddenControl(const std::string& text, bool single_line) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) {
      const bool allowed_in_multiline = byte == '\n' || byte == '\t' || byte == '\r';
      if (single_line || !allowed_in_multiline) return true;
    }
    const auto next = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
    // C1 controls, U+0080 to U+009F (NEL among them): encoded C2 80 to C2 9F.
    if (byte == 0xC2 && next(1) <= 0x9F) return true;
    // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR break a line.
    if (single_line && byte == 0xE2 && next(1) == 0x80 && (next(2) == 0xA8 || next(2) == 0xA9)) return true;
  }
  return false;
}

}  // namespace

void CheckText(FieldViolations& violations, const std::string& field, const std::string& text,
               const TextRule& rule) {
  if (text.empty()) {
    if (rule.required) violations.Add(field, "is required");
    return;
  }
  const auto chars = CountUtf8CodePoints(text);
  if (!chars) {
    violations.Add(field, "is not valid UTF-8");
    return;
  }
  if (text.find('\0') != std::string::npos) {
    violations.Add(field, "contains a NUL character");
    return;
  }
  if (HasForbiddenControl(text, rule.single_line)) {
    violations.Add(field, rule.single_line ? "must be a single line without control characters"
                                           : "contains control characters");
    return;
  }
  if (rule.max_chars > 0 && *chars > rule.max_chars) {
    violations.Add(field, "is " + std::to_string(*chars) + " characters long; at most " +
                              std::to_string(rule.max_chars) + " are allowed");
    return;
  }
  if (rule.required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    violations.Add(field, "must not be blank");
  }
}

std::string EscapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace galley::domain
