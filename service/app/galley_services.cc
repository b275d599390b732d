#include "app/galley_services.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <memory>
#include <vector>

#include "api/malformed_request.h"
#include "api/request_logging.h"
#include "grpc/health/v1/health.pb.h"

namespace galley::app {

void EnableHealthAndReflection() {
  // Linked in so that reflection can describe the health service too.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
}

GalleyServices::GalleyServices(store::Database& database, store::Database* read_replica, std::string page_token_secret,
                               Limits limits)
    : page_tokens_(std::move(page_token_secret)),
      publications_(database),
      issues_(database),
      contributors_(database),
      articles_(database),
      photos_(database),
      publisher_(database),
      tokens_(database),
      audit_(database),
      changes_(database),
      notifier_(database.pool().url()),
      replica_reads_(database, read_replica, [this] { return notifier_.fresh_head(); }),
      token_verifier_(tokens_),
      principal_limits_(limits.per_principal),
      gate_(token_verifier_, audit_, principal_limits_),
      published_articles_(notifier_),
      publication_service_(gate_, publications_, page_tokens_),
      issue_service_(gate_, issues_, publisher_, published_articles_, page_tokens_),
      contributor_service_(gate_, contributors_, page_tokens_),
      article_service_(gate_, articles_, replica_reads_, published_articles_, page_tokens_),
      photo_service_(gate_, photos_, page_tokens_, limits.max_photo_bytes),
      access_service_(gate_, tokens_, audit_, page_tokens_),
      feed_service_(gate_, changes_, replica_reads_, notifier_, limits.max_streams) {}

void GalleyServices::RegisterWith(grpc::ServerBuilder& builder, bool json_logs) {
  builder.RegisterService(&publication_service_);
  builder.RegisterService(&issue_service_);
  builder.RegisterService(&contributor_service_);
  builder.RegisterService(&article_service_);
  builder.RegisterService(&photo_service_);
  builder.RegisterService(&access_service_);
  builder.RegisterService(&feed_service_);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // The logger comes last so that it logs the status the client gets.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<api::MalformedRequestFactory>());
  interceptors.push_back(std::make_unique<api::RequestLoggingFactory>(json_logs, &rpc_metrics_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
}

}  // namespace galley::app
