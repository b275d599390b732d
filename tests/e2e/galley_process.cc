#include "galley_process.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

namespace galley::testing {

GalleyProcess::GalleyProcess(const std::vector<std::string>& args, const std::vector<std::string>& env)
    : ChildProcess(GALLEY_BINARY, args, env) {
  if (!started()) ADD_FAILURE() << start_error();
}

std::string GalleyProcess::WaitForAddress(std::chrono::seconds timeout) {
  std::string address = WaitForServingAddress(timeout);
  if (address.empty()) ADD_FAILURE() << "galley did not start serving; its log:\n" << Log();
  return address;
}

int GalleyProcess::WaitForPortOf(const std::string& what, std::chrono::seconds timeout) {
  const std::regex line(what + " on \\S+ \\(port ([0-9]+)\\)");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    const std::string log = Log();
    std::smatch match;
    if (std::regex_search(log, match, line)) return std::stoi(match[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  ADD_FAILURE() << "galley did not log where it serves " << what << "; its log:\n" << Log();
  return 0;
}

RunResult RunGalley(const std::vector<std::string>& args, const std::vector<std::string>& env,
                    std::chrono::seconds timeout) {
  RunResult result = RunToCompletion(GALLEY_BINARY, args, env, timeout);
  if (!result.error.empty()) ADD_FAILURE() << "galley: " << result.error << "; its output:\n" << result.output;
  return result;
}

}  // namespace galley::testing
