// galley_test_postgres start|stop DIR: the PostgreSQL that CTest's `postgres`
// fixture shares among all database tests (see tests/CMakeLists.txt).
#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "store/local_cluster.h"

namespace {

int Usage() {
  std::cerr << "usage: galley_test_postgres start|stop DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return Usage();
  const std::string command = argv[1];
  galley::store::LocalClusterOptions options;
  options.data_dir = std::filesystem::absolute(argv[2]);
  options.fast_unsafe = true;
  try {
    if (command == "stop") {
      std::cout << (galley::store::LocalCluster::StopLeftover(options) ? "stopped" : "not running") << '\n';
      return 0;
    }
    if (command != "start") return Usage();
    // A cluster left by an interrupted run: every run starts from scratch.
    galley::store::LocalCluster::StopLeftover(options);
    std::filesystem::remove_all(options.data_dir);
    std::filesystem::create_directories(options.data_dir);
    // PostgreSQL, run as `postgres` when the tests run as root, must reach it.
    chmod(options.data_dir.c_str(), 0755);
    galley::store::LocalCluster cluster(options);
    cluster.Detach();  // outlives this process, until `stop`
    std::cout << cluster.Url() << '\n';
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "galley_test_postgres: " << error.what() << '\n';
    return 1;
  }
}
