#include "store/connection_url.h"

#include <libpq-fe.h>

#include <algorithm>
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
  // libpq accepts any port text here and fails only when connecting, which
  // would read as an unreachable database rather than a malformed URL.
  std::string bad_port;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::string(option->keyword) != "port" || option->val == nullptr) continue;
    std::string ports = option->val;
    std::size_t start = 0;
    while (start <= ports.size()) {  // a comma-separated list, one per host
      const auto end = std::min(ports.find(',', start), ports.size());
      const std::string port = ports.substr(start, end - start);
      const bool digits = !port.empty() && port.size() <= 5 &&
                          port.find_first_not_of("0123456789") == std::string::npos;
      if (!port.empty() && (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535)) bad_port = port;
      start = end + 1;
    }
  }
  PQconninfoFree(options);
  if (!bad_port.empty()) throw std::invalid_argument("malformed database URL: invalid port \"" + bad_port + "\"");
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
