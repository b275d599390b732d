// LocalCluster: drives initdb and pg_ctl (as the postgres user when we are
// root) and keeps their output, and the server's log, in data_dir/postgres.log.
#include "store/local_cluster.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "domain/digest.h"
#include "store/connection_url.h"

namespace galley::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPostgresUser = "postgres";
// Only names the socket file: the cluster listens on no TCP port.
constexpr int kPort = 5432;
// sun_path holds 108 bytes, the terminating NUL included.
constexpr std::size_t kMaxSocketPath = 107;
constexpr auto kServerWait = std::chrono::seconds(60);
constexpr auto kPoll = std::chrono::milliseconds(100);

fs::path PgData(const LocalClusterOptions& options) { return options.data_dir / "pgdata"; }
fs::path LogFile(const LocalClusterOptions& options) { return options.data_dir / "postgres.log"; }

fs::path Normalized(const fs::path& dir) {
  fs::path normal = fs::absolute(dir).lexically_normal();
  return normal.has_filename() ? normal : normal.parent_path();  // drops a trailing '/'
}

std::string ErrnoText() { return std::strerror(errno); }

// Whom PostgreSQL runs as: ourselves, or `postgres` when we are root.
struct RunAs {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

RunAs PostgresUser() {
  RunAs user;
  if (geteuid() != 0) return user;
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwnam_r(kPostgresUser, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    throw LocalClusterError(
        "PostgreSQL refuses to run as root and there is no `postgres` user to run it as: install postgresql");
  }
  user.switch_user = true;
  user.uid = found->pw_uid;
  user.gid = found->pw_gid;
  return user;
}

// Runs `args` as `user`, stdout and stderr appended to `log`; returns the exit
// status, or -1 when the program did not exit normally.
int RunProgram(const std::vector<std::string>& args, const RunAs& user, const fs::path& log) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log_fd < 0) throw LocalClusterError("cannot write " + log.string() + ": " + ErrnoText());

  // Between fork and exec only async-signal-safe calls: the caller may run threads.
  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0) _exit(127);
    // The postmaster lives on after us: it must not hold our sockets or pipes
    // open (CTest, for one, waits for its output pipe to close).
    close_range(3, ~0U, 0);
    if (user.switch_user && (setgroups(1, &user.gid) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0)) {
      _exit(127);
    }
    // The caller may block SIGINT and SIGTERM for its own shutdown; the
    // programs it starts must get them.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    // Our working directory may be closed to the postgres user.
    if (chdir("/") != 0) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) throw LocalClusterError("cannot start " + args[0] + ": " + ErrnoText());
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The line written to `log` after `offset` that best tells why a step failed:
// the server's FATAL over the tool's "error:" over whatever came last.
std::string FailureReason(const fs::path& log, std::uintmax_t offset) {
  std::ifstream in(log);
  in.seekg(static_cast<std::streamoff>(offset));
  std::string line, fatal, error, last;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    last = line;
    if (line.find("FATAL:") != std::string::npos || line.find("PANIC:") != std::string::npos) {
      fatal = line;
    } else if (line.find("error") != std::string::npos) {
      error = line;
    }
  }
  return !fatal.empty() ? fatal : !error.empty() ? error : last.empty() ? "no output" : last;
}

void RunStep(const std::vector<std::string>& args, const std::string& what, const LocalClusterOptions& options,
             const RunAs& user) {
  const fs::path log = LogFile(options);
  std::error_code error;
  std::uintmax_t offset = fs::file_size(log, error);
  if (error) offset = 0;
  if (RunProgram(args, user, log) != 0) {
    throw LocalClusterError("could not " + what + ": " + FailureReason(log, offset) + " (see " + log.string() + ")");
  }
}

void ThrowIf(const std::error_code& error, const std::string& what) {
  if (error) throw LocalClusterError("cannot " + what + ": " + error.message());
}

// A directory only PostgreSQL's user may use, as pgdata must be; the socket
// directory too, so nobody else can plant a socket in it.
void MakePrivateDir(const fs::path& dir, const RunAs& user) {
  std::error_code error;
  fs::create_directories(dir, error);
  ThrowIf(error, "create " + dir.string());
  if (user.switch_user && chown(dir.c_str(), user.uid, user.gid) != 0) {
    throw LocalClusterError("cannot hand " + dir.string() + " to the postgres user: " + ErrnoText());
  }
  struct stat info {};
  if (stat(dir.c_str(), &info) != 0 || info.st_uid != (user.switch_user ? user.uid : geteuid())) {
    throw LocalClusterError(dir.string() + " belongs to another user");
  }
  fs::permissions(dir, fs::perms::owner_all, error);
  ThrowIf(error, "restrict " + dir.string());
}

