#include "support/in_process_galley.h"

#include <gtest/gtest.h>

#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "auth/token_issuer.h"
#include "support/bearer_token.h"
#include "support/photo_upload.h"
#include "support/sample_images.h"
#include "store/service_secrets.h"

namespace galley::testing {

InProcessGalley::InProcessGalley(app::GalleyServices::Limits limits)
    : pool_(std::make_unique<store::ConnectionPool>(database_.url(), 8)),
      db_(std::make_unique<store::Database>(*pool_)),
      services_(std::make_unique<app::GalleyServices>(
          *db_, store::LoadPageTokenSecret(*db_, store::Clock::now() + std::chrono::seconds(10)), limits)) {
  app::EnableHealthAndReflection();
  grpc::ServerBuilder builder;
  services_->RegisterWith(builder, /*json_logs=*/false);
  server_ = builder.BuildAndStart();
  channel_ = ChannelAs(domain::Role::kAdmin, "test-admin");
}

std::string InProcessGalley::TokenFor(domain::Role role, const std::string& principal) const {
  return auth::IssueTokenDirectly(*db_, principal, role, std::nullopt, "test-setup", "test setup").secret;
}

std::shared_ptr<grpc::Channel> InProcessGalley::ChannelAs(domain::Role role, const std::string& principal) const {
  return ChannelWithSecret(TokenFor(role, principal));
}

std::shared_ptr<grpc::Channel> InProcessGalley::ChannelWithSecret(const std::string& secret) const {
  return server_->experimental().InProcessChannelWithInterceptors(grpc::ChannelArguments(), BearerToken(secret));
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

std::string InProcessGalley::CreateSection(const std::string& publication, const std::string& date,
                                           const std::string& id) const {
  auto stub = v1::IssueService::NewStub(channel_);
  v1::CreateIssueRequest issue;
  issue.set_parent("publications/" + publication);
  issue.mutable_issue()->set_issue_date(date);
  v1::Issue created_issue;
  grpc::ClientContext issue_context;
  const auto issue_status = stub->CreateIssue(&issue_context, issue, &created_issue);
  EXPECT_TRUE(issue_status.ok() || issue_status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << issue_status.error_message();
  v1::CreateSectionRequest section;
  section.set_parent(issue.parent() + "/issues/" + date);
  section.set_section_id(id);
  section.mutable_section()->set_display_name("要闻");
  section.mutable_section()->set_page_number(1);
  v1::Section created;
  grpc::ClientContext context;
  const auto status = stub->CreateSection(&context, section, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created.name();
}

void InProcessGalley::UploadPhoto(const std::string& publication, const std::string& id,
                                  const std::string& bytes) const {
  auto stub = v1::PhotoService::NewStub(channel_);
  const auto status =
      testing::UploadPhoto(*stub, {"publications/" + publication, id, bytes.empty() ? SamplePng(640, 480) : bytes});
  ASSERT_TRUE(status.ok()) << status.error_message();
}

}  // namespace galley::testing
