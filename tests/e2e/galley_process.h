// Runs the real `galley` binary for end-to-end tests: support/child_process.h
// with the binary built here, and a failed start or a server that never
// serves reported as a test failure.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "support/child_process.h"

namespace galley::testing {

class GalleyProcess : public ChildProcess {
 public:
  // Starts `galley args...` with `env` ("NAME=value") added to this
  // process's environment; fails the test if it cannot.
  explicit GalleyProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

  // Waits for the "serving on ... (port N)" log line and returns
  // "127.0.0.1:N"; fails the test and returns "" if it does not come.
  std::string WaitForAddress(std::chrono::seconds timeout = std::chrono::seconds(60));

  // Waits for the log line "`what` on ADDRESS (port N)" that a port of the
  // server's own logs once it listens ("metrics", "health checks") and
  // returns N; fails the test and returns 0 if it does not come.
  int WaitForPortOf(const std::string& what, std::chrono::seconds timeout = std::chrono::seconds(10));
};

// Runs `galley args...` to completion (killed after `timeout`); fails the
// test if it does not exit in time.
RunResult RunGalley(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                    std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace galley::testing