// Created here, so that pg_ctl, running as PostgreSQL's user, can append to it.
void PrepareLog(const fs::path& log, const RunAs& user) {
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  const bool ok = fd >= 0 && (!user.switch_user || fchown(fd, user.uid, user.gid) == 0);
  const std::string reason = ErrnoText();
  if (fd >= 0) close(fd);
  if (!ok) throw LocalClusterError("cannot prepare " + log.string() + ": " + reason);
}

// data_dir/run, unless the socket path would not fit in sun_path: then a
// directory in /tmp named after data_dir, the same on every run.
fs::path SocketDirFor(const fs::path& data_dir) {
  const fs::path dir = data_dir / "run";
  if ((dir / (".s.PGSQL." + std::to_string(kPort))).string().size() <= kMaxSocketPath) return dir;
  return fs::path("/tmp") / ("galley-" + domain::Sha256Hex(data_dir.string()).substr(0, 12));
}

// A string in postgresql.conf syntax.
std::string ConfQuoted(const std::string& value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') quoted += c;
    quoted += c;
  }
  return quoted + "'";
}

// Rewritten at every start, so the settings follow the options and the socket
// directory of this run; postgresql.conf includes it (see InitDb).
void WriteSettings(const LocalClusterOptions& options, const fs::path& socket_dir, const RunAs& user) {
  const fs::path file = PgData(options) / "galley.conf";
  {
    std::ofstream out(file, std::ios::trunc);
    out << "# Written by Galley (LocalCluster) at every start: edits here are lost.\n"
        << "listen_addresses = ''\n"
        << "unix_socket_directories = " << ConfQuoted(socket_dir.string()) << "\n"
        << "port = " << kPort << "\n"
        << "max_connections = 200\n";  // test processes run in parallel, each with a pool
    // synchronous_commit stays on: tests stop PostgreSQL crash-like and count
    // on what was committed, and with fsync off it costs little anyway.
    if (options.fast_unsafe) out << "fsync = off\nfull_page_writes = off\n";
    if (!out.flush()) throw LocalClusterError("cannot write " + file.string());
  }
  if (user.switch_user && chown(file.c_str(), user.uid, user.gid) != 0) {
    throw LocalClusterError("cannot hand " + file.string() + " to the postgres user: " + ErrnoText());
  }
}

void InitDb(const LocalClusterOptions& options, const RunAs& user) {
  const fs::path pgdata = PgData(options);
  std::vector<std::string> args{(options.bin_dir / "initdb").string(),
                                "--pgdata=" + pgdata.string(),
                                "--auth=trust",
                                "--username=postgres",
                                "--encoding=UTF8",
                                "--locale=C.UTF-8",
                                "--no-instructions"};
  if (options.fast_unsafe) args.push_back("--no-sync");
  RunStep(args, "initialize a PostgreSQL cluster in " + pgdata.string(), options, user);
  std::ofstream conf(pgdata / "postgresql.conf", std::ios::app);
  conf << "\n# Galley's settings (LocalCluster)\ninclude_if_exists = 'galley.conf'\n";
  if (!conf.flush()) throw LocalClusterError("cannot write " + (pgdata / "postgresql.conf").string());
}

fs::path WorkingDirectory(pid_t pid) {
  std::error_code error;
  fs::path cwd = fs::read_symlink("/proc/" + std::to_string(pid) + "/cwd", error);
  return error ? fs::path() : cwd;
}

// Whether `pid` runs the `postgres` program; a zombie no longer runs anything
// (and may stay a zombie forever when PID 1 does not reap orphans).
bool RunsPostgres(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  const auto open = stat.find('(');
  const auto close = stat.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close + 2 >= stat.size()) return false;
  const char state = stat[close + 2];
  return stat.substr(open + 1, close - open - 1) == "postgres" && state != 'Z' && state != 'X';
}

// The postmaster that wrote pgdata's postmaster.pid if it still runs, else 0.
// After a crash the PID may be gone, a zombie, or reused by any process.
pid_t LivePostmaster(const fs::path& pgdata) {
  std::ifstream in(pgdata / "postmaster.pid");
  long pid = 0;
  if (!(in >> pid) || pid <= 0) return 0;
  // EPERM: another user's process, so not a postmaster of ours.
  if (kill(static_cast<pid_t>(pid), 0) != 0 || !RunsPostgres(static_cast<pid_t>(pid))) return 0;
  // PostgreSQL works in its data directory: this tells ours from another cluster's.
  std::error_code error;
  const fs::path cwd = WorkingDirectory(static_cast<pid_t>(pid));
  if (!cwd.empty() && cwd != fs::canonical(pgdata, error)) return 0;
  return static_cast<pid_t>(pid);
}

