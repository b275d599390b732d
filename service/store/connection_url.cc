#include "store/connection_url.h"

#include <libpq-fe.h>

#include <cctype>

#include <cstring>
#include <stdexcept>

namespace galley::store {

void CheckConnectionUrl(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "cannot be parsed";
    PQfreemem(error);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw std::invalid_argument("malformed database URL: " + message);
  }
  PQconninfoFree(options);
}

std::string PercentEncoded(const std::string& text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || std::strchr("-._~/", c) != nullptr) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kDigits[byte >> 4];
      encoded += kDigits[byte & 0x0F];
    }
  }
  return encoded;
}

std::string WithConnectTimeout(const std::string& url, int seconds) {
  if (url.find("connect_timeout") != std::string::npos) return url;
  const std::string value = std::to_string(seconds);
  const bool is_uri = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  if (!is_uri) return url + (url.empty() ? "" : " ") + "connect_timeout=" + value;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + value;
}

}  // namespace galley::store
