// `galley dev` as a newcomer uses it: a private PostgreSQL in a data
// directory, migrated and served; Ctrl-C stops both; the next run reuses the
// data, also after a crash left a stale postmaster.pid behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "e2e_client.h"
#include "galley_process.h"
#include "support/sample_page.h"
#include "support/temp_dir.h"

namespace galley::testing {
namespace {

class DevTest : public ::testing::Test {
 protected:
  std::unique_ptr<GalleyProcess> StartDev(const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"dev", "--data-dir", data_dir(), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), more.begin(), more.end());
    auto process = std::make_unique<GalleyProcess>(args);
    address_ = process->WaitForAddress(std::chrono::seconds(120));
    return process;
  }

  std::string data_dir() const { return dir_.path() + "/galley-data"; }

  // The admin token `galley dev` created on its first start.
  std::string AdminToken() const {
    std::ifstream file(data_dir() + "/admin-token");
    std::string token;
    std::getline(file, token);
    return token;
  }

  // The postmaster.pid of the private cluster, wherever LocalCluster keeps it.
  std::filesystem::path PostmasterPid() const {
    if (!std::filesystem::exists(data_dir())) return {};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir())) {
      if (entry.path().filename() == "postmaster.pid") return entry.path();
    }
    return {};
  }

  // A `galley dev` that a test kills (or ends by leaving its scope, which
  // kills it) leaves its PostgreSQL running, as a crash would: stop it
  // before the data directory goes, or it runs on after the test.
  void TearDown() override {
    const auto pid_file = PostmasterPid();
    if (pid_file.empty()) return;
    std::ifstream in(pid_file);
    pid_t postmaster = 0;
    if (!(in >> postmaster) || postmaster <= 0) return;
    // Only if that pid is still this cluster's postmaster, which works in
    // its data directory: a stale file may name another process by now.
    std::error_code error;
    const auto cwd = std::filesystem::read_symlink("/proc/" + std::to_string(postmaster) + "/cwd", error);
    if (error || !std::filesystem::equivalent(cwd, pid_file.parent_path(), error) || error) return;
    if (::kill(postmaster, SIGQUIT) != 0) return;
    for (int i = 0; i < 200 && ::kill(postmaster, 0) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  TempDir dir_;
  std::string address_;
};

TEST_F(DevTest, RunsAPrivateDatabaseAndStopsItOnCtrlC) {
  auto dev = StartDev();
  auto channel = ChannelTo(address_, AdminToken());
  EXPECT_EQ(HealthOf(channel), "SERVING");
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报").ok());
  EXPECT_FALSE(PostmasterPid().empty());

  dev->Signal(SIGINT);
  EXPECT_EQ(dev->WaitForExit(std::chrono::seconds(60)), 0) << dev->Log();
  EXPECT_TRUE(PostmasterPid().empty()) << "PostgreSQL still running after Ctrl-C";
}

TEST_F(DevTest, SecondRunReusesTheDataAndTheAdminToken) {
  std::string token;
  {
    auto dev = StartDev();
    token = AdminToken();
    ASSERT_EQ(token.rfind("galley_", 0), 0u) << dev->Log();
    EXPECT_NE(dev->Log().find(token), std::string::npos) << "the first start prints the token";
    const auto permissions = std::filesystem::status(data_dir() + "/admin-token").permissions();
    EXPECT_EQ(permissions & std::filesystem::perms::all, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    ASSERT_TRUE(CreatePublication(ChannelTo(address_, token), "gannan-daily", "赣南日报").ok());
    dev->Signal(SIGINT);
    ASSERT_EQ(dev->WaitForExit(std::chrono::seconds(60)), 0) << dev->Log();
  }
  auto again = StartDev();
  EXPECT_EQ(AdminToken(), token);
  v1::Publication fetched;
  ASSERT_TRUE(GetPublication(ChannelTo(address_, token), "publications/gannan-daily", &fetched).ok()) << again->Log();
  EXPECT_EQ(fetched.display_name(), "赣南日报");
  // The client commands find the stored token by themselves.
  const auto listed = RunGalley({"publication", "list", "--server", address_, "--data-dir", data_dir()});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("赣南日报"), std::string::npos) << listed.output;
}

// What scripts/dev does: the first start leaves the sample page imported,
// searchable at once; the second start does not import it again.
TEST_F(DevTest, TheFirstStartImportsTheSamplePageOnce) {
  const std::vector<std::string> sample{"--sample-page", SamplePagePath()};
  const auto articles = [&] {
    return RunGalley({"article", "list", "publications/gannan-daily", "--server", address_, "--data-dir", data_dir()});
  };
  {
    auto dev = StartDev(sample);
    for (int i = 0; i < 300 && dev->Log().find("imported the sample page") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_NE(dev->Log().find("4 draft articles"), std::string::npos) << dev->Log();
    const auto found = RunGalley({"article", "search", "publications/gannan-daily", "--query", "微建议", "--view",
                                  "ARTICLE_VIEW_WORKING_COPY", "--server", address_, "--data-dir", data_dir()});
    EXPECT_EQ(found.exit_code, 0) << found.output;
    EXPECT_NE(found.output.find("会昌:用微建议撬动大治理"), std::string::npos) << found.output;
    const auto issue = RunGalley({"issue", "get", "publications/gannan-daily/issues/2026-05-12", "--server", address_,
                                  "--data-dir", data_dir()});
    EXPECT_NE(issue.output.find("issue_date:  2026-05-12"), std::string::npos) << issue.output;
    dev->Signal(SIGINT);
    ASSERT_EQ(dev->WaitForExit(std::chrono::seconds(60)), 0) << dev->Log();
  }
  auto again = StartDev(sample);
  for (int i = 0; i < 300 && again->Log().find("not again") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(again->Log().find("the sample page was imported on an earlier start"), std::string::npos) << again->Log();
  const auto listed = articles();
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  std::size_t drafts = 0;
  for (std::size_t at = listed.output.find("DRAFT"); at != std::string::npos; at = listed.output.find("DRAFT", at + 1)) {
    ++drafts;
  }
  EXPECT_EQ(drafts, 4u) << listed.output;
  EXPECT_EQ(again->Log().find("imported the sample page"), std::string::npos) << again->Log();
}

TEST_F(DevTest, RecoversFromAStalePostmasterPidAfterACrash) {
  {
    auto dev = StartDev();
    ASSERT_TRUE(CreatePublication(ChannelTo(address_, AdminToken()), "gannan-daily", "赣南日报").ok());
    // Crash everything: galley, then the postmaster, leaving its pid file.
    const auto pid_file = PostmasterPid();
    ASSERT_FALSE(pid_file.empty());
    std::ifstream in(pid_file);
    pid_t postmaster = 0;
    in >> postmaster;
    dev->Signal(SIGKILL);
    dev->WaitForExit(std::chrono::seconds(10));
    ASSERT_GT(postmaster, 0);
    ::kill(postmaster, SIGKILL);
    for (int i = 0; i < 100 && ::kill(postmaster, 0) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_FALSE(PostmasterPid().empty()) << "the crash should leave postmaster.pid behind";
  }
  auto again = StartDev();
  v1::Publication fetched;
  ASSERT_TRUE(GetPublication(ChannelTo(address_, AdminToken()), "publications/gannan-daily", &fetched).ok()) << again->Log();
  again->Signal(SIGINT);
  EXPECT_EQ(again->WaitForExit(std::chrono::seconds(60)), 0) << again->Log();
}

TEST_F(DevTest, TakesOverThePostgresAKilledRunLeftAndStopsItOnCtrlC) {
  {
    auto dev = StartDev();
    ASSERT_TRUE(CreatePublication(ChannelTo(address_, AdminToken()), "gannan-daily", "赣南日报").ok());
    dev->Signal(SIGKILL);  // PostgreSQL lives on, orphaned
    dev->WaitForExit(std::chrono::seconds(10));
  }
  ASSERT_FALSE(PostmasterPid().empty());
  auto again = StartDev();
  ASSERT_TRUE(GetPublication(ChannelTo(address_, AdminToken()), "publications/gannan-daily").ok()) << again->Log();
  again->Signal(SIGINT);
  EXPECT_EQ(again->WaitForExit(std::chrono::seconds(60)), 0) << again->Log();
  EXPECT_TRUE(PostmasterPid().empty()) << "the adopted PostgreSQL is still running";
}

TEST_F(DevTest, ASecondDevOnTheSameDataIsRefused) {
  auto first = StartDev();
  const auto second = RunGalley({"dev", "--data-dir", data_dir(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(second.exit_code, 1) << second.output;
  EXPECT_NE(second.output.find("another galley dev is running"), std::string::npos) << second.output;
  EXPECT_EQ(HealthOf(ChannelTo(address_, AdminToken())), "SERVING");
}

TEST(DevUsageTest, AnUnreachableOrMalformedDatabaseUrlFailsWithItsExitCode) {
  auto unreachable = RunGalley({"dev", "--database-url", "host=/nonexistent/socket dbname=galley"});
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.output;
  EXPECT_NE(unreachable.output.find("cannot reach the database"), std::string::npos) << unreachable.output;
  auto malformed = RunGalley({"dev", "--database-url", "postgresql://[::1"});
  EXPECT_EQ(malformed.exit_code, 2) << malformed.output;
}

}  // namespace
}  // namespace galley::testing
