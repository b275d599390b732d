// libFuzzer target: the text checks every request field goes through
// (domain/text.h), the UTF-8 decoder that cuts text by script (utf8.h) and
// the escapers for HTML and JSON (text.h, json_text.h), each against a
// separate reading of the rules here (UTF-8 by the well-formed byte
// sequences of Unicode's table 3-7). Whatever the bytes:
// - CountUtf8CodePoints counts exactly the well-formed text;
// - CheckText, under every rule, adds a violation (at most one, on its
//   field) exactly when the text breaks the rule its header states;
// - DecodeUtf8 reads each well-formed character as itself and each other
//   byte as a one-byte U+FFFD (never swallowing what follows a stray lead
//   byte), and well-formed text encodes back from its code points;
// - EscapeHtml leaves no markup and unescapes back to the text;
// - JsonQuote gives one valid JSON string of UTF-8 that reads back as the
//   text with each stray byte replaced by U+FFFD.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.h"
#include "domain/json_text.h"
#include "domain/text.h"
#include "domain/utf8.h"
#include "fuzz_contract.h"

namespace {

namespace d = galley::domain;
using galley::fuzz::Require;

bool In(unsigned char byte, unsigned low, unsigned high) { return byte >= low && byte <= high; }

// The length of the well-formed sequence at `i` (table 3-7), or 0.
std::size_t WellFormedLength(const std::string& text, std::size_t i, char32_t& value) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const std::size_t left = text.size() - i;
  const unsigned char lead = at(0);
  std::size_t length = 0;
  if (lead <= 0x7F) {
    length = 1;
  } else if (In(lead, 0xC2, 0xDF)) {
    length = left >= 2 && In(at(1), 0x80, 0xBF) ? 2 : 0;
  } else if (In(lead, 0xE0, 0xEF)) {
    const unsigned low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
    length = left >= 3 && In(at(1), low, high) && In(at(2), 0x80, 0xBF) ? 3 : 0;
  } else if (In(lead, 0xF0, 0xF4)) {
    const unsigned low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
    length = left >= 4 && In(at(1), low, high) && In(at(2), 0x80, 0xBF) && In(at(3), 0x80, 0xBF) ? 4 : 0;
  }
  if (length == 0) return 0;
  static const unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  value = lead & kLeadMask[length];
  for (std::size_t k = 1; k < length; ++k) value = value << 6 | (at(k) & 0x3F);
  return length;
}

struct Reading {
  bool well_formed = true;
  std::vector<d::CodePoint> points;  // of the well-formed prefix
};

Reading Read(const std::string& text) {
  Reading reading;
  for (std::size_t i = 0; i < text.size();) {
    char32_t value = 0;
    const std::size_t length = WellFormedLength(text, i, value);
    if (length == 0) {
      reading.well_formed = false;
      return reading;
    }
    reading.points.push_back({value, i, length});
    i += length;
  }
  return reading;
}

bool ExpectedToPass(const Reading& reading, const std::string& text, const d::TextRule& rule) {
  if (text.empty()) return !rule.required;
  if (!reading.well_formed) return false;
  for (const auto& point : reading.points) {
    const char32_t c = point.value;
    if (c == 0) return false;
    const bool line_break = c == '\n' || c == '\r' || c == '\t';
    if ((c < 0x20 || c == 0x7F) && (rule.single_line || !line_break)) return false;
    if (c >= 0x80 && c <= 0x9F) return false;
    if ((c == 0x2028 || c == 0x2029) && rule.single_line) return false;
  }
  if (rule.max_chars > 0 && reading.points.size() > rule.max_chars) return false;
  return !rule.required || text.find_first_not_of(" \t\r\n") != std::string::npos;
}

void CheckRules(const Reading& reading, const std::string& text) {
  for (const bool required : {false, true}) {
    for (const bool single_line : {false, true}) {
      for (const std::size_t max_chars : {0, 1, 5, 200}) {
        const d::TextRule rule{required, max_chars, single_line};
        d::FieldViolations violations;
        d::CheckText(violations, "article.headline", text, rule);
        Require(violations.empty() == ExpectedToPass(reading, text, rule), "CheckText disagrees with its rule");
        Require(violations.list().size() <= 1, "CheckText added more than one violation");
        for (const auto& violation : violations.list()) {
          Require(violation.field == "article.headline", "CheckText named another field");
          Require(galley::fuzz::IsUtf8(violation.description), "a CheckText description is not UTF-8");
        }
      }
    }
  }
}

