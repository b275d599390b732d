#include "galley_process.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace galley::testing {

namespace {

std::string NewLogPath() {
  char path[] = "/tmp/galley-e2e-log-XXXXXX";
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

GalleyProcess::GalleyProcess(const std::vector<std::string>& args, const std::vector<std::string>& env)
    : log_path_(NewLogPath()) {
  std::vector<std::string> argv_strings{GALLEY_BINARY};
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
  const int error = posix_spawn(&pid_, GALLEY_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    ADD_FAILURE() << "cannot start " << GALLEY_BINARY << ": " << strerror(error);
    pid_ = -1;
  }
}

GalleyProcess::~GalleyProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    WaitForExit(std::chrono::seconds(10));
  }
  std::filesystem::remove(log_path_);
}

std::string GalleyProcess::WaitForAddress(std::chrono::seconds timeout) {
  static const std::regex kServing(R"(serving on \S+ \(port (\d+)\))");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = Log();
    if (std::regex_search(log, match, kServing)) return "127.0.0.1:" + match[1].str();
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "galley did not start serving; its log:\n" << Log();
  return "";
}

void GalleyProcess::Signal(int signal_number) {
  if (running()) kill(pid_, signal_number);
}

bool GalleyProcess::running() {
  if (pid_ < 0 || exit_code_) return false;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> GalleyProcess::WaitForExit(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

std::string GalleyProcess::Log() const { return ReadFile(log_path_); }

RunResult RunGalley(const std::vector<std::string>& args, const std::vector<std::string>& env,
                    std::chrono::seconds timeout) {
  GalleyProcess process(args, env);
  RunResult result;
  const auto code = process.WaitForExit(timeout);
  result.output = process.Log();
  if (!code) {
    ADD_FAILURE() << "galley did not exit within " << timeout.count() << "s; its output:\n" << result.output;
    return result;
  }
  result.exit_code = *code;
  return result;
}

}  // namespace galley::testing
