#include "store/database_probe.h"

#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>

#include "store/connection_url.h"

namespace galley::store {

namespace {
constexpr int kProbeConnectTimeoutSeconds = 2;

std::string FirstLine(const std::string& text) {
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}
}  // namespace

DatabaseProbe::DatabaseProbe(std::string url) : url_(WithConnectTimeout(url, kProbeConnectTimeoutSeconds)) {}

DatabaseProbe::~DatabaseProbe() = default;

bool DatabaseProbe::Check() {
  try {
    if (!connection_ || !connection_->is_open()) connection_ = std::make_unique<pqxx::connection>(url_);
    pqxx::nontransaction tx(*connection_);
    tx.exec("SELECT 1");
    last_error_.clear();
    return true;
  } catch (const std::exception& error) {
    connection_.reset();
    last_error_ = FirstLine(error.what());
    return false;
  }
}

}  // namespace galley::store
