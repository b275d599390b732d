#include "api/article_service.h"

#include "api/article_conversion.h"
#include "api/list_request.h"
#include "api/masked_update.h"
#include "api/request_context.h"
#include "api/status.h"
#include "domain/etag.h"
#include "domain/publication.h"

namespace galley::api {

namespace {

// Published (or scheduled) content is part of the record: it must be
// unpublished or killed before it can go.
void RequireDeletable(const domain::Article& article) {
  if (article.state == "PUBLISHED" || article.state == "SCHEDULED") {
    domain::Error error(domain::ErrorCode::kFailedPrecondition, "WRONG_STATE",
                        article.Name() + " is " + article.state + ": unpublish or kill it before deleting it");
    error.AddPreconditionViolation({"STATE", article.Name(), "is " + article.state});
    throw error;
  }
}

std::int64_t RevisionNumber(const std::string& field, const std::string& id) {
  if (id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos || id == "0") {
    throw domain::InvalidField(field, "must end in a revision number: 1, 2, 3, …");
  }
  return std::stoll(id);
}

}  // namespace

grpc::Status ArticleService::CreateArticle(grpc::ServerContext* context, const v1::CreateArticleRequest* request,
                                           v1::Article* response) {
  return Handle("CreateArticle", [&] {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    domain::FieldViolations violations;
    if (!request->has_article()) violations.Add("article", "is required");
    domain::Article article;
    article.content = ContentFromProto(request->article());
    if (request->has_article()) domain::CheckArticleContent(violations, "article", article.content);
    if (!request->article_id().empty()) domain::CheckResourceId(violations, "article_id", request->article_id());
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    article.publication_id = parent[0];
    article.id = request->article_id().empty() ? domain::GenerateResourceId() : request->article_id();
    const auto key = IdempotencyKeyOf("CreateArticle", *request, request->request_id());
    ToProto(articles_.Create(article, key, CallerOf(*context), DeadlineOf(*context)), response);
  });
}

grpc::Status ArticleService::GetArticle(grpc::ServerContext* context, const v1::GetArticleRequest* request,
                                        v1::Article* response) {
  return Handle("GetArticle", [&] {
    const auto ids = domain::ArticleName().Parse("name", request->name());
    ToProto(articles_.Get(ids[0], ids[1], DeadlineOf(*context)), response);
  });
}

grpc::Status ArticleService::ListArticles(grpc::ServerContext* context, const v1::ListArticlesRequest* request,
                                          v1::ListArticlesResponse* response) {
  return Handle("ListArticles", [&] {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    const auto list = ParseListRequest("articles:" + request->parent(), request->page_size(), request->filter(),
                                       request->order_by(), request->page_token(), domain::ArticleQueryFields(),
                                       "update_time desc", page_tokens_);
    const auto page = articles_.List(parent[0], list.query, DeadlineOf(*context));
    for (const auto& article : page.items) ToProto(article, response->add_articles());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status ArticleService::UpdateArticle(grpc::ServerContext* context, const v1::UpdateArticleRequest* request,
                                           v1::Article* response) {
  return Handle("UpdateArticle", [&] {
    if (!request->has_article()) throw domain::InvalidField("article", "is required");
    const auto ids = domain::ArticleName().Parse("article.name", request->article().name());
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    const auto mask = domain::ResolveUpdateMask(paths, domain::ArticleFields());
    domain::Article incoming;
    incoming.content = ContentFromProto(request->article());
    const auto updated = articles_.Update(
        ids[0], ids[1],
        MaskedUpdate<domain::Article>("article", request->article().etag(), mask, incoming,
                                      domain::ApplyArticleUpdate,
                                      [](auto& violations, const auto& article) {
                                        domain::CheckArticleContent(violations, "article", article.content);
                                      }),
        CallerOf(*context), DeadlineOf(*context));
    ToProto(updated, response);
  });
}

grpc::Status ArticleService::DeleteArticle(grpc::ServerContext* context, const v1::DeleteArticleRequest* request,
                                           google::protobuf::Empty* /*response*/) {
  return Handle("DeleteArticle", [&] {
    const auto ids = domain::ArticleName().Parse("name", request->name());
    articles_.Delete(
        ids[0], ids[1],
        [&](const domain::Article& article) {
          domain::CheckEtag(article.Name(), request->etag(), article.Etag());
          RequireDeletable(article);
        },
        DeadlineOf(*context));
  });
}

grpc::Status ArticleService::ListArticleRevisions(grpc::ServerContext* context,
                                                  const v1::ListArticleRevisionsRequest* request,
                                                  v1::ListArticleRevisionsResponse* response) {
  return Handle("ListArticleRevisions", [&] {
    const auto ids = domain::ArticleName().Parse("parent", request->parent());
    const auto list = ParseListRequest("revisions:" + request->parent(), request->page_size(), "", "",
                                       request->page_token(), {{"name", domain::FieldType::kString, false, true}},
                                       "name", page_tokens_);
    const std::int64_t before = list.query.after.empty() ? 0 : RevisionNumber("page_token", list.query.after[0]);
    const auto revisions =
        articles_.ListRevisions(ids[0], ids[1], before, list.query.page_size + 1, DeadlineOf(*context));
    const std::size_t count = std::min<std::size_t>(revisions.size(), list.query.page_size);
    for (std::size_t i = 0; i < count; ++i) ToProto(revisions[i], response->add_revisions());
    if (revisions.size() > count) {
      response->set_next_page_token(
          page_tokens_.Encode(list.fingerprint, {std::to_string(revisions[count - 1].number)}));
    }
  });
}

grpc::Status ArticleService::GetArticleRevision(grpc::ServerContext* context,
                                                const v1::GetArticleRevisionRequest* request,
                                                v1::ArticleRevision* response) {
  return Handle("GetArticleRevision", [&] {
    const auto ids = domain::ArticleRevisionName().Parse("name", request->name());
    ToProto(articles_.GetRevision(ids[0], ids[1], RevisionNumber("name", ids[2]), DeadlineOf(*context)), response);
  });
}

grpc::Status ArticleService::RestoreArticleRevision(grpc::ServerContext* context,
                                                    const v1::RestoreArticleRevisionRequest* request,
                                                    v1::Article* response) {
  return Handle("RestoreArticleRevision", [&] {
    const auto ids = domain::ArticleRevisionName().Parse("name", request->name());
    const std::int64_t number = RevisionNumber("name", ids[2]);
    domain::FieldViolations violations;
    domain::RequireEtag(violations, "etag", request->etag());
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    const auto key = IdempotencyKeyOf("RestoreArticleRevision", *request, request->request_id());
    const auto restored = articles_.Restore(
        ids[0], ids[1], number,
        [&](const domain::Article& article) { domain::CheckEtag(article.Name(), request->etag(), article.Etag()); },
        key, CallerOf(*context), DeadlineOf(*context));
    ToProto(restored, response);
  });
}

}  // namespace galley::api