// Processes still working in pgdata: the children of a killed postmaster,
// until they notice its death and exit.
std::vector<pid_t> ProcessesIn(const fs::path& pgdata) {
  std::vector<pid_t> found;
  std::error_code error;
  const fs::path target = fs::canonical(pgdata, error);
  if (error) return found;
  for (fs::directory_iterator it("/proc", error); !error && it != fs::directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(name));
    if (WorkingDirectory(pid) == target) found.push_back(pid);
  }
  return found;
}

// A crash left postmaster.pid behind. PostgreSQL ignores the file by itself
// only when its PID is gone altogether, not when a zombie or an unrelated
// process holds that PID, so remove it here; but first wait for the dead
// postmaster's children to exit, the danger the file guards against: two
// generations of server processes must never share a data directory.
void RemoveStalePidFile(const fs::path& pgdata) {
  const fs::path pid_file = pgdata / "postmaster.pid";
  if (!fs::exists(pid_file)) return;
  const auto deadline = std::chrono::steady_clock::now() + kServerWait;
  for (auto left = ProcessesIn(pgdata); !left.empty(); left = ProcessesIn(pgdata)) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw LocalClusterError("processes of a crashed PostgreSQL (pid " + std::to_string(left.front()) +
                              ") still run in " + pgdata.string() + ": stop them, then retry");
    }
    std::this_thread::sleep_for(kPoll);
  }
  std::error_code error;
  fs::remove(pid_file, error);
  ThrowIf(error, "remove the stale " + pid_file.string());
}

bool StopServer(const LocalClusterOptions& options, bool immediate) {
  const fs::path pgdata = PgData(options);
  if (LivePostmaster(pgdata) == 0) return false;
  RunStep({(options.bin_dir / "pg_ctl").string(), "stop", "--wait", "--timeout=60", "--pgdata=" + pgdata.string(),
           immediate ? "--mode=immediate" : "--mode=fast"},
          "stop PostgreSQL in " + pgdata.string(), options, PostgresUser());
  // Leaves no empty directory behind in /tmp (Start() makes it again).
  std::error_code ignored;
  fs::remove(SocketDirFor(options.data_dir), ignored);
  return true;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

bool ReachableBy(const RunAs& user, const fs::path& dir) {
  return !user.switch_user || RunProgram({"/usr/bin/test", "-x", dir.string()}, user, "/dev/null") == 0;
}

// Where the cluster's files live: in the data directory, or, when the
// postgres user cannot reach it (a checkout under /root, which is closed to
// other users), in /var/tmp/galley-<hash of the data directory>: kept across
// reboots, and found again by the same hash on the next run.
fs::path ClusterHome(const fs::path& data_dir, const RunAs& user) {
  if (ReachableBy(user, data_dir)) return data_dir;
  return fs::path("/var/tmp") / ("galley-" + domain::Sha256Hex(data_dir.string()).substr(0, 12));
}

// Checks that PostgreSQL is installed, creates the data directory and
// returns where the cluster's files go (ClusterHome), created too.
fs::path PrepareHome(const LocalClusterOptions& options) {
  if (options.data_dir.empty()) throw LocalClusterError("no data directory given for the private PostgreSQL");
  const fs::path data_dir = Normalized(options.data_dir);
  const fs::path initdb = options.bin_dir / "initdb";
  if (access(initdb.c_str(), X_OK) != 0) {
    throw LocalClusterError("PostgreSQL 15 is not installed (no " + initdb.string() + "): install postgresql-15");
  }
  const RunAs user = PostgresUser();
  std::error_code error;
  if (fs::create_directories(data_dir, error) && user.switch_user) {
    // Whatever our umask, the postgres user must be able to pass through.
    fs::permissions(data_dir, fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add, error);
  }
  ThrowIf(error, "create " + data_dir.string());
  const fs::path home = ClusterHome(data_dir, user);
  if (home != data_dir) {
    spdlog::info("the postgres user cannot reach {}; keeping PostgreSQL's files in {}", data_dir.string(),
                 home.string());
    if (fs::create_directories(home, error)) {
      fs::permissions(home, fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add, error);
    }
    ThrowIf(error, "create " + home.string());
  }
  return home;
}

}  // namespace

