#include "support/in_process_galley.h"

#include <gtest/gtest.h>

#include "galley/v1/publication_service.grpc.pb.h"
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

void InProcessGalley::CreatePublication(const std::string& id) const {
  v1::CreatePublicationRequest request;
  request.set_publication_id(id);
  request.mutable_publication()->set_display_name("赣南日报");
  request.mutable_publication()->set_language("zh-Hans");
  request.mutable_publication()->set_time_zone("Asia/Shanghai");
  grpc::ClientContext context;
  v1::Publication created;
  const auto status = v1::PublicationService::NewStub(channel_)->CreatePublication(&context, request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

}  // namespace galley::testing
