// Which listen addresses `galley serve` warns about when it serves without TLS.
#include "app/transport_security.h"

#include <gtest/gtest.h>

namespace galley::app {
namespace {

TEST(IsLoopbackAddress, OnlyThisMachineCanReachLoopbackAndUnixSockets) {
  for (const std::string listen : {"127.0.0.1:50051", "127.0.0.1:0", "127.8.9.10:1", "localhost:50051", "[::1]:50051",
                                   "unix:/run/galley.sock", "unix-abstract:galley"}) {
    EXPECT_TRUE(IsLoopbackAddress(listen)) << listen;
  }
}

TEST(IsLoopbackAddress, WildcardsHostNamesAndOtherAddressesAreReachableFromTheNetwork) {
  for (const std::string listen : {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "128.0.0.1:1", "galley.internal:50051",
                                   "[::ffff:10.0.0.1]:1", "[2001:db8::1]:443", ":50051"}) {
    EXPECT_FALSE(IsLoopbackAddress(listen)) << listen;
  }
}

}  // namespace
}  // namespace galley::app
