#include "app/galley_services.h"

#include <memory>
#include <vector>

#include "api/malformed_request.h"
#include "api/request_logging.h"

namespace galley::app {

GalleyServices::GalleyServices(store::Database& database, std::string page_token_secret,
                               std::int64_t max_photo_bytes)
    : page_tokens_(std::move(page_token_secret)),
      publications_(database),
      issues_(database),
      contributors_(database),
      articles_(database),
      photos_(database),
      publication_service_(publications_, page_tokens_),
      issue_service_(issues_, page_tokens_),
      contributor_service_(contributors_, page_tokens_),
      article_service_(articles_, page_tokens_),
      photo_service_(photos_, page_tokens_, max_photo_bytes) {}

void GalleyServices::RegisterWith(grpc::ServerBuilder& builder, bool json_logs) {
  builder.RegisterService(&publication_service_);
  builder.RegisterService(&issue_service_);
  builder.RegisterService(&contributor_service_);
  builder.RegisterService(&article_service_);
  builder.RegisterService(&photo_service_);
  // The logger comes last so that it logs the status the client gets.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<api::MalformedRequestFactory>());
  interceptors.push_back(std::make_unique<api::RequestLoggingFactory>(json_logs));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
}

}  // namespace galley::app
