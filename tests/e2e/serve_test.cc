// `galley serve` as operators run it: the real binary, over TCP, on a
// PostgreSQL of the test's own that the test can stop and restart.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <pqxx/pqxx>
#include <thread>

#include "e2e_client.h"
#include "galley_process.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "lock_waits.h"
#include "private_cluster.h"
#include "support/sample_images.h"
#include "support/temp_dir.h"

namespace galley::testing {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = database_.url();
    token_ = CreateToken(url_, "e2e-admin", "admin");
  }

  std::unique_ptr<GalleyProcess> StartServe(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"serve", "--database-url", url_, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = std::make_unique<GalleyProcess>(args);
    address_ = process->WaitForAddress();
    return process;
  }

  pid_t PostmasterPid() const {
    std::ifstream in(database_.cluster().home() / "pgdata" / "postmaster.pid");
    pid_t pid = 0;
    in >> pid;
    return pid;
  }

  // The postmaster and its children (each backend is a session of its own,
  // so a process group does not reach them).
  std::vector<pid_t> PostgresProcesses() const {
    const pid_t postmaster = PostmasterPid();
    std::vector<pid_t> pids{postmaster};
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream stat(entry.path() / "stat");
      std::string pid, command, state;
      pid_t parent = 0;
      stat >> pid >> command >> state >> parent;  // a postgres command name has no spaces
      if (parent == postmaster) pids.push_back(std::stoi(name));
    }
    return pids;
  }

  PrivateCluster database_;  // stopped and started by the tests
  TempDir dir_;
  std::string url_;
  std::string address_;
  std::string token_;
};

TEST_F(ServeTest, ServesHealthAndPublicationsOverTcp) {
  auto server = StartServe();
  auto channel = ChannelTo(address_, token_);
  EXPECT_EQ(HealthOf(channel), "SERVING");
  v1::Publication created;
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报", &created).ok());
  v1::Publication fetched;
  ASSERT_TRUE(GetPublication(channel, "publications/gannan-daily", &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "赣南日报");
  EXPECT_EQ(GetPublication(channel, "publications/elsewhere").error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServeTest, CallsNeedAValidTokenButHealthDoesNot) {
  auto server = StartServe();
  EXPECT_EQ(HealthOf(ChannelTo(address_)), "SERVING");
  EXPECT_EQ(GetPublication(ChannelTo(address_), "publications/gannan-daily").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetPublication(ChannelTo(address_, "galley_forged"), "publications/gannan-daily").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const std::string reader = CreateToken(url_, "website", "reader");
  EXPECT_EQ(CreatePublication(ChannelTo(address_, reader), "gannan-daily", "赣南日报").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetPublication(ChannelTo(address_, reader), "publications/gannan-daily").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServeTest, GalleyCallReachesAnyUnaryMethodWithJson) {
  auto server = StartServe();
  const std::string server_flag = "--server=" + address_;
  const std::string token_flag = "--token=" + token_;
  auto created = RunGalley({"call", "galley.v1.PublicationService/CreatePublication",
                            R"({"publication_id": "gannan-daily", "publication": {"display_name": "赣南日报",
                                "language": "zh-Hans", "time_zone": "Asia/Shanghai"}})",
                            server_flag, token_flag});
  EXPECT_EQ(created.exit_code, 0) << created.output;
  auto issue = RunGalley({"call", "galley.v1.IssueService/CreateIssue",
                          R"({"parent": "publications/gannan-daily", "issue": {"issue_date": "2026-05-12"}})",
                          server_flag, token_flag});
  EXPECT_EQ(issue.exit_code, 0) << issue.output;
  EXPECT_NE(issue.output.find(R"("name": "publications/gannan-daily/issues/2026-05-12")"), std::string::npos)
      << issue.output;
  auto missing = RunGalley({"call", "galley.v1.IssueService/GetIssue",
                            R"({"name": "publications/gannan-daily/issues/2030-01-01"})", server_flag, token_flag});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("NOT_FOUND"), std::string::npos) << missing.output;
  // Precondition failures print what is wrong, one line per subject.
  auto not_ready = RunGalley({"call", "galley.v1.IssueService/PublishIssue",
                              R"({"name": "publications/gannan-daily/issues/2026-05-12", "etag": "*"})",
                              server_flag, token_flag});
  EXPECT_EQ(not_ready.exit_code, 1);
  EXPECT_NE(not_ready.output.find("FAILED_PRECONDITION"), std::string::npos) << not_ready.output;
  EXPECT_NE(not_ready.output.find("\n  publications/gannan-daily/issues/2026-05-12: has no articles"),
            std::string::npos)
      << not_ready.output;
  EXPECT_EQ(RunGalley({"call", "galley.v1.IssueService/NoSuchMethod", server_flag, token_flag}).exit_code, 2);
  EXPECT_EQ(RunGalley({"call", "galley.v1.IssueService/GetIssue", "{not json", server_flag, token_flag}).exit_code, 2);
}

