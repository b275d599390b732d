#include "domain/page_token.h"

#include <cstdint>

#include "domain/digest.h"
#include "domain/error.h"

namespace galley::domain {

namespace {

constexpr char kFormatVersion = 1;
constexpr std::size_t kMacBytes = 16;  // 128 bits: forgery is out of reach

void AppendLength(std::string& out, std::uint32_t length) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
}

bool ReadLength(const std::string& in, std::size_t& pos, std::uint32_t& length) {
  if (pos + 4 > in.size()) return false;
  length = 0;
  for (int i = 0; i < 4; ++i) length = (length << 8) | static_cast<unsigned char>(in[pos + i]);
  pos += 4;
  return true;
}

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
  std::string payload(1, kFormatVersion);
  for (const auto& part : last_key) {
    AppendLength(payload, static_cast<std::uint32_t>(part.size()));
    payload += part;
  }
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
  std::vector<std::string> key;
  std::size_t pos = 1;
  while (pos < payload.size()) {
    std::uint32_t length = 0;
    if (!ReadLength(payload, pos, length) || pos + length > payload.size()) throw BadToken();
    key.push_back(payload.substr(pos, length));
    pos += length;
  }
  if (key.empty()) throw BadToken();
  return key;
}

}  // namespace galley::domain
