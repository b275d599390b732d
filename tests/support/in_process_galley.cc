#include "support/in_process_galley.h"

#include "store/service_secrets.h"

namespace galley::testing {

InProcessGalley::InProcessGalley()
    : pool_(std::make_unique<store::ConnectionPool>(database_.url(), 8)),
      db_(std::make_unique<store::Database>(*pool_)),
      services_(std::make_unique<app::GalleyServices>(
          *db_, store::LoadPageTokenSecret(*db_, store::Clock::now() + std::chrono::seconds(10)))) {
  grpc::ServerBuilder builder;
  services_->RegisterWith(builder, /*json_logs=*/false);
  server_ = builder.BuildAndStart();
  channel_ = server_->InProcessChannel(grpc::ChannelArguments());
}

InProcessGalley::~InProcessGalley() { server_->Shutdown(); }

}  // namespace galley::testing
