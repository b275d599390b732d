// Where `galley dev` keeps the admin token it creates on its first start:
// a file in its data directory, which the `galley` client commands read when
// no token is given (cli/client.cc), so a newcomer never handles a secret.
#pragma once

namespace galley::app {

inline constexpr const char* kDefaultDataDir = ".galley";
inline constexpr const char* kAdminTokenFile = "admin-token";

}  // namespace galley::app
