// Runs the real `galley` binary for end-to-end tests: starts it with flags
// and environment, collects its stderr and stdout in a log file, finds the
// port it listens on, sends it signals and waits for its exit.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "support/temp_dir.h"

namespace galley::testing {

class GalleyProcess {
 public:
  // Starts `galley args...` with `env` ("NAME=value") added to this
  // process's environment.
  explicit GalleyProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
  ~GalleyProcess();  // SIGKILLs it if it still runs

  GalleyProcess(const GalleyProcess&) = delete;
  GalleyProcess& operator=(const GalleyProcess&) = delete;

  // Waits for the "serving on ... (port N)" log line and returns
  // "127.0.0.1:N"; fails the test and returns "" if it does not come.
  std::string WaitForAddress(std::chrono::seconds timeout = std::chrono::seconds(60));

  void Signal(int signal_number);
  // The exit code, or nullopt if it did not exit in time (or died by a signal:
  // then -signal).
  std::optional<int> WaitForExit(std::chrono::seconds timeout);
  bool running();

  std::string Log() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string log_path_;
};

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `galley args...` to completion (killed after `timeout`).
RunResult RunGalley(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                    std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace galley::testing
