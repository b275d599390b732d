// Escapes text for a JSON string literal (RFC 8259): for JSON log lines and
// the JSON output of command-line tools, without a JSON library.
#pragma once

#include <string>

namespace galley::domain {

// `text` as a quoted JSON string. Bytes that are not valid UTF-8 are
// replaced by U+FFFD so the output is always valid JSON.
std::string JsonQuote(const std::string& text);

}  // namespace galley::domain
