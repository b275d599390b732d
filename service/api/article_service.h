// galley.v1.ArticleService: articles and their revisions. The workflow
// methods, search and import arrive with their own issues.
#pragma once

#include "domain/page_token.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "store/article_repository.h"

namespace galley::api {

class ArticleService final : public galley::v1::ArticleService::Service {
 public:
  ArticleService(store::ArticleRepository& articles, const domain::PageTokenCodec& page_tokens)
      : articles_(articles), page_tokens_(page_tokens) {}

  grpc::Status CreateArticle(grpc::ServerContext* context, const v1::CreateArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status GetArticle(grpc::ServerContext* context, const v1::GetArticleRequest* request,
                          v1::Article* response) override;
  grpc::Status ListArticles(grpc::ServerContext* context, const v1::ListArticlesRequest* request,
                            v1::ListArticlesResponse* response) override;
  grpc::Status UpdateArticle(grpc::ServerContext* context, const v1::UpdateArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status DeleteArticle(grpc::ServerContext* context, const v1::DeleteArticleRequest* request,
                             google::protobuf::Empty* response) override;
  grpc::Status ListArticleRevisions(grpc::ServerContext* context, const v1::ListArticleRevisionsRequest* request,
                                    v1::ListArticleRevisionsResponse* response) override;
  grpc::Status GetArticleRevision(grpc::ServerContext* context, const v1::GetArticleRevisionRequest* request,
                                  v1::ArticleRevision* response) override;
  grpc::Status RestoreArticleRevision(grpc::ServerContext* context,
                                      const v1::RestoreArticleRevisionRequest* request,
                                      v1::Article* response) override;

 private:
  store::ArticleRepository& articles_;
  const domain::PageTokenCodec& page_tokens_;
};

}  // namespace galley::api
