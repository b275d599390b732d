// Checks on text that reaches the database: valid UTF-8, no NUL (PostgreSQL
// `text` cannot hold one), no control characters (C0 but line breaks and tabs
// in multi-line text; C1, NEL among them, nowhere), no line or paragraph
// separator where a single line is expected, and limits counted in
// characters, so 200 Chinese characters are as welcome as 200 Latin ones.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "domain/error.h"

namespace galley::domain {

// The number of code points in `text`, or nullopt if it is not valid UTF-8
// (overlong forms, surrogates and truncated sequences are invalid).
std::optional<std::size_t> CountUtf8CodePoints(const std::string& text);

struct TextRule {
  bool required = false;
  std::size_t max_chars = 0;  // 0: no limit beyond the request size
  bool single_line = true;    // no line breaks or other control characters
};

// Adds a violation for `field` to `violations` if `text` breaks `rule`.
void CheckText(FieldViolations& violations, const std::string& field, const std::string& text,
               const TextRule& rule);

// `text` safe inside HTML elements and attribute values: & < > " escaped
// (for the HTML that ninjs bodies and search snippets carry).
std::string EscapeHtml(const std::string& text);

}  // namespace galley::domain
