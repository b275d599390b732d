#include "domain/page_token.h"

#include <cstdint>

#include "domain/byte_codec.h"
#include "domain/digest.h"
#include "domain/error.h"

namespace galley::domain {

namespace {

constexpr char kFormatVersion = 1;
constexpr std::size_t kMacBytes = 16;  // 128 bits: forgery is out of reach

Error BadToken() {
  return InvalidField("page_token",
                      "is not a token this service issued for this query; start again without one");
}

}  // namespace

PageTokenCodec::PageTokenCodec(std::string secret) : secret_(std::move(secret)) {}

std::string PageTokenCodec::Sign(const std::string& query_fingerprint, const std::string& payload) const {
  return HmacSha256(secret_, query_fingerprint + payload).substr(0, kMacBytes);
}

std::string PageTokenCodec::Encode(const std::string& query_fingerprint,
                                   const std::vector<std::string>& last_key) const {
  ByteWriter writer;
  for (const auto& part : last_key) writer.String(part);
  const std::string payload = std::string(1, kFormatVersion) + writer.bytes();
  return Base64UrlEncode(payload + Sign(query_fingerprint, payload));
}

std::vector<std::string> PageTokenCodec::Decode(const std::string& query_fingerprint,
                                                const std::string& token) const {
  if (token.empty()) return {};
  std::string bytes;
  if (token.size() > 4096 || !Base64UrlDecode(token, bytes) || bytes.size() < 1 + kMacBytes) {
    throw BadToken();
  }
  const std::string payload = bytes.substr(0, bytes.size() - kMacBytes);
  const std::string mac = bytes.substr(bytes.size() - kMacBytes);
  if (!ConstantTimeEquals(mac, Sign(query_fingerprint, payload)) || payload[0] != kFormatVersion) {
    throw BadToken();
  }
  const std::string fields = payload.substr(1);
  ByteReader reader(fields);
  std::vector<std::string> key;
  while (!reader.AtEnd()) {
    std::string part;
    if (!reader.String(part)) throw BadToken();
    key.push_back(std::move(part));
  }
  if (key.empty()) throw BadToken();
  return key;
}

}  // namespace galley::domain
