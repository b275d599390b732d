#include "galley_process.h"

#include <gtest/gtest.h>

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

RunResult RunGalley(const std::vector<std::string>& args, const std::vector<std::string>& env,
                    std::chrono::seconds timeout) {
  RunResult result = RunToCompletion(GALLEY_BINARY, args, env, timeout);
  if (!result.error.empty()) ADD_FAILURE() << "galley: " << result.error << "; its output:\n" << result.output;
  return result;
}

}  // namespace galley::testing
