// A private PostgreSQL cluster run from the system's binaries
// (/usr/lib/postgresql/15/bin): for `galley dev` and for the test harness.
// Its socket lives in the data directory, so it needs no port and no
// configuration. As root it runs PostgreSQL as the `postgres` user, since
// PostgreSQL refuses to run as root.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace galley::store {

class LocalClusterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LocalClusterOptions {
  std::filesystem::path data_dir;  // created if missing; the cluster lives inside it
  std::filesystem::path bin_dir = "/usr/lib/postgresql/15/bin";
  // No fsync and no full_page_writes: a crash of the machine may corrupt the
  // data. For throwaway test clusters only.
  bool fast_unsafe = false;
  // Take over a PostgreSQL found already running on the directory (left by
  // a crashed run): it is then stopped at destruction like one started here.
  bool adopt_running = false;
};

class LocalCluster {
 public:
  // Initializes the cluster if the directory holds none, recovers from a
  // stale postmaster.pid left by a crash, and starts PostgreSQL. If a
  // PostgreSQL already runs on the directory (another `galley dev`), uses it
  // instead and leaves it running at destruction. Throws LocalClusterError
  // with a one-line reason.
  explicit LocalCluster(LocalClusterOptions options);
  ~LocalCluster();  // stops PostgreSQL (fast shutdown) if this object started it

  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  // Where the cluster's files are: the data directory, or, when the postgres
  // user cannot reach that (as root, under /root), /var/tmp/galley-<hash>.
  const std::filesystem::path& home() const { return options_.data_dir; }

  // A libpq URL for `database` on this cluster's socket.
  std::string Url(const std::string& database = "postgres") const;
  // Creates `database` if it does not exist yet.
  void EnsureDatabase(const std::string& database);
  // Stops the PostgreSQL running on the data directory, whoever started it;
  // `immediate` is crash-like (the next start recovers from the WAL).
  // Idempotent.
  void Stop(bool immediate = false);
  void Start();  // after Stop()
  // Leaves PostgreSQL running after destruction, for a server meant to
  // outlive this process.
  void Detach();

  // A hot standby of this cluster in `options.data_dir` (which must hold no
  // cluster yet), started: a copy made with pg_basebackup that streams this
  // cluster's WAL over its socket, for tests of reads from a replica.
  std::unique_ptr<LocalCluster> StartStandby(const LocalClusterOptions& options) const;

  // Stops a PostgreSQL left running on `options.data_dir`, without starting
  // one when there is none. Returns whether one was running.
  static bool StopLeftover(const LocalClusterOptions& options);

 private:
  LocalClusterOptions options_;
  std::filesystem::path socket_dir_;
  bool owns_server_ = false;  // started here, so the destructor stops it
};

}  // namespace galley::store
