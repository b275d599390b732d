#include "cli/display_width.h"

namespace galley::cli {

namespace {

constexpr std::string_view kEllipsis = "…";  // one column

struct Range {
  char32_t first;
  char32_t last;
};

// East Asian Wide and Fullwidth blocks (Unicode UAX #11), the ones a
// newspaper's text and emoji use.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// Combining marks, zero-width spaces and joiners, variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x200B, 0x200F}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

template <std::size_t N>
bool InRanges(char32_t c, const Range (&ranges)[N]) {
  for (const auto& range : ranges) {
    if (c >= range.first && c <= range.last) return true;
  }
  return false;
}

std::size_t WidthOf(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;  // control characters
  if (InRanges(c, kZeroWidth)) return 0;
  if (InRanges(c, kWide)) return 2;
  return 1;
}

// Decodes the character at `text[at]`, returning how many bytes it takes;
// an invalid sequence decodes as one byte (shown as one column).
std::size_t Decode(std::string_view text, std::size_t at, char32_t* out) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || at + length > text.size()) {
    *out = U'?';
    return 1;
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xC0) != 0x80) {
      *out = U'?';
      return 1;
    }
    c = (c << 6) | (next & 0x3F);
  }
  *out = c;
  return length;
}

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  char32_t c = 0;
  for (std::size_t at = 0; at < utf8.size();) {
    at += Decode(utf8, at, &c);
    width += WidthOf(c);
  }
  return width;
}

std::string CutToWidth(std::string_view utf8, std::size_t max_width) {
  if (DisplayWidth(utf8) <= max_width) return std::string(utf8);
  if (max_width == 0) return "";
  const std::size_t room = max_width - DisplayWidth(kEllipsis);
  std::size_t width = 0;
  std::size_t at = 0;
  char32_t c = 0;
  while (at < utf8.size()) {
    const std::size_t length = Decode(utf8, at, &c);
    if (width + WidthOf(c) > room) break;
    width += WidthOf(c);
    at += length;
  }
  return std::string(utf8.substr(0, at)) + std::string(kEllipsis);
}

}  // namespace galley::cli
