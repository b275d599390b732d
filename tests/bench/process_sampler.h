// What the server and its database used over a scenario's measured phase,
// read from /proc: galley's CPU time (utime + stime of all its threads,
// /proc/<pid>/stat) and peak resident memory so far (VmHWM,
// /proc/<pid>/status), and PostgreSQL's CPU time (the postmaster, its
// backends, and the backends that have exited), so that a figure says which
// of the two spent the machine.
#pragma once

#include <sys/types.h>

namespace galley::bench {

struct Usage {
  double server_cpu_seconds = 0;    // between Start() and Finish()
  double server_peak_rss_mib = 0;   // galley's high-water mark at Finish()
  double database_cpu_seconds = 0;  // between Start() and Finish()
};

class UsageSampler {
 public:
  UsageSampler(pid_t server, pid_t postmaster) : server_(server), postmaster_(postmaster) {}

  void Start();
  Usage Finish() const;

 private:
  pid_t server_;
  pid_t postmaster_;
  double server_started_ = 0;
  double database_started_ = 0;
};

// A process's CPU time so far, in seconds; with `reaped_children`, also
// that of the children it has waited for. Throws std::runtime_error if /proc
// cannot tell (the process is gone).
double CpuSeconds(pid_t pid, bool reaped_children = false);
// A process's and all its children's CPU time: live children now, exited
// ones as their parent reaped them.
double CpuSecondsWithChildren(pid_t parent);
// Its peak resident set (VmHWM) in MiB. Throws std::runtime_error likewise.
double PeakRssMib(pid_t pid);
// Its parent's pid. Throws std::runtime_error likewise.
pid_t ParentOf(pid_t pid);

}  // namespace galley::bench
