#include "app/options.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace galley::app {
namespace {

Options Make() {
  return Options("serve", "test", {{"listen", "GALLEY_TEST_LISTEN", "127.0.0.1:50051", "where"},
                                   {"threads", "", "0", "how many"},
                                   {"dry-run", "GALLEY_TEST_DRY_RUN", "", "plan only", true}});
}

TEST(Options, FlagBeatsEnvironmentBeatsDefault) {
  auto options = Make();
  ::unsetenv("GALLEY_TEST_LISTEN");
  ASSERT_TRUE(options.Parse({}));
  EXPECT_EQ(options.Get("listen"), "127.0.0.1:50051");
  ::setenv("GALLEY_TEST_LISTEN", "0.0.0.0:1", 1);
  EXPECT_EQ(options.Get("listen"), "0.0.0.0:1");
  auto with_flag = Make();
  ASSERT_TRUE(with_flag.Parse({"--listen=127.0.0.1:2"}));
  EXPECT_EQ(with_flag.Get("listen"), "127.0.0.1:2");
  ::unsetenv("GALLEY_TEST_LISTEN");
}

TEST(Options, AcceptsSpaceSeparatedValuesAndSwitches) {
  auto options = Make();
  ASSERT_TRUE(options.Parse({"--threads", "8", "--dry-run"}));
  EXPECT_EQ(options.GetInt("threads", 0, 100), 8);
  EXPECT_TRUE(options.IsSet("dry-run"));
}

TEST(Options, RejectsUnknownFlagsMissingValuesAndStrayArguments) {
  EXPECT_THROW(Make().Parse({"--colour=red"}), UsageError);
  EXPECT_THROW(Make().Parse({"--threads"}), UsageError);
  EXPECT_THROW(Make().Parse({"extra"}), UsageError);
  EXPECT_THROW(Make().Parse({"--dry-run=yes"}), UsageError);
}

TEST(Options, RejectsOutOfRangeNumbers) {
  auto options = Make();
  ASSERT_TRUE(options.Parse({"--threads=-3"}));
  EXPECT_THROW(options.GetInt("threads", 0, 100), UsageError);
  auto words = Make();
  ASSERT_TRUE(words.Parse({"--threads=many"}));
  EXPECT_THROW(words.GetInt("threads", 0, 100), UsageError);
}

TEST(Options, HelpListsEveryFlagWithItsVariable) {
  const auto help = Make().HelpText();
  EXPECT_NE(help.find("--listen VALUE"), std::string::npos);
  EXPECT_NE(help.find("[env GALLEY_TEST_LISTEN]"), std::string::npos);
  EXPECT_NE(help.find("--dry-run"), std::string::npos);
  EXPECT_NE(help.find("--help"), std::string::npos);
}

}  // namespace
}  // namespace galley::app
