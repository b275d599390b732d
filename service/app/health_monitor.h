// Keeps the standard gRPC health service truthful: SERVING while the
// database answers, NOT_SERVING while it does not, checked every second by a
// thread of its own, so the status recovers by itself when the database
// returns.
//
// With a read replica (--read-database-url) a second thread checks it the
// same way. Its outage leaves the server SERVING: every call still works,
// since while the replica does not answer its reads go to the primary
// (store/replica_reads.h says why). It shows as the named status
// kReadReplicaService (NOT_SERVING), in the log and in /metrics, for
// operators rather than for load balancers, which must not take every
// replica out of service because one standby is down.
#pragma once

#include <grpcpp/health_check_service_interface.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/replica_reads.h"

namespace galley::app {

class HealthMonitor {
 public:
  // The health status name that reports the read replica.
  static constexpr const char* kReadReplicaService = "galley.read_replica";
  // SERVING from start to shutdown whatever the database does: for liveness
  // probes, which must not restart every replica during a database outage
  // (that is what the whole server's status, "", reports to readiness).
  static constexpr const char* kLivenessService = "galley.liveness";

  HealthMonitor(std::string database_url, grpc::HealthCheckServiceInterface* health,
                std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~HealthMonitor();  // stops the threads

  // Also checks the replica at `url`, and tells `reads` whether it answers.
  void WatchReadReplica(std::string url, store::ReplicaReads& reads);

  // Stops checking and reports NOT_SERVING from now on (shutdown begins).
  void Stop();

 private:
  class Watch;  // one database, checked by a thread of its own

  grpc::HealthCheckServiceInterface* health_;
  std::chrono::milliseconds interval_;
  std::unique_ptr<Watch> primary_;
  std::unique_ptr<Watch> replica_;
};

}  // namespace galley::app
