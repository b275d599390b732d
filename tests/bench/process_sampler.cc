#include "process_sampler.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace galley::bench {

namespace {

std::string ProcFile(pid_t pid, const char* name) {
  const std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + " (did the process exit?)");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Fields 3 and on of /proc/<pid>/stat (index 0 is field 3). Field 2, the
// command, is in parentheses and may hold spaces: split after the last ')'.
std::vector<std::string> StatFields(pid_t pid) {
  const std::string stat = ProcFile(pid, "stat");
  const auto end_of_command = stat.rfind(')');
  if (end_of_command == std::string::npos) throw std::runtime_error("unexpected /proc stat: " + stat);
  std::istringstream in(stat.substr(end_of_command + 1));
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  if (fields.size() < 15) throw std::runtime_error("unexpected /proc stat: " + stat);
  return fields;
}

// Field `number` (as proc(5) counts) of `fields`.
unsigned long long Field(const std::vector<std::string>& fields, int number) {
  return std::stoull(fields.at(static_cast<std::size_t>(number - 3)));
}

double Ticks(unsigned long long ticks) {
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

double CpuSeconds(pid_t pid, bool reaped_children) {
  const auto fields = StatFields(pid);
  unsigned long long ticks = Field(fields, 14) + Field(fields, 15);      // utime, stime
  if (reaped_children) ticks += Field(fields, 16) + Field(fields, 17);  // cutime, cstime
  return Ticks(ticks);
}

double CpuSecondsWithChildren(pid_t parent) {
  double seconds = CpuSeconds(parent, /*reaped_children=*/true);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(name));
    try {
      if (ParentOf(pid) == parent) seconds += CpuSeconds(pid);
    } catch (const std::exception&) {
      // It exited while we looked: its parent's cutime has it, or will.
    }
  }
  return seconds;
}

double PeakRssMib(pid_t pid) {
  std::istringstream lines(ProcFile(pid, "status"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream value(line.substr(6));
      double kib = 0;
      value >> kib;
      return kib / 1024.0;
    }
  }
  throw std::runtime_error("no VmHWM in /proc/" + std::to_string(pid) + "/status");
}

pid_t ParentOf(pid_t pid) { return static_cast<pid_t>(Field(StatFields(pid), 4)); }

void UsageSampler::Start() {
  server_started_ = CpuSeconds(server_);
  database_started_ = CpuSecondsWithChildren(postmaster_);
}

Usage UsageSampler::Finish() const {
  Usage usage;
  usage.server_cpu_seconds = CpuSeconds(server_) - server_started_;
  usage.server_peak_rss_mib = PeakRssMib(server_);
  usage.database_cpu_seconds = CpuSecondsWithChildren(postmaster_) - database_started_;
  return usage;
}

}  // namespace galley::bench
