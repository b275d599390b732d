// galley.v1.IssueService: issues and their sections. Converts requests to
// the domain, calls the store, converts the results back.
#pragma once

#include "api/gatekeeper.h"
#include "api/published_article_cache.h"
#include "domain/page_token.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "store/issue_repository.h"
#include "store/publishing.h"

namespace galley::api {

class IssueService final : public galley::v1::IssueService::Service {
 public:
  IssueService(Gatekeeper& gate, store::IssueRepository& issues, store::Publisher& publisher,
               PublishedArticleCache& published, const domain::PageTokenCodec& page_tokens)
      : gate_(gate), issues_(issues), publisher_(publisher), published_(published), page_tokens_(page_tokens) {}

  grpc::Status CreateIssue(grpc::ServerContext* context, const v1::CreateIssueRequest* request,
                           v1::Issue* response) override;
  grpc::Status GetIssue(grpc::ServerContext* context, const v1::GetIssueRequest* request,
                        v1::Issue* response) override;
  grpc::Status ListIssues(grpc::ServerContext* context, const v1::ListIssuesRequest* request,
                          v1::ListIssuesResponse* response) override;
  grpc::Status UpdateIssue(grpc::ServerContext* context, const v1::UpdateIssueRequest* request,
                           v1::Issue* response) override;
  grpc::Status DeleteIssue(grpc::ServerContext* context, const v1::DeleteIssueRequest* request,
                           google::protobuf::Empty* response) override;

  grpc::Status CreateSection(grpc::ServerContext* context, const v1::CreateSectionRequest* request,
                             v1::Section* response) override;
  grpc::Status GetSection(grpc::ServerContext* context, const v1::GetSectionRequest* request,
                          v1::Section* response) override;
  grpc::Status ListSections(grpc::ServerContext* context, const v1::ListSectionsRequest* request,
                            v1::ListSectionsResponse* response) override;
  grpc::Status UpdateSection(grpc::ServerContext* context, const v1::UpdateSectionRequest* request,
                             v1::Section* response) override;
  grpc::Status DeleteSection(grpc::ServerContext* context, const v1::DeleteSectionRequest* request,
                             google::protobuf::Empty* response) override;

  grpc::Status PublishIssue(grpc::ServerContext* context, const v1::PublishIssueRequest* request,
                            v1::PublishIssueResponse* response) override;

 private:
  domain::Issue VisibleIssue(const Call& call, const std::string& publication_id, const std::string& issue_id);

  Gatekeeper& gate_;
  store::IssueRepository& issues_;
  store::Publisher& publisher_;
  PublishedArticleCache& published_;
  const domain::PageTokenCodec& page_tokens_;
};

}  // namespace galley::api
