// Answers "does the database answer right now?" over a connection of its
// own, outside the pool, so that a busy pool never reads as a dead database.
// Used by the health service and by start-up checks.
#pragma once

#include <memory>
#include <string>

#include <pqxx/connection>

namespace galley::store {

class DatabaseProbe {
 public:
  explicit DatabaseProbe(std::string url);
  ~DatabaseProbe();

  // True if a trivial query succeeds, reconnecting first if needed. On
  // failure, `last_error()` says why in libpq's words.
  bool Check();
  const std::string& last_error() const { return last_error_; }

 private:
  std::string url_;
  std::unique_ptr<pqxx::connection> connection_;
  std::string last_error_;
};

}  // namespace galley::store
