#include "commit_cutting_proxy.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

#include "store/connection_url.h"

namespace galley::testing {

namespace {

// The simple-protocol Query message libpq sends for "COMMIT": 'Q', its
// length (4 + 7) and the NUL-terminated text.
const std::string kCommitMessage("Q\0\0\0\x0b" "COMMIT\0", 12);

std::map<std::string, std::string> ConnectionOptions(const std::string& url) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(url.c_str(), &error),
                                                                         &PQconninfoFree);
  if (!options) {
    const std::string reason = error ? error : "unparsable";
    PQfreemem(error);
    throw std::invalid_argument("not a libpq URL: " + reason);
  }
  std::map<std::string, std::string> values;
  for (auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr) values[option->keyword] = option->val;
  }
  return values;
}

sockaddr_un SocketAddress(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) throw std::invalid_argument("socket path too long: " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

bool SendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

}  // namespace

CommitCuttingProxy::CommitCuttingProxy(const std::string& url, const std::string& dir) {
  auto options = ConnectionOptions(url);
  const std::string host = options["host"];
  const std::string port = options["port"].empty() ? "5432" : options["port"];
  if (host.empty() || host.front() != '/') throw std::invalid_argument("the database is not on a Unix socket: " + url);
  target_socket_ = host + "/.s.PGSQL." + port;
  url_ = "postgresql:///" + store::PercentEncoded(options["dbname"]) + "?host=" + store::PercentEncoded(dir) +
         "&port=" + port + "&user=" + store::PercentEncoded(options["user"]);

  const auto address = SocketAddress(dir + "/.s.PGSQL." + port);
  listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 64) != 0 || ::pipe(stop_) != 0) {
    throw std::runtime_error("cannot listen on " + dir + ": " + std::strerror(errno));
  }
  acceptor_ = std::thread([this] { Accept(); });
}

CommitCuttingProxy::~CommitCuttingProxy() {
  [[maybe_unused]] const ssize_t written = ::write(stop_[1], "x", 1);
  acceptor_.join();
  for (auto& forwarder : forwarders_) forwarder.join();
  ::close(listener_);
  ::close(stop_[0]);
  ::close(stop_[1]);
}

void CommitCuttingProxy::CutAtCommitAfter(const std::string& marker) {
  std::lock_guard<std::mutex> lock(mutex_);
  marker_ = marker;
}

void CommitCuttingProxy::Accept() {
  for (;;) {
    pollfd fds[2] = {{listener_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    const auto address = SocketAddress(target_socket_);
    const int server = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server < 0 || ::connect(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(client);
      if (server >= 0) ::close(server);
      continue;
    }
    forwarders_.emplace_back([this, client, server] { Forward(client, server); });
  }
}

bool CommitCuttingProxy::IsTheCommitToCut(std::string& since_commit, const std::string& chunk) {
  since_commit += chunk;
  const auto commit = since_commit.find(kCommitMessage);
  if (commit == std::string::npos) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  const bool cut = !marker_.empty() && since_commit.find(marker_) < commit;
  if (cut) marker_.clear();
  since_commit.erase(0, commit + kCommitMessage.size());
  return cut;
}

void CommitCuttingProxy::Forward(int client, int server) {
  std::string since_commit;  // what the client sent since its last COMMIT
  char buffer[64 * 1024];
  for (bool open = true; open;) {
    pollfd fds[3] = {{client, POLLIN, 0}, {server, POLLIN, 0}, {stop_[0], POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0 && errno != EINTR) break;
    if (fds[2].revents != 0) break;
    if (fds[0].revents != 0) {
      const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      const std::string chunk(buffer, static_cast<std::size_t>(got));
      const bool cut = IsTheCommitToCut(since_commit, chunk);
      if (!SendAll(server, chunk.data(), chunk.size())) break;
      if (cut) {
        // The database has the COMMIT; its answer is read and dropped, so
        // it commits before seeing the connection end.
        pollfd answer{server, POLLIN, 0};
        if (::poll(&answer, 1, 5000) > 0) ::recv(server, buffer, sizeof buffer, 0);
        ++cuts_;
        open = false;
      }
    }
    if (open && fds[1].revents != 0) {
      const ssize_t got = ::recv(server, buffer, sizeof buffer, 0);
      if (got <= 0 || !SendAll(client, buffer, static_cast<std::size_t>(got))) break;
    }
  }
  ::close(client);
  ::close(server);
}

}  // namespace galley::testing
