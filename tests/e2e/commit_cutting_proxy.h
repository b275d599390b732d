// A forwarder between Galley and PostgreSQL's Unix socket that can lose the
// answer to one COMMIT: the database receives the COMMIT and commits, and
// the connection is cut before its reply gets back. The client cannot know
// whether its change happened, which is what a retry with the same
// request_id is for (issue 8, "the acknowledgement lost").
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace galley::testing {

class CommitCuttingProxy {
 public:
  // Forwards the database at the libpq URL `url` (which must reach it by a
  // Unix socket) from a socket of the same port in `dir`.
  CommitCuttingProxy(const std::string& url, const std::string& dir);
  ~CommitCuttingProxy();  // closes every connection

  CommitCuttingProxy(const CommitCuttingProxy&) = delete;
  CommitCuttingProxy& operator=(const CommitCuttingProxy&) = delete;

  // `url` with its socket directory this proxy's.
  const std::string& url() const { return url_; }

  // The next COMMIT sent on a connection that, since its last COMMIT, sent
  // `marker` (a prepared statement's name, NUL included, say) reaches the
  // database, and then that connection is cut both ways. Once.
  void CutAtCommitAfter(const std::string& marker);
  int cuts() const { return cuts_; }

 private:
  void Accept();
  void Forward(int client, int server);
  // True if this chunk of what the client sent is to be the last.
  bool IsTheCommitToCut(std::string& since_commit, const std::string& chunk);

  std::string target_socket_;
  std::string url_;
  int listener_ = -1;
  int stop_[2] = {-1, -1};  // a pipe: written to, every loop ends
  std::mutex mutex_;
  std::string marker_;  // armed when not empty
  std::atomic<int> cuts_{0};
  std::thread acceptor_;
  std::vector<std::thread> forwarders_;  // the acceptor's, joined after it
};

}  // namespace galley::testing
