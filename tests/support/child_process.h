// Runs a program (the real `galley` binary, for the end-to-end tests and the
// benchmark) as a child process: starts it with arguments and extra
// environment, collects its stdout and stderr in a log file, finds the port
// a `galley serve` listens on, sends it signals and waits for its exit.
// Knows nothing of GoogleTest: callers decide what a failure means.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace galley::testing {

class ChildProcess {
 public:
  // Starts `binary args...` with `env` ("NAME=value") added to this
  // process's environment. Check started() (or start_error()) afterwards.
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::vector<std::string>& env = {});
  ~ChildProcess();  // SIGKILLs it if it still runs, and removes the log

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  const std::string& start_error() const { return start_error_; }

  // Waits for galley's "serving on ... (port N)" log line and returns
  // "127.0.0.1:N", or "" if it does not come in time or the process exits.
  std::string WaitForServingAddress(std::chrono::seconds timeout);

  void Signal(int signal_number);
  // The exit code, or nullopt if it did not exit in time (or died by a signal:
  // then -signal).
  std::optional<int> WaitForExit(std::chrono::seconds timeout);
  bool running();

  std::string Log() const;
  // Where the log is, for a caller that must remove it without this object
  // (the process exiting at once on a signal, say).
  const std::string& log_path() const { return log_path_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string log_path_;
  std::string start_error_;
};

struct RunResult {
  int exit_code = -1;     // -1 when it did not exit within the timeout
  std::string output;     // stdout and stderr together
  std::string error;      // why it could not run to completion, "" if it did
};

// Runs `binary args...` to completion (killed after `timeout`).
RunResult RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                          const std::vector<std::string>& env, std::chrono::seconds timeout);

// The secret `galley token create` printed (the line starting "galley_"),
// or "" if its output holds none.
std::string TokenSecretIn(const std::string& output);

}  // namespace galley::testing