TEST_F(ServeTest, GalleyPhotoUploadsAndDownloadsAFile) {
  auto server = StartServe();
  const std::string server_flag = "--server=" + address_;
  const std::string token_flag = "--token=" + token_;
  ASSERT_TRUE(CreatePublication(ChannelTo(address_, token_), "gannan-daily", "赣南日报").ok());
  const std::string png = SamplePng(320, 200);
  const std::string file = dir_.Write("kangjin.png", png);
  auto upload = RunGalley({"photo", "upload", file, "--parent", "publications/gannan-daily", "--id", "kangjin",
                           "--credit", "薛顺鑫摄", "--output", "json", server_flag, token_flag});
  EXPECT_EQ(upload.exit_code, 0) << upload.output;
  EXPECT_NE(upload.output.find(R"("width": 320)"), std::string::npos) << upload.output;
  const std::string copy = dir_.path() + "/copy.png";
  auto download =
      RunGalley({"photo", "download", "publications/gannan-daily/photos/kangjin", "--file", copy, server_flag, token_flag});
  EXPECT_EQ(download.exit_code, 0) << download.output;
  std::ifstream in(copy, std::ios::binary);
  const std::string downloaded((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(downloaded, png);
  const std::string text = dir_.Write("notes.jpg", "not an image at all");
  auto refused = RunGalley({"photo", "upload", text, "--parent", "publications/gannan-daily", server_flag, token_flag});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("INVALID_ARGUMENT"), std::string::npos) << refused.output;
}

TEST_F(ServeTest, ReflectionDescribesEveryService) {
  auto server = StartServe();
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(ChannelTo(address_));  // no token needed
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&context);

  grpc::reflection::v1alpha::ServerReflectionRequest list;
  list.set_list_services("");
  ASSERT_TRUE(stream->Write(list));
  grpc::reflection::v1alpha::ServerReflectionResponse services;
  ASSERT_TRUE(stream->Read(&services));
  std::set<std::string> names;
  for (const auto& service : services.list_services_response().service()) names.insert(service.name());
  EXPECT_TRUE(names.count("galley.v1.PublicationService")) << services.DebugString();
  EXPECT_TRUE(names.count("galley.v1.IssueService")) << services.DebugString();
  EXPECT_TRUE(names.count("grpc.health.v1.Health")) << services.DebugString();

  for (const std::string symbol : {"galley.v1.PublicationService", "grpc.health.v1.Health"}) {
    grpc::reflection::v1alpha::ServerReflectionRequest file;
    file.set_file_containing_symbol(symbol);
    ASSERT_TRUE(stream->Write(file));
    grpc::reflection::v1alpha::ServerReflectionResponse descriptor;
    ASSERT_TRUE(stream->Read(&descriptor));
    EXPECT_GT(descriptor.file_descriptor_response().file_descriptor_proto_size(), 0) << symbol;
  }
  stream->WritesDone();
}

TEST_F(ServeTest, HealthFollowsTheDatabaseAndRecoversWithoutRestart) {
  auto server = StartServe();
  auto channel = ChannelTo(address_, token_);
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报").ok());
  ASSERT_EQ(HealthOf(channel), "SERVING");

  database_.cluster().Stop(/*immediate=*/true);
  EXPECT_TRUE(WaitForHealth(channel, "NOT_SERVING", std::chrono::seconds(10)));
  EXPECT_EQ(GetPublication(channel, "publications/gannan-daily").error_code(), grpc::StatusCode::UNAVAILABLE);
  // Liveness is not readiness: a database outage must not get every
  // replica restarted (deploy/kubernetes probes galley.liveness for it).
  EXPECT_EQ(HealthOf(channel, "galley.liveness"), "SERVING");

  database_.cluster().Start();
  EXPECT_TRUE(WaitForHealth(channel, "SERVING", std::chrono::seconds(10)));
  // Pooled connections broken by the restart are replaced: each request
  // either succeeds or gets UNAVAILABLE, and within a few they all succeed.
  grpc::StatusCode last = grpc::StatusCode::UNKNOWN;
  for (int attempt = 0; attempt < 20 && last != grpc::StatusCode::OK; ++attempt) {
    last = GetPublication(channel, "publications/gannan-daily").error_code();
    EXPECT_TRUE(last == grpc::StatusCode::OK || last == grpc::StatusCode::UNAVAILABLE) << last;
  }
  EXPECT_EQ(last, grpc::StatusCode::OK);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(GetPublication(channel, "publications/gannan-daily").ok());
  EXPECT_TRUE(server->running());
}

