// LocalCluster against the real PostgreSQL binaries: start, restart, sharing
// a running server, crash recovery, and the errors a newcomer may meet.
#include "store/local_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <string>

namespace galley::store {
namespace {

namespace fs = std::filesystem;

class LocalClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/galley-cluster-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    // PostgreSQL, run as `postgres` when the tests run as root, must reach it.
    chmod(dir, 0755);
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  LocalClusterOptions Options(const fs::path& data_dir) const {
    LocalClusterOptions options;
    options.data_dir = data_dir;
    options.fast_unsafe = true;
    return options;
  }

  static std::string Query(const std::string& url, const std::string& sql) {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    const auto result = tx.exec(sql);
    return result.empty() || result[0][0].is_null() ? "" : result[0][0].c_str();
  }

  static pid_t PostmasterPid(const fs::path& data_dir) {
    std::ifstream in(data_dir / "pgdata" / "postmaster.pid");
    pid_t pid = 0;
    in >> pid;
    return pid;
  }

  fs::path dir_;
};

TEST_F(LocalClusterTest, KeepsTheDataAcrossRestarts) {
  LocalCluster cluster(Options(dir_ / "data"));
  cluster.EnsureDatabase("galley");
  cluster.EnsureDatabase("galley");  // idempotent
  const std::string url = cluster.Url("galley");
  Query(url, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('赣南日报')");

  cluster.Stop();
  EXPECT_THROW(Query(url, "SELECT 1"), pqxx::broken_connection);
  cluster.Stop();  // idempotent
  cluster.Start();
  EXPECT_EQ(Query(url, "SELECT name FROM kept"), "赣南日报");

  // Crash-like: committed data survives through WAL recovery.
  Query(url, "INSERT INTO kept VALUES ('second')");
  cluster.Stop(/*immediate=*/true);
  cluster.Start();
  EXPECT_EQ(Query(url, "SELECT count(*) FROM kept"), "2");
}

TEST_F(LocalClusterTest, StoresChineseTextAsUtf8) {
  LocalCluster cluster(Options(dir_ / "data"));
  const std::string url = cluster.Url();
  EXPECT_EQ(Query(url, "SHOW server_encoding"), "UTF8");
  Query(url, "CREATE TABLE papers (name text)");
  Query(url, "INSERT INTO papers VALUES ('赣南日报')");
  EXPECT_EQ(Query(url, "SELECT name FROM papers"), "赣南日报");
  EXPECT_EQ(Query(url, "SELECT length(name) FROM papers"), "4");
}

TEST_F(LocalClusterTest, ListensOnItsSocketOnly) {
  LocalCluster cluster(Options(dir_ / "data"));
  EXPECT_EQ(Query(cluster.Url(), "SHOW listen_addresses"), "");
  EXPECT_EQ(Query(cluster.Url(), "SHOW max_connections"), "200");
  EXPECT_EQ(Query(cluster.Url(), "SHOW fsync"), "off");
}

TEST_F(LocalClusterTest, DestructorStopsTheServerItStarted) {
  { LocalCluster cluster(Options(dir_ / "data")); }
  EXPECT_FALSE(fs::exists(dir_ / "data" / "pgdata" / "postmaster.pid"));
}

TEST_F(LocalClusterTest, SecondClusterOnTheSameDataUsesTheRunningServer) {
  LocalCluster first(Options(dir_ / "data"));
  const pid_t postmaster = PostmasterPid(dir_ / "data");
  Query(first.Url(), "CREATE TABLE shared (id int)");
  {
    LocalCluster second(Options(dir_ / "data"));
    EXPECT_EQ(PostmasterPid(dir_ / "data"), postmaster);
    EXPECT_EQ(Query(second.Url(), "SELECT count(*) FROM shared"), "0");
  }
  // The second one did not start the server, so it left it running.
  EXPECT_EQ(Query(first.Url(), "SELECT count(*) FROM shared"), "0");
}

TEST_F(LocalClusterTest, RecoversFromAKilledPostmaster) {
  auto first = std::make_unique<LocalCluster>(Options(dir_ / "data"));
  Query(first->Url(), "CREATE TABLE survivors (name text); INSERT INTO survivors VALUES ('赣南日报')");
  const pid_t postmaster = PostmasterPid(dir_ / "data");
  ASSERT_GT(postmaster, 0);
  ASSERT_EQ(kill(postmaster, SIGKILL), 0);
  for (int i = 0; i < 100 && kill(postmaster, 0) == 0; ++i) usleep(50'000);
  first.reset();  // finds nothing to stop
  ASSERT_TRUE(fs::exists(dir_ / "data" / "pgdata" / "postmaster.pid"));

  LocalCluster second(Options(dir_ / "data"));
  EXPECT_NE(PostmasterPid(dir_ / "data"), postmaster);
  EXPECT_EQ(Query(second.Url(), "SELECT name FROM survivors"), "赣南日报");
}

TEST_F(LocalClusterTest, IgnoresAPidFileWhosePidBelongsToAnotherProcess) {
  { LocalCluster cluster(Options(dir_ / "data")); }
  // After a reboot the PID of the crashed postmaster may be anybody's: ours here.
  std::ofstream(dir_ / "data" / "pgdata" / "postmaster.pid") << getpid() << "\n";
  LocalCluster cluster(Options(dir_ / "data"));
  EXPECT_EQ(Query(cluster.Url(), "SELECT 1"), "1");
}

TEST_F(LocalClusterTest, LongDataDirectoryGetsAShortSocketDirectory) {
  const fs::path data_dir = dir_ / std::string(100, 'x') / "data";
  LocalCluster cluster(Options(data_dir));
  EXPECT_NE(cluster.Url().find("host=/tmp/galley-"), std::string::npos) << cluster.Url();
  EXPECT_EQ(Query(cluster.Url(), "SELECT 1"), "1");
}

TEST_F(LocalClusterTest, DataDirectoryClosedToPostgresMovesTheClusterWhereItCanReach) {
  if (geteuid() != 0) GTEST_SKIP() << "only root runs PostgreSQL as another user, who may be shut out";
  const fs::path closed = dir_ / "closed";
  fs::create_directories(closed);
  chmod(closed.c_str(), 0700);
  fs::path home;
  {
    LocalCluster cluster(Options(closed / "data"));
    home = cluster.home();
    EXPECT_EQ(home.string().rfind("/var/tmp/galley-", 0), 0u) << home;
    pqxx::connection connection(cluster.Url());
    pqxx::work tx(connection);
    tx.exec("CREATE TABLE kept (note text)");
    tx.exec("INSERT INTO kept VALUES ('赣南日报')");
    tx.commit();
  }
  {
    // The next run on the same data directory finds the same cluster.
    LocalCluster again(Options(closed / "data"));
    EXPECT_EQ(again.home(), home);
    pqxx::connection connection(again.Url());
    pqxx::nontransaction tx(connection);
    EXPECT_EQ(tx.exec1("SELECT note FROM kept")[0].as<std::string>(), "赣南日报");
  }
  fs::remove_all(home);
}

TEST_F(LocalClusterTest, StopLeftoverStopsAServerOfAnotherObject) {
  LocalCluster cluster(Options(dir_ / "data"));
  cluster.Detach();
  EXPECT_TRUE(LocalCluster::StopLeftover(Options(dir_ / "data")));
  EXPECT_FALSE(LocalCluster::StopLeftover(Options(dir_ / "data")));
  EXPECT_FALSE(LocalCluster::StopLeftover(Options(dir_ / "never-created")));
}

}  // namespace
}  // namespace galley::store
