// Where `galley dev` keeps what it makes on its first start, in its data
// directory: the admin token, which the `galley` client commands read when
// no token is given (cli/client.cc), so a newcomer never handles a secret;
// and the mark that its sample edition is in (app/sample_edition.h).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace galley::app {

inline constexpr const char* kDefaultDataDir = ".galley";
inline constexpr const char* kAdminTokenFile = "admin-token";
inline constexpr const char* kSampleMarkerFile = "sample-imported";

// The token stored in `file`; empty if there is none.
inline std::string ReadAdminToken(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string token;
  std::getline(in, token);
  return token;
}

}  // namespace galley::app