TEST_F(ServeTest, SigtermLetsInFlightCallsFinishRefusesNewOnesAndExitsZero) {
  auto server = StartServe({"--shutdown-grace", "20"});
  auto channel = ChannelTo(address_, token_);
  v1::Publication created;
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报", &created).ok());

  // Hold the row so that an update is still in flight when SIGTERM arrives.
  pqxx::connection blocker(url_);
  pqxx::work lock(blocker);
  lock.exec("SELECT 1 FROM publications WHERE id = 'gannan-daily' FOR UPDATE");

  auto in_flight = std::async(std::launch::async, [&] {
    auto stub = v1::PublicationService::NewStub(channel);
    v1::UpdatePublicationRequest request;
    *request.mutable_publication() = created;
    request.mutable_publication()->set_display_name("赣南日报社");
    request.mutable_update_mask()->add_paths("display_name");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::Publication response;
    return stub->UpdatePublication(&context, request, &response);
  });
  // In flight for sure once PostgreSQL has it waiting for the lock.
  ASSERT_TRUE(WaitForGalleyWaitingOnLocks(url_, 1, std::chrono::seconds(30)))
      << "the update never reached the locked row";
  ASSERT_EQ(in_flight.wait_for(std::chrono::seconds(0)), std::future_status::timeout);

  server->Signal(SIGTERM);
  // A new connection finds nobody listening any more, once the server has
  // taken the signal in.
  grpc::Status late;
  for (const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       std::chrono::steady_clock::now() < give_up;) {
    late = GetPublication(ChannelTo(address_, token_), "publications/gannan-daily");
    if (!late.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(late.ok()) << "a new call was still served 10 s after SIGTERM";
  EXPECT_TRUE(server->running());

  lock.commit();  // releases the row: the in-flight update completes
  const grpc::Status in_flight_status = in_flight.get();
  EXPECT_TRUE(in_flight_status.ok()) << in_flight_status.error_message();
  EXPECT_EQ(server->WaitForExit(std::chrono::seconds(20)), 0);
  pqxx::work check(blocker);
  EXPECT_EQ(check.exec1("SELECT display_name FROM publications WHERE id = 'gannan-daily'")[0].as<std::string>(),
            "赣南日报社");
}

TEST_F(ServeTest, ACallStuckInTheDatabaseDoesNotOutlastTheGracePeriod) {
  auto server = StartServe({"--shutdown-grace", "1"});
  auto channel = ChannelTo(address_, token_);
  v1::Publication created;
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报", &created).ok());
  pqxx::connection blocker(url_);
  pqxx::work lock(blocker);  // held until the test ends
  lock.exec("SELECT 1 FROM publications WHERE id = 'gannan-daily' FOR UPDATE");
  std::thread stuck([&] {
    auto stub = v1::PublicationService::NewStub(channel);
    v1::UpdatePublicationRequest request;
    *request.mutable_publication() = created;
    request.mutable_publication()->set_display_name("never");
    request.mutable_update_mask()->add_paths("display_name");
    grpc::ClientContext context;  // no deadline: only shutdown can end it
    v1::Publication response;
    stub->UpdatePublication(&context, request, &response);
  });
  // Stuck for sure once PostgreSQL has it waiting for the lock.
  EXPECT_TRUE(WaitForGalleyWaitingOnLocks(url_, 1, std::chrono::seconds(30)))
      << "the update never reached the locked row";
  server->Signal(SIGTERM);
  // Well before the 30 s statement timeout that would otherwise free it.
  EXPECT_EQ(server->WaitForExit(std::chrono::seconds(15)), 0) << server->Log();
  EXPECT_NE(server->Log().find("exiting without them"), std::string::npos) << server->Log();
  stuck.join();
  lock.abort();
  pqxx::nontransaction check(blocker);
  EXPECT_EQ(check.exec1("SELECT display_name FROM publications WHERE id = 'gannan-daily'")[0].as<std::string>(),
            "赣南日报");
}

TEST_F(ServeTest, AHungDatabaseIsNotServingAndDoesNotHangShutdown) {
  auto server = StartServe();
  auto channel = ChannelTo(address_, token_);
  ASSERT_EQ(HealthOf(channel), "SERVING");
  // Freeze PostgreSQL whole, postmaster and backends: it accepts nothing and
  // answers nothing, like a partitioned host.
  const auto frozen = PostgresProcesses();
  ASSERT_GT(frozen.size(), 1u);
  for (const pid_t pid : frozen) ::kill(pid, SIGSTOP);
  const bool not_serving = WaitForHealth(channel, "NOT_SERVING", std::chrono::seconds(15));
  server->Signal(SIGTERM);
  const auto exit_code = server->WaitForExit(std::chrono::seconds(20));
  for (const pid_t pid : frozen) ::kill(pid, SIGCONT);
  EXPECT_TRUE(not_serving) << frozen.size() << " PostgreSQL processes frozen\n" << server->Log();
  EXPECT_EQ(exit_code, 0) << server->Log();
}

TEST_F(ServeTest, LogsOneJsonLinePerRpc) {
  auto server = StartServe({"--log-format", "json"});
  auto channel = ChannelTo(address_, token_);
  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报").ok());
  ASSERT_EQ(GetPublication(channel, "publications/missing").error_code(), grpc::StatusCode::NOT_FOUND);
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitForExit(std::chrono::seconds(20)), 0);

  int create_lines = 0;
  int get_lines = 0;
  std::istringstream log(server->Log());
  for (std::string line; std::getline(log, line);) {
    ASSERT_TRUE(line.front() == '{' && line.back() == '}') << "not a JSON line: " << line;
    if (line.find(R"("rpc":"/galley.v1.PublicationService/CreatePublication","status":"OK")") != std::string::npos) {
      ++create_lines;
    }
    if (line.find(R"("rpc":"/galley.v1.PublicationService/GetPublication","status":"NOT_FOUND")") !=
        std::string::npos) {
      ++get_lines;
      EXPECT_NE(line.find(R"("latency_ms":)"), std::string::npos) << line;
      EXPECT_NE(line.find(R"("peer":"ipv4:127.0.0.1:)"), std::string::npos) << line;
    }
  }
  EXPECT_EQ(create_lines, 1);
  EXPECT_EQ(get_lines, 1);
}

TEST_F(ServeTest, RefusesToServeWithPendingMigrations) {
  database_.cluster().EnsureDatabase("unmigrated");
  const auto result = RunGalley({"serve", "--database-url", database_.cluster().Url("unmigrated"), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 4) << result.output;
  EXPECT_NE(result.output.find("galley migrate up"), std::string::npos) << result.output;
}

TEST_F(ServeTest, ServesASchemaNewerThanItselfWithAWarning) {
  {
    pqxx::connection connection(url_);
    pqxx::work tx(connection);
    tx.exec("INSERT INTO galley_schema_migrations (version, name, checksum, duration_ms) "
            "VALUES (9999, 'from_a_newer_release', 'x', 0)");
    tx.commit();
  }
  auto server = StartServe();
  EXPECT_EQ(HealthOf(ChannelTo(address_, token_)), "SERVING");
  EXPECT_NE(server->Log().find("newer than this binary"), std::string::npos) << server->Log();
}

TEST_F(ServeTest, PortInUseIsExitCodeFive) {
  auto first = StartServe();
  const auto result = RunGalley({"serve", "--database-url", url_, "--listen", address_});
  EXPECT_EQ(result.exit_code, 5) << result.output;
  EXPECT_NE(result.output.find("cannot listen on"), std::string::npos) << result.output;
}

TEST(ServeUsageTest, BadConfigurationFailsWithOneLineAndItsExitCode) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string says;
  };
  const std::vector<Case> cases{
      {{"serve", "--no-such-flag"}, 2, "unknown flag --no-such-flag"},
      {{"serve"}, 2, "--database-url"},
      {{"serve", "--database-url", "postgresql://[::1"}, 2, "malformed database URL"},
      {{"serve", "--database-url", "host=/nonexistent/socket dbname=galley"}, 3, "cannot reach the database"},
      {{"serve", "--database-url", "postgresql:///x", "--threads", "many"}, 2, "--threads"},
      {{"serve", "--database-url", "postgresql:///x", "--log-format", "xml"}, 2, "--log-format"},
      {{"serve", "--database-url", "postgresql:///x", "--read-database-url", "postgresql://[::1"}, 2,
       "--read-database-url: malformed database URL"},
      {{"serve", "--database-url", "postgresql:///x", "--read-pool-size", "-1"}, 2, "--read-pool-size"},
      {{"frobnicate"}, 2, "unknown command"},
  };
  for (const auto& c : cases) {
    const auto result = RunGalley(c.args, {}, std::chrono::seconds(30));
    EXPECT_EQ(result.exit_code, c.exit_code) << result.output;
    EXPECT_NE(result.output.find(c.says), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("terminate called"), std::string::npos) << result.output;
    EXPECT_LE(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  }
}

TEST(ServeUsageTest, HelpListsFlagsWithTheirVariables) {
  const auto result = RunGalley({"serve", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const std::string variable :
       {"GALLEY_DATABASE_URL", "GALLEY_READ_DATABASE_URL", "GALLEY_READ_POOL_SIZE", "GALLEY_LISTEN", "GALLEY_THREADS",
        "GALLEY_POOL_SIZE", "GALLEY_LOG_FORMAT"}) {
    EXPECT_NE(result.output.find(variable), std::string::npos) << variable;
  }
}

}  // namespace
}  // namespace galley::testing
