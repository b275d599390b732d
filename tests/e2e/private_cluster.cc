#include "private_cluster.h"

#include "store/migrator.h"

namespace galley::testing {

PrivateCluster::PrivateCluster() {
  options_.data_dir = dir_.path() + "/primary";
  options_.fast_unsafe = true;  // synchronous_commit stays on: a commit is in the WAL before it is acknowledged
  cluster_ = std::make_unique<store::LocalCluster>(options_);
  cluster_->EnsureDatabase("galley");
  url_ = cluster_->Url("galley");
  store::Migrator(url_, store::EmbeddedMigrations()).Up(false);
}

std::unique_ptr<store::LocalCluster> PrivateCluster::StartStandby() const {
  store::LocalClusterOptions standby = options_;
  standby.data_dir = dir_.path() + "/standby";
  return cluster_->StartStandby(standby);
}

}  // namespace galley::testing
