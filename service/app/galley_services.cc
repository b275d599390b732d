#include "app/galley_services.h"

namespace galley::app {

GalleyServices::GalleyServices(store::Database& database, std::string page_token_secret)
    : page_tokens_(std::move(page_token_secret)),
      publications_(database),
      publication_service_(publications_, page_tokens_) {}

void GalleyServices::RegisterWith(grpc::ServerBuilder& builder) { builder.RegisterService(&publication_service_); }

}  // namespace galley::app
