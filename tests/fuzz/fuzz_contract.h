// What every fuzz target asserts, written once: a broken contract prints
// what broke and aborts, so libFuzzer keeps the input that broke it; a
// refusal must be domain::Error with the code the contract names, and its
// words must be fit for a google.rpc.BadRequest (proto3 strings are UTF-8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/text.h"

namespace galley::fuzz {

[[noreturn]] inline void Fail(const char* what) {
  std::fprintf(stderr, "contract broken: %s\n", what);
  std::abort();
}

inline void Require(bool holds, const char* what) {
  if (!holds) Fail(what);
}

inline bool IsUtf8(const std::string& text) { return domain::CountUtf8CodePoints(text).has_value(); }

// What PostgreSQL `text` takes: valid UTF-8 without NUL.
inline void RequireStorable(const std::string& text, const char* what) {
  Require(IsUtf8(text) && text.find('\0') == std::string::npos, what);
}

// A refusal with `code`. When the input was valid UTF-8 (as gRPC
// guarantees for proto3 strings), the message and every violation are too:
// they go back to the client inside proto3 messages.
inline void RequireRefusal(const domain::Error& error, domain::ErrorCode code, bool input_was_utf8) {
  Require(error.code() == code, "refused with another code");
  Require(!error.reason().empty(), "refused without a reason");
  if (!input_was_utf8) return;
  Require(IsUtf8(error.what()), "error message is not UTF-8");
  for (const auto& violation : error.field_violations()) {
    Require(IsUtf8(violation.field) && IsUtf8(violation.description), "field violation is not UTF-8");
  }
}

// INVALID_ARGUMENT naming `field` among its violations.
inline void RequireInvalidField(const domain::Error& error, const std::string& field, bool input_was_utf8) {
  RequireRefusal(error, domain::ErrorCode::kInvalidArgument, input_was_utf8);
  bool named = false;
  for (const auto& violation : error.field_violations()) named = named || violation.field == field;
  Require(named, "INVALID_ARGUMENT does not name the field");
}

inline std::string AsString(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// `text` cut at each `separator`; n separators give n + 1 parts.
inline std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

}  // namespace galley::fuzz
