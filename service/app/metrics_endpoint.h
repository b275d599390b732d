// GET /metrics in the Prometheus text format, on a port of its own
// (--metrics-listen), served by cpp-httplib from Debian on a thread of its
// own, so a scrape never takes a gRPC thread. What it shows comes from
// `render` at each scrape.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace galley::app {

class MetricsEndpoint {
 public:
  // Listens on `listen` ("127.0.0.1:9090"; port 0 picks a free one). Throws
  // std::runtime_error if it cannot.
  MetricsEndpoint(const std::string& listen, std::function<std::string()> render);
  ~MetricsEndpoint();  // stops listening and waits for the thread
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:9090", with the port it got.
  const std::string& address() const { return address_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::string address_;
  std::thread thread_;
};

}  // namespace galley::app
