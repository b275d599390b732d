#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace galley::testing {

namespace {

std::string NewLogPath() {
  char path[] = "/tmp/galley-child-log-XXXXXX";
  const int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ChildProcess::ChildProcess(const std::string& binary, const std::vector<std::string>& args,
                           const std::vector<std::string>& env)
    : log_path_(NewLogPath()) {
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_strings(env);
  for (char** entry = environ; *entry != nullptr; ++entry) env_strings.emplace_back(*entry);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path_.c_str(), O_WRONLY | O_APPEND, 0);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // A child inherits the signals its parent blocks (a parent that waits for
  // SIGTERM on a thread of its own blocks it in all the others): start it
  // with none blocked, so that it can be stopped the usual way.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  const int error = posix_spawn(&pid_, binary.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    start_error_ = "cannot start " + binary + ": " + std::strerror(error);
    pid_ = -1;
  }
}

ChildProcess::~ChildProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    WaitForExit(std::chrono::seconds(10));
  }
  std::error_code ignored;
  std::filesystem::remove(log_path_, ignored);
}

std::string ChildProcess::WaitForServingAddress(std::chrono::seconds timeout) {
  static const std::regex kServing(R"(serving on \S+ \(port (\d+)\))");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = Log();
    if (std::regex_search(log, match, kServing)) return "127.0.0.1:" + match[1].str();
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

void ChildProcess::Signal(int signal_number) {
  if (running()) kill(pid_, signal_number);
}

bool ChildProcess::running() {
  if (pid_ < 0 || exit_code_) return false;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> ChildProcess::WaitForExit(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

std::string ChildProcess::Log() const { return ReadFile(log_path_); }

RunResult RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                          const std::vector<std::string>& env, std::chrono::seconds timeout) {
  ChildProcess process(binary, args, env);
  RunResult result;
  if (!process.started()) {
    result.error = process.start_error();
    return result;
  }
  const auto code = process.WaitForExit(timeout);
  result.output = process.Log();
  if (!code) {
    result.error = "did not exit within " + std::to_string(timeout.count()) + "s";
    return result;
  }
  result.exit_code = *code;
  return result;
}

std::string TokenSecretIn(const std::string& output) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("galley_", 0) == 0) return line;
  }
  return "";
}

}  // namespace galley::testing
