#include "store/database_probe.h"

#include <libpq-fe.h>
#include <poll.h>

#include "store/connection_url.h"

namespace galley::store {

namespace {

using Clock = std::chrono::steady_clock;

std::string FirstLine(const char* text) {
  std::string line = text != nullptr ? text : "";
  return line.substr(0, line.find('\n'));
}

// Waits until the socket is readable or `deadline` passes.
bool WaitReadable(int socket, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd descriptor{socket, POLLIN, 0};
  return poll(&descriptor, 1, static_cast<int>(left)) > 0;
}

}  // namespace

DatabaseProbe::DatabaseProbe(std::string url, std::chrono::milliseconds timeout)
    : url_(WithConnectTimeout(url, static_cast<int>(std::max<long>(2, timeout.count() / 1000)))),
      timeout_(timeout) {}

DatabaseProbe::~DatabaseProbe() {
  if (connection_ != nullptr) PQfinish(connection_);
}

bool DatabaseProbe::Fail(const std::string& reason) {
  last_error_ = reason;
  // A connection that did not answer may answer late; start afresh.
  if (connection_ != nullptr) PQfinish(connection_);
  connection_ = nullptr;
  return false;
}

bool DatabaseProbe::Check() {
  if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
    if (connection_ != nullptr) PQfinish(connection_);
    connection_ = PQconnectdb(url_.c_str());  // bounded by connect_timeout
    if (PQstatus(connection_) != CONNECTION_OK) return Fail(FirstLine(PQerrorMessage(connection_)));
  }
  // Asynchronously, so that a server that never answers costs the timeout,
  // not forever.
  const auto deadline = Clock::now() + timeout_;
  if (PQsendQuery(connection_, "SELECT 1") == 0) return Fail(FirstLine(PQerrorMessage(connection_)));
  bool ok = true;
  std::string error;
  while (true) {
    // PQgetResult would block while the answer is incomplete: wait first.
    while (PQisBusy(connection_) != 0) {
      if (!WaitReadable(PQsocket(connection_), deadline)) return Fail("the database did not answer in time");
      if (PQconsumeInput(connection_) == 0) return Fail(FirstLine(PQerrorMessage(connection_)));
    }
    PGresult* result = PQgetResult(connection_);
    if (result == nullptr) break;
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
      ok = false;
      error = FirstLine(PQresultErrorMessage(result));
    }
    PQclear(result);
  }
  if (!ok) return Fail(error);
  last_error_.clear();
  return true;
}

}  // namespace galley::store
