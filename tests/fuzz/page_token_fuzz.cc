// libFuzzer target: page tokens (domain/page_token.h), as a client could
// forge, edit or replay them. The input is a query fingerprint, a newline,
// and the rest. Whatever the bytes:
// - the rest taken as a token is refused with INVALID_ARGUMENT on
//   `page_token`, unless it is exactly the token Encode gives for what
//   Decode returned (a forgery would be a broken MAC);
// - the rest taken as a cursor (split at newlines) round-trips through
//   Encode and Decode, and its token is refused under another fingerprint,
//   under another secret, and after any one character of it is changed,
//   dropped or added;
// - the rest taken as a token payload, signed here as the service signs
//   (white box: the MAC is not what is being fuzzed), decodes to a cursor
//   that encodes back to the same token, or is refused the same way: the
//   parser behind the MAC is total too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/digest.h"
#include "domain/error.h"
#include "domain/page_token.h"
#include "fuzz_contract.h"

namespace {

using galley::domain::PageTokenCodec;
using galley::fuzz::Require;

const std::string kSecret = "fuzz-page-token-secret-0123456789";
const PageTokenCodec kCodec(kSecret);
const PageTokenCodec kOtherCodec("another replica's secret, not ours");

// Decodes `token`, or returns false when it is refused as the contract says.
bool Decoded(const PageTokenCodec& codec, const std::string& fingerprint, const std::string& token,
             std::vector<std::string>& cursor) {
  try {
    cursor = codec.Decode(fingerprint, token);
    return true;
  } catch (const galley::domain::Error& error) {
    galley::fuzz::RequireInvalidField(error, "page_token", true);
    return false;
  }
}

void RequireRefused(const PageTokenCodec& codec, const std::string& fingerprint, const std::string& token,
                    const char* what) {
  std::vector<std::string> cursor;
  Require(!Decoded(codec, fingerprint, token, cursor), what);
}

// The token format as page_token.cc writes it: version 1, the cursor, and
// the first 16 bytes of HMAC-SHA-256(secret, fingerprint + payload).
std::string SignedToken(const std::string& fingerprint, const std::string& payload) {
  const std::string mac = galley::domain::HmacSha256(kSecret, fingerprint + payload).substr(0, 16);
  return galley::domain::Base64UrlEncode(payload + mac);
}

// If the format above drifts from the codec's, the white-box part would
// silently test nothing: refuse to start instead.
int CheckFormatOnce() {
  const std::string payload = std::string("\x01\x00\x00\x00\x02", 5) + "id";
  std::vector<std::string> cursor;
  Require(Decoded(kCodec, "fp", SignedToken("fp", payload), cursor) && cursor == std::vector<std::string>{"id"},
          "the white-box token format no longer matches page_token.cc");
  return 0;
}

void CheckForgedToken(const std::string& fingerprint, const std::string& token) {
  std::vector<std::string> cursor;
  if (!Decoded(kCodec, fingerprint, token, cursor)) return;
  Require(token.empty() == cursor.empty(), "a non-empty token decoded to no cursor");
  if (!token.empty()) Require(kCodec.Encode(fingerprint, cursor) == token, "a forged token was accepted");
}

void CheckIssuedToken(const std::string& fingerprint, const std::vector<std::string>& cursor, std::size_t where,
                      char with) {
  const std::string token = kCodec.Encode(fingerprint, cursor);
  std::vector<std::string> decoded;
  if (token.size() > 4096) {
    // Longer than the codec reads back; real cursors (a few sort keys) are far shorter.
    RequireRefused(kCodec, fingerprint, token, "an oversized token was accepted");
    return;
  }
  Require(Decoded(kCodec, fingerprint, token, decoded), "an issued token was refused");
  Require(decoded == cursor, "Decode(Encode(cursor)) != cursor");
  RequireRefused(kCodec, fingerprint + "x", token, "a token was accepted for another query");
  RequireRefused(kOtherCodec, fingerprint, token, "a token was accepted under another secret");

  const std::size_t at = where % token.size();
  std::string edited = token;
  edited[at] = edited[at] == with ? static_cast<char>(with ^ 1) : with;
  RequireRefused(kCodec, fingerprint, edited, "an edited token was accepted");
  RequireRefused(kCodec, fingerprint, token.substr(0, at) + token.substr(at + 1), "a shortened token was accepted");
  RequireRefused(kCodec, fingerprint, token.substr(0, at) + with + token.substr(at), "a lengthened token was accepted");
}

void CheckSignedPayload(const std::string& fingerprint, const std::string& payload) {
  const std::string token = SignedToken(fingerprint, payload);
  std::vector<std::string> cursor;
  if (!Decoded(kCodec, fingerprint, token, cursor)) return;
  Require(!cursor.empty(), "a signed payload decoded to no cursor");
  Require(kCodec.Encode(fingerprint, cursor) == token, "a signed payload decoded to another cursor");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const int checked = CheckFormatOnce();
  (void)checked;
  const std::string input = galley::fuzz::AsString(data, size);
  const std::size_t newline = input.find('\n');
  const std::string fingerprint = newline == std::string::npos ? "" : input.substr(0, newline);
  const std::string rest = newline == std::string::npos ? input : input.substr(newline + 1);

  CheckForgedToken(fingerprint, rest);
  CheckSignedPayload(fingerprint, rest);
  const std::uint8_t where = size > 0 ? data[0] : 0;
  const char with = size > 1 ? static_cast<char>(data[size - 1]) : 'A';
  CheckIssuedToken(fingerprint, galley::fuzz::SplitOn(rest, '\n'), where, with);
  return 0;
}
