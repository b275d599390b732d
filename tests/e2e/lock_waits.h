// What PostgreSQL says of `galley serve`'s sessions waiting on locks, for
// the tests that hold a row locked so that a call is sure to be in flight:
// it is once its SQL waits on the lock, however slow the machine.
#pragma once

#include <chrono>
#include <string>

namespace galley::testing {

// Galley's sessions (application_name 'galley') on the database at `url`
// waiting on a lock right now.
int GalleyWaitingOnLocks(const std::string& url);

// Polls until at least `count` of Galley's sessions wait on a lock; false if
// fewer do after `timeout`.
bool WaitForGalleyWaitingOnLocks(const std::string& url, int count, std::chrono::seconds timeout);

// Polls until none of Galley's sessions waits on a lock; false if one still
// does after `timeout`.
bool WaitForNoGalleyWaitingOnLocks(const std::string& url, std::chrono::seconds timeout);

}  // namespace galley::testing
