// All of Galley's services in the test process, on a fresh migrated
// database, reached through a real (in-process) gRPC channel: what the
// integration tests of the API call. channel() calls as an admin; ChannelAs
// calls with a token of any role.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "app/galley_services.h"
#include "domain/caller.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "support/test_database.h"

namespace galley::testing {

class InProcessGalley {
 public:
  // `limits`: what `galley serve`'s flags would set; the defaults when not given.
  explicit InProcessGalley(app::GalleyServices::Limits limits = {});
  ~InProcessGalley();

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A channel whose calls carry a new token for `principal` with `role`.
  std::shared_ptr<grpc::Channel> ChannelAs(domain::Role role, const std::string& principal) const;
  // A channel that sends this exact authorization secret ("" sends none).
  std::shared_ptr<grpc::Channel> ChannelWithSecret(const std::string& secret) const;
  // A new token's secret, created straight in the database.
  std::string TokenFor(domain::Role role, const std::string& principal) const;
  // Creates publications/{id} (赣南日报, zh-Hans, Asia/Shanghai), the parent
  // most tests need; fails the test if it cannot.
  void CreatePublication(const std::string& id) const;
  // Creates the issue of `date` (if it is not there yet) and a section of it,
  // `publications/{publication}/issues/{date}/sections/{id}`, and returns its name.
  std::string CreateSection(const std::string& publication, const std::string& date, const std::string& id) const;
  // Uploads `bytes` (a small PNG by default) as publications/{publication}/photos/{id}.
  void UploadPhoto(const std::string& publication, const std::string& id, const std::string& bytes = "") const;
  const TestDatabase& database() const { return database_; }
  // The newest change log sequence the services' notifier has heard of
  // (feed/change_notifier.h), by a notification or a poll.
  std::int64_t feed_head() const { return services_->feed_head(); }

 private:
  TestDatabase database_;
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::GalleyServices> services_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace galley::testing
