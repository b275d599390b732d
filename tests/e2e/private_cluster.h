// A PostgreSQL cluster of one test's own, in a temporary directory, with the
// database `galley` migrated: for the tests that stop, restart or replicate
// PostgreSQL, which the suite's shared cluster must never be put through.
#pragma once

#include <memory>
#include <string>

#include "store/local_cluster.h"
#include "support/temp_dir.h"

namespace galley::testing {

class PrivateCluster {
 public:
  PrivateCluster();

  store::LocalCluster& cluster() { return *cluster_; }
  const store::LocalCluster& cluster() const { return *cluster_; }
  // The migrated database `galley`.
  const std::string& url() const { return url_; }

  // A streaming standby of this cluster, started, in a directory of its own.
  std::unique_ptr<store::LocalCluster> StartStandby() const;

 private:
  TempDir dir_;
  store::LocalClusterOptions options_;
  std::unique_ptr<store::LocalCluster> cluster_;
  std::string url_;
};

}  // namespace galley::testing
