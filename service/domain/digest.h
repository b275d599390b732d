// SHA-256 and HMAC-SHA-256 (from OpenSSL's libcrypto), for etags, migration
// checksums, request fingerprints and page-token signatures.
#pragma once

#include <string>

namespace galley::domain {

std::string Sha256(const std::string& data);  // 32 raw bytes
std::string Sha256Hex(const std::string& data);
std::string HmacSha256(const std::string& key, const std::string& data);  // 32 raw bytes
std::string ToHex(const std::string& bytes);

// URL-safe base64 without padding, so tokens survive query strings and logs.
std::string Base64UrlEncode(const std::string& bytes);
// False when `text` is not canonical unpadded URL-safe base64.
bool Base64UrlDecode(const std::string& text, std::string& bytes);

// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace galley::domain
