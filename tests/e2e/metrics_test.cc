// GET /metrics of the real `galley serve`, scraped over HTTP as Prometheus
// would: the calls just made are counted by method and code and timed, the
// connection pool and the scheduler report themselves, and nothing else is
// served on the port.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "e2e_client.h"
#include "galley_process.h"
#include "metrics_scrape.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

TEST(MetricsTest, TheCallsMadeAreCountedAndTimedAndThePoolAndSchedulerReport) {
  TestDatabase database;
  GalleyProcess server({"serve", "--database-url", database.url(), "--listen", "127.0.0.1:0", "--metrics-listen",
                        "127.0.0.1:0", "--pool-size", "3"});
  const auto channel = ChannelTo(server.WaitForAddress(), CreateToken(database.url(), "desk", "admin"));
  const int port = server.WaitForPortOf("metrics");
  ASSERT_GT(port, 0) << server.Log();

  ASSERT_TRUE(CreatePublication(channel, "gannan-daily", "赣南日报").ok());
  EXPECT_EQ(GetPublication(channel, "publications/elsewhere").error_code(), grpc::StatusCode::NOT_FOUND);
  // The scheduler polls from the start, a few times a second, however long
  // the first poll takes on a busy machine.
  ASSERT_TRUE(WaitForMetricAbove(port, "galley_scheduler_polls_total", 0, std::chrono::seconds(10)))
      << ScrapeMetrics(port);

  httplib::Client client("127.0.0.1", port);
  const auto scraped = client.Get("/metrics");
  ASSERT_TRUE(scraped) << "no answer on port " << port;
  EXPECT_EQ(scraped->status, 200);
  EXPECT_EQ(scraped->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& text = scraped->body;
  const std::string create = "method=\"/galley.v1.PublicationService/CreatePublication\"";
  const std::string get = "method=\"/galley.v1.PublicationService/GetPublication\"";
  EXPECT_EQ(MetricValue(text, "galley_rpc_requests_total{" + create + ",code=\"OK\"}"), 1) << text;
  EXPECT_EQ(MetricValue(text, "galley_rpc_requests_total{" + get + ",code=\"NOT_FOUND\"}"), 1) << text;
  EXPECT_EQ(MetricValue(text, "galley_rpc_duration_seconds_count{" + create + "}"), 1) << text;
  EXPECT_EQ(MetricValue(text, "galley_rpc_duration_seconds_bucket{" + create + ",le=\"+Inf\"}"), 1) << text;
  EXPECT_GT(MetricValue(text, "galley_rpc_duration_seconds_sum{" + create + "}"), 0) << text;
  EXPECT_NE(text.find("# TYPE galley_rpc_duration_seconds histogram"), std::string::npos);
  EXPECT_EQ(MetricValue(text, "galley_db_pool_size"), 3) << text;
  EXPECT_EQ(MetricValue(text, "galley_db_pool_waiting"), 0) << text;
  // The calls above opened a connection, which stays open: idle, or in use
  // by the scheduler's poll of the moment.
  EXPECT_GE(MetricValue(text, "galley_db_pool_idle"), 0) << text;
  EXPECT_GE(MetricValue(text, "galley_db_pool_in_use"), 0) << text;
  EXPECT_GE(MetricValue(text, "galley_db_pool_idle") + MetricValue(text, "galley_db_pool_in_use"), 1) << text;
  EXPECT_EQ(MetricValue(text, "galley_db_read_pool_size"), -1) << "no read replica, no read pool: " << text;
  EXPECT_EQ(MetricValue(text, "galley_feed_streams"), 0) << text;
  EXPECT_EQ(MetricValue(text, "galley_feed_lag_max"), 0) << "no stream, no lag: " << text;
  EXPECT_GT(MetricValue(text, "galley_scheduler_polls_total"), 0) << text;
  EXPECT_EQ(MetricValue(text, "galley_scheduler_failed_polls_total"), 0) << text;

  const auto elsewhere = client.Get("/");
  ASSERT_TRUE(elsewhere);
  EXPECT_EQ(elsewhere->status, 404);
}

TEST(MetricsTest, APortThatIsTakenStopsTheServerWithItsExitCode) {
  TestDatabase database;
  httplib::Server squatter;
  const int taken = squatter.bind_to_any_port("127.0.0.1");
  ASSERT_GT(taken, 0);
  std::thread listening([&] { squatter.listen_after_bind(); });
  const auto result = RunGalley({"serve", "--database-url", database.url(), "--listen", "127.0.0.1:0",
                                 "--metrics-listen", "127.0.0.1:" + std::to_string(taken)});
  EXPECT_EQ(result.exit_code, 5) << result.output;
  EXPECT_NE(result.output.find("cannot listen for metrics"), std::string::npos) << result.output;
  squatter.stop();
  listening.join();
}

}  // namespace
}  // namespace galley::testing