void CheckDecode(const Reading& reading, const std::string& text) {
  const auto points = d::DecodeUtf8(text);
  std::size_t offset = 0;
  for (const auto& point : points) {
    Require(point.offset == offset && offset < text.size(), "DecodeUtf8 points are not contiguous");
    char32_t value = 0;
    const std::size_t length = WellFormedLength(text, offset, value);
    if (length == 0) {
      Require(point.length == 1 && point.value == 0xFFFD, "a stray byte is not a one-byte U+FFFD");
    } else {
      Require(point.length == length && point.value == value, "DecodeUtf8 misread a well-formed character");
    }
    offset += point.length;
  }
  Require(offset == text.size(), "DecodeUtf8 did not cover the text");
  if (!reading.well_formed) return;
  std::string again;
  for (const auto& point : points) again += d::EncodeUtf8(point.value);
  Require(again == text, "EncodeUtf8 does not give the text back");
}

void CheckHtml(const std::string& text) {
  const std::string html = d::EscapeHtml(text);
  std::string back;
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    Require(c != '<' && c != '>' && c != '"', "EscapeHtml left markup");
    if (c != '&') {
      back += c;
      ++i;
      continue;
    }
    bool known = false;
    for (const auto& [entity, plain] :
         {std::pair<std::string, char>{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}}) {
      if (html.compare(i, entity.size(), entity) == 0) {
        back += plain;
        i += entity.size();
        known = true;
        break;
      }
    }
    Require(known, "EscapeHtml left a bare &");
  }
  Require(back == text, "EscapeHtml does not unescape to the text");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void CheckJson(const std::string& text) {
  const std::string json = d::JsonQuote(text);
  Require(galley::fuzz::IsUtf8(json), "JsonQuote gave invalid UTF-8");
  Require(json.size() >= 2 && json.front() == '"' && json.back() == '"', "JsonQuote gave no string literal");
  std::string read;
  for (std::size_t i = 1; i + 1 < json.size();) {
    const auto c = static_cast<unsigned char>(json[i]);
    Require(c >= 0x20, "JsonQuote left a control character raw");
    Require(c != '"', "JsonQuote left a quote unescaped");
    if (c != '\\') {
      read += json[i++];
      continue;
    }
    Require(i + 2 < json.size(), "JsonQuote ended inside an escape");
    const char e = json[i + 1];
    i += 2;
    switch (e) {
      case '"': read += '"'; break;
      case '\\': read += '\\'; break;
      case '/': read += '/'; break;
      case 'b': read += '\b'; break;
      case 'f': read += '\f'; break;
      case 'n': read += '\n'; break;
      case 'r': read += '\r'; break;
      case 't': read += '\t'; break;
      case 'u': {
        Require(i + 4 < json.size(), "JsonQuote cut a \\u escape");
        int value = 0;
        for (int k = 0; k < 4; ++k) {
          const int digit = HexValue(json[i + static_cast<std::size_t>(k)]);
          Require(digit >= 0, "JsonQuote wrote a \\u escape without four hex digits");
          value = value * 16 + digit;
        }
        Require(value < 0x80, "JsonQuote escaped more than the controls it needs to");
        read += static_cast<char>(value);
        i += 4;
        break;
      }
      default: galley::fuzz::Fail("JsonQuote wrote an escape JSON does not have");
    }
  }
  std::string expected;
  for (std::size_t i = 0; i < text.size();) {
    char32_t value = 0;
    const std::size_t length = WellFormedLength(text, i, value);
    if (length == 0) {
      expected += "\xEF\xBF\xBD";
      ++i;
    } else {
      expected.append(text, i, length);
      i += length;
    }
  }
  Require(read == expected, "JsonQuote does not read back as the text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = galley::fuzz::AsString(data, size);
  const Reading reading = Read(text);
  const auto count = d::CountUtf8CodePoints(text);
  Require(count.has_value() == reading.well_formed, "CountUtf8CodePoints disagrees on well-formedness");
  if (count) Require(*count == reading.points.size(), "CountUtf8CodePoints miscounted");
  CheckRules(reading, text);
  CheckDecode(reading, text);
  CheckHtml(text);
  CheckJson(text);
  return 0;
}
