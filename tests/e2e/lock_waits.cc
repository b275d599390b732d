#include "lock_waits.h"

#include <functional>
#include <pqxx/pqxx>
#include <thread>

namespace galley::testing {

namespace {

// Polls until `done` holds; false if it still does not after `timeout`.
bool PollUntil(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

int GalleyWaitingOnLocks(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  return tx
      .exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
             "AND application_name = 'galley' AND wait_event_type = 'Lock'")[0]
      .as<int>();
}

bool WaitForGalleyWaitingOnLocks(const std::string& url, int count, std::chrono::seconds timeout) {
  return PollUntil([&] { return GalleyWaitingOnLocks(url) >= count; }, timeout);
}

bool WaitForNoGalleyWaitingOnLocks(const std::string& url, std::chrono::seconds timeout) {
  return PollUntil([&] { return GalleyWaitingOnLocks(url) == 0; }, timeout);
}

}  // namespace galley::testing