LocalCluster::LocalCluster(LocalClusterOptions options) : options_(std::move(options)) {
  options_.data_dir = PrepareHome(options_);
  const RunAs user = PostgresUser();
  PrepareLog(LogFile(options_), user);

  socket_dir_ = SocketDirFor(options_.data_dir);
  MakePrivateDir(PgData(options_), user);
  if (!fs::exists(PgData(options_) / "PG_VERSION")) InitDb(options_, user);
  Start();
}

LocalCluster::~LocalCluster() {
  if (!owns_server_) return;
  try {
    Stop();
  } catch (const std::exception& error) {
    spdlog::warn("could not stop the private PostgreSQL: {}", error.what());
  }
}

std::string LocalCluster::Url(const std::string& database) const {
  return "postgresql:///" + PercentEncoded(database) + "?host=" + PercentEncoded(socket_dir_.string()) +
         "&port=" + std::to_string(kPort) + "&user=" + kPostgresUser;
}

void LocalCluster::EnsureDatabase(const std::string& database) {
  try {
    pqxx::connection connection(Url());
    pqxx::nontransaction tx(connection);
    if (!tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", database).empty()) return;
    tx.exec("CREATE DATABASE " + tx.quote_name(database));
  } catch (const pqxx::sql_error& error) {
    if (error.sqlstate() == "42P04") return;  // duplicate_database: another process was quicker
    throw LocalClusterError("could not create database " + database + ": " + FirstLine(error.what()));
  } catch (const std::exception& error) {
    throw LocalClusterError("could not create database " + database + ": " + FirstLine(error.what()));
  }
}

// A PostgreSQL already running on the data directory (a second `galley dev`
// on the same data, say) is used as it is rather than refused: it is the same
// data either way. It stays its starter's to stop unless adopt_running says
// its starter is gone.
void LocalCluster::Start() {
  if (owns_server_) return;
  const fs::path pgdata = PgData(options_);
  const auto deadline = std::chrono::steady_clock::now() + kServerWait;
  // It may be starting (wait until it answers) or shutting down (then start anew).
  for (pid_t running = LivePostmaster(pgdata); running != 0; running = LivePostmaster(pgdata)) {
    if (PQping(Url().c_str()) == PQPING_OK) {
      owns_server_ = options_.adopt_running;
      return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw LocalClusterError("PostgreSQL (pid " + std::to_string(running) + ") runs in " + pgdata.string() +
                              " but does not answer on " + socket_dir_.string());
    }
    std::this_thread::sleep_for(kPoll);
  }

  const RunAs user = PostgresUser();
  RemoveStalePidFile(pgdata);
  MakePrivateDir(socket_dir_, user);
  WriteSettings(options_, socket_dir_, user);
  RunStep({(options_.bin_dir / "pg_ctl").string(), "start", "--wait", "--timeout=60", "--pgdata=" + pgdata.string(),
           "--log=" + LogFile(options_).string()},
          "start PostgreSQL in " + pgdata.string(), options_, user);
  owns_server_ = true;
}

void LocalCluster::Stop(bool immediate) {
  StopServer(options_, immediate);
  owns_server_ = false;
}

void LocalCluster::Detach() { owns_server_ = false; }

std::unique_ptr<LocalCluster> LocalCluster::StartStandby(const LocalClusterOptions& options) const {
  LocalClusterOptions standby = options;
  standby.data_dir = PrepareHome(options);
  const RunAs user = PostgresUser();
  PrepareLog(LogFile(standby), user);
  if (fs::exists(PgData(standby) / "PG_VERSION")) {
    throw LocalClusterError(PgData(standby).string() + " holds a cluster already");
  }
  // pg_basebackup fills an empty directory it may write to.
  MakePrivateDir(PgData(standby), user);
  // --write-recovery-conf: standby.signal, and primary_conninfo naming this
  // cluster's socket, so that the copy starts as a hot standby streaming
  // from here. WAL streamed during the copy makes it consistent by itself.
  std::vector<std::string> args{(options.bin_dir / "pg_basebackup").string(), "--pgdata=" + PgData(standby).string(),
                                "--dbname=" + Url(), "--write-recovery-conf", "--wal-method=stream",
                                "--checkpoint=fast"};
  if (options.fast_unsafe) args.push_back("--no-sync");
  RunStep(args, "copy the cluster in " + options_.data_dir.string() + " as a standby", standby, user);
  return std::make_unique<LocalCluster>(options);  // finds the copy and starts it
}

bool LocalCluster::StopLeftover(const LocalClusterOptions& options) {
  LocalClusterOptions resolved = options;
  resolved.data_dir = ClusterHome(Normalized(options.data_dir), PostgresUser());
  return StopServer(resolved, /*immediate=*/false);
}

}  // namespace galley::store
