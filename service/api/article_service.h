// galley.v1.ArticleService: articles, their revisions and their workflow,
// search, and the import of print pages. Published versions are served from
// memory (api/published_article_cache.h); readers' reads of them may come
// from a streaming replica (store/replica_reads.h).
#pragma once

#include "api/article_requests.h"
#include "api/gatekeeper.h"
#include "api/published_article_cache.h"
#include "domain/page_token.h"
#include "domain/workflow.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "store/article_repository.h"
#include "store/replica_reads.h"

namespace galley::api {

class ArticleService final : public galley::v1::ArticleService::Service {
 public:
  // `reader_reads` serves readers' reads of published content (from a
  // streaming replica when there is one); `articles`, everything else.
  ArticleService(Gatekeeper& gate, store::ArticleRepository& articles, store::ReplicaReads& reader_reads,
                 PublishedArticleCache& published, const domain::PageTokenCodec& page_tokens)
      : gate_(gate), articles_(articles), reader_reads_(reader_reads), published_(published), page_tokens_(page_tokens) {}

  grpc::Status CreateArticle(grpc::ServerContext* context, const v1::CreateArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status GetArticle(grpc::ServerContext* context, const v1::GetArticleRequest* request,
                          v1::Article* response) override;
  grpc::Status ListArticles(grpc::ServerContext* context, const v1::ListArticlesRequest* request,
                            v1::ListArticlesResponse* response) override;
  grpc::Status SearchArticles(grpc::ServerContext* context, const v1::SearchArticlesRequest* request,
                              v1::SearchArticlesResponse* response) override;
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

  grpc::Status SubmitArticle(grpc::ServerContext* context, const v1::SubmitArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status ApproveArticle(grpc::ServerContext* context, const v1::ApproveArticleRequest* request,
                              v1::Article* response) override;
  grpc::Status RejectArticle(grpc::ServerContext* context, const v1::RejectArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status PublishArticle(grpc::ServerContext* context, const v1::PublishArticleRequest* request,
                              v1::Article* response) override;
  grpc::Status UnpublishArticle(grpc::ServerContext* context, const v1::UnpublishArticleRequest* request,
                                v1::Article* response) override;
  grpc::Status KillArticle(grpc::ServerContext* context, const v1::KillArticleRequest* request,
                           v1::Article* response) override;
  grpc::Status ImportArticles(grpc::ServerContext* context, const v1::ImportArticlesRequest* request,
                              v1::ImportArticlesResponse* response) override;

 private:
  // Every workflow method: parse the request into its action, then apply
  // the action to the locked article.
  template <typename Request>
  grpc::Status Act(grpc::ServerContext* context, const char* method, const Request& request,
                   ArticleActionCommand (*parse)(const Request&), v1::Article* response);
  void RequireHistoryVisible(const Call& call, const std::vector<std::string>& ids);

  Gatekeeper& gate_;
  store::ArticleRepository& articles_;
  store::ReplicaReads& reader_reads_;
  PublishedArticleCache& published_;
  const domain::PageTokenCodec& page_tokens_;
};

}  // namespace galley::api
