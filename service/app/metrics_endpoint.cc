#include "app/metrics_endpoint.h"

#include <httplib.h>

#include <stdexcept>

namespace galley::app {

namespace {

// "host:port" → host and port; "[::1]:9090" keeps the brackets off.
std::pair<std::string, int> SplitHostPort(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--metrics-listen must be host:port, got '" + listen + "'");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    std::size_t used = 0;
    const int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::invalid_argument("port");
    return {host, port};
  } catch (const std::exception&) {
    throw std::runtime_error("--metrics-listen must be host:port, got '" + listen + "'");
  }
}

}  // namespace

MetricsEndpoint::MetricsEndpoint(const std::string& listen, std::function<std::string()> render)
    : server_(std::make_unique<httplib::Server>()) {
  const auto [host, port] = SplitHostPort(listen);
  // httplib's default adds SO_REUSEPORT, which would let a second server
  // silently share a port already taken (as gRPC's would; see server.cc).
  server_->set_socket_options([](socket_t socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_->Get("/metrics", [render = std::move(render)](const httplib::Request&, httplib::Response& response) {
    response.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) throw std::runtime_error("cannot listen for metrics on " + listen + " (address in use or invalid)");
  address_ = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port_);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

MetricsEndpoint::~MetricsEndpoint() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace galley::app
