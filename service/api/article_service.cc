#include "api/article_service.h"

#include "api/article_conversion.h"
#include "api/list_request.h"
#include "api/masked_update.h"
#include "api/request_context.h"
#include "api/time_conversion.h"
#include "api/status.h"
#include "domain/etag.h"
#include "domain/issue.h"
#include "domain/page_import.h"
#include "domain/article_access.h"
#include "domain/publication.h"
#include "domain/search_text.h"
#include "domain/workflow.h"

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

std::optional<domain::ArticleView> ViewOf(v1::ArticleView view) {
  switch (view) {
    case v1::ARTICLE_VIEW_WORKING_COPY: return domain::ArticleView::kWorkingCopy;
    case v1::ARTICLE_VIEW_PUBLISHED: return domain::ArticleView::kPublished;
    default: return std::nullopt;
  }
}

// Readers' reads of published content may come from a streaming replica
// (store/replica_reads.h): a reader tolerates its lag and writes nothing it
// would expect to read back. Every newsroom role reads the primary, so that
// an editor always sees their own changes, publications included.
bool MayReadLagging(const domain::Caller& caller) { return !caller.AtLeast(domain::Role::kReporter); }

}  // namespace

// A reporter reads the history of their own articles only; editors, all.
void ArticleService::RequireHistoryVisible(const Call& call, const std::vector<std::string>& ids) {
  if (call.caller().AtLeast(domain::Role::kEditor)) return;
  domain::RequireWorkingCopyVisible(
      call.caller(), articles_.Get(ids[0], ids[1], domain::ArticleView::kWorkingCopy, call.deadline()));
}

grpc::Status ArticleService::CreateArticle(grpc::ServerContext* context, const v1::CreateArticleRequest* request,
                                           v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/CreateArticle", request, [&](const Call& call) {
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
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateArticle", *request, request->request_id());
    ToProto(articles_.Create(article, key, call.Mutation(article.Name(), request->request_id())), response);
  });
}

grpc::Status ArticleService::GetArticle(grpc::ServerContext* context, const v1::GetArticleRequest* request,
                                        v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/GetArticle", request, [&](const Call& call) {
    const auto ids = domain::ArticleName().Parse("name", request->name());
    const auto requested = ViewOf(request->view());
    const domain::Caller& caller = call.caller();
    if (domain::ViewFor(caller, requested) == domain::ArticleView::kWorkingCopy) {
      const auto article = articles_.Get(ids[0], ids[1], domain::ArticleView::kWorkingCopy, call.deadline());
      // A reporter who did not say which view gets another's article as readers see it.
      if (requested || caller.AtLeast(domain::Role::kEditor) || article.owner == caller.principal) {
        domain::RequireWorkingCopyVisible(caller, article);
        ToProto(article, response);
        return;
      }
    }
    const bool may_lag = MayReadLagging(caller);
    *response = *published_.Get(
        request->name(),
        [&] {
          PublishedArticleCache::Read read;
          if (may_lag) {
            const auto found = reader_reads_.GetPublished(ids[0], ids[1], call.deadline());
            ToProto(found.value, &read.article);
            read.as_of = found.head;
          } else {
            ToProto(articles_.Get(ids[0], ids[1], domain::ArticleView::kPublished, call.deadline()), &read.article);
          }
          return read;
        },
        may_lag);
  });
}

grpc::Status ArticleService::ListArticles(grpc::ServerContext* context, const v1::ListArticlesRequest* request,
                                          v1::ListArticlesResponse* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/ListArticles", request, [&](const Call& call) {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    const auto list = ParseListRequest("articles:" + request->parent(), request->page_size(), request->filter(),
                                       request->order_by(), request->page_token(), domain::ArticleQueryFields(),
                                       "update_time desc", page_tokens_);
    const auto view = domain::ViewFor(call.caller(), ViewOf(request->view()));
    auto query = list.query;
    if (view == domain::ArticleView::kWorkingCopy && !call.caller().AtLeast(domain::Role::kEditor)) {
      query.filter.push_back({"owner", domain::Comparison::kEqual, call.caller().principal});
    }
    const auto page = view == domain::ArticleView::kPublished && MayReadLagging(call.caller())
                          ? reader_reads_.ListPublished(parent[0], query, call.deadline())
                          : articles_.List(parent[0], query, view, call.deadline());
    for (const auto& article : page.items) ToProto(article, response->add_articles());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status ArticleService::SearchArticles(grpc::ServerContext* context, const v1::SearchArticlesRequest* request,
                                            v1::SearchArticlesResponse* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/SearchArticles", request, [&](const Call& call) {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    const domain::SearchQuery search = domain::ParseSearchQuery("query", request->query());
    const auto view = domain::ViewFor(call.caller(), ViewOf(request->view()));
    // A page token continues only the same search, in the same view.
    const std::string scope = "search:" + request->parent() + '\n' + search.Fingerprint() + '\n' +
                              (view == domain::ArticleView::kPublished ? "published" : "working");
    const auto list = ParseListRequest(scope, request->page_size(), request->filter(), "", request->page_token(),
                                       domain::ArticleSearchFields(), "relevance desc", page_tokens_);
    auto query = list.query;
    if (view == domain::ArticleView::kWorkingCopy && !call.caller().AtLeast(domain::Role::kEditor)) {
      query.filter.push_back({"owner", domain::Comparison::kEqual, call.caller().principal});
    }
    const auto page = view == domain::ArticleView::kPublished && MayReadLagging(call.caller())
                          ? reader_reads_.SearchPublished(parent[0], search, query, call.deadline())
                          : articles_.Search(parent[0], search, query, view, call.deadline());
    for (const auto& match : page.items) {
      auto* result = response->add_results();
      ToProto(match.article, result->mutable_article());
      result->set_snippet(domain::SearchSnippet(match.article.content, search));
      result->set_score(match.score);
    }
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status ArticleService::UpdateArticle(grpc::ServerContext* context, const v1::UpdateArticleRequest* request,
                                           v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/UpdateArticle", request, [&](const Call& call) {
    if (!request->has_article()) throw domain::InvalidField("article", "is required");
    const auto ids = domain::ArticleName().Parse("article.name", request->article().name());
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    const auto mask = domain::ResolveUpdateMask(paths, domain::ArticleFields());
    domain::Article incoming;
    incoming.content = ContentFromProto(request->article());
    const auto change = MaskedUpdate<domain::Article>(
        "article", request->article().etag(), mask, incoming, domain::ApplyArticleUpdate,
        [&](auto& violations, const auto& article) {
          domain::RequireEditable(article);
          domain::CheckArticleContent(violations, "article", article.content);
        });
    const auto updated = articles_.Update(
        ids[0], ids[1],
        [&](domain::Article& article) {
          // Before the etag: a stale etag must not tell a reporter that
          // another reporter's article exists.
          domain::RequireMayChange(call.caller(), article);
          change(article);
        },
        call.Mutation(request->article().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status ArticleService::DeleteArticle(grpc::ServerContext* context, const v1::DeleteArticleRequest* request,
                                           google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.ArticleService/DeleteArticle", request, [&](const Call& call) {
    const auto ids = domain::ArticleName().Parse("name", request->name());
    articles_.Delete(
        ids[0], ids[1],
        [&](const domain::Article& article) {
          domain::RequireMayChange(call.caller(), article);
          domain::CheckEtag(article.Name(), request->etag(), article.Etag());
          RequireDeletable(article);
        },
        call.Mutation(request->name(), ""));
  });
}

grpc::Status ArticleService::ListArticleRevisions(grpc::ServerContext* context,
                                                  const v1::ListArticleRevisionsRequest* request,
                                                  v1::ListArticleRevisionsResponse* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/ListArticleRevisions", request, [&](const Call& call) {
    const auto ids = domain::ArticleName().Parse("parent", request->parent());
    RequireHistoryVisible(call, ids);
    const auto list = ParseListRequest("revisions:" + request->parent(), request->page_size(), "", "",
                                       request->page_token(), {{"name", domain::FieldType::kString, false, true}},
                                       "name", page_tokens_);
    const std::int64_t before = list.query.after.empty() ? 0 : RevisionNumber("page_token", list.query.after[0]);
    const auto revisions =
        articles_.ListRevisions(ids[0], ids[1], before, list.query.page_size + 1, call.deadline());
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
  return gate_.Handle(*context, "galley.v1.ArticleService/GetArticleRevision", request, [&](const Call& call) {
    const auto ids = domain::ArticleRevisionName().Parse("name", request->name());
    RequireHistoryVisible(call, ids);
    ToProto(articles_.GetRevision(ids[0], ids[1], RevisionNumber("name", ids[2]), call.deadline()), response);
  });
}

grpc::Status ArticleService::RestoreArticleRevision(grpc::ServerContext* context,
                                                    const v1::RestoreArticleRevisionRequest* request,
                                                    v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/RestoreArticleRevision", request, [&](const Call& call) {
    const auto ids = domain::ArticleRevisionName().Parse("name", request->name());
    const std::int64_t number = RevisionNumber("name", ids[2]);
    domain::FieldViolations violations;
    domain::RequireEtag(violations, "etag", request->etag());
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    const auto key = IdempotencyKeyOf(call.caller().principal, "RestoreArticleRevision", *request, request->request_id());
    const auto restored = articles_.Restore(
        ids[0], ids[1], number,
        [&](const domain::Article& article) {
          domain::RequireMayChange(call.caller(), article);
          domain::CheckEtag(article.Name(), request->etag(), article.Etag());
          domain::RequireEditable(article);
        },
        key, call.Mutation(domain::ArticleName().Format({ids[0], ids[1]}), request->request_id()));
    ToProto(restored, response);
  });
}

template <typename Request>
grpc::Status ArticleService::Act(grpc::ServerContext* context, const char* method, const Request& request,
                                 domain::ActionRequest action, v1::Article* response) {
  return gate_.Handle(*context, method, &request, [&](const Call& call) {
    const auto ids = domain::ArticleName().Parse("name", request.name());
    domain::FieldViolations violations;
    domain::RequireEtag(violations, "etag", request.etag());
    domain::CheckRequestId(violations, "request_id", request.request_id());
    domain::CheckActionRequest(violations, action);
    violations.ThrowIfAny();
    const auto key = IdempotencyKeyOf(call.caller().principal, method, request, request.request_id());
    const auto changed = articles_.Act(
        ids[0], ids[1],
        [&](domain::Article& article, domain::Timestamp now) {
          if (action.action == domain::ArticleAction::kSubmit) domain::RequireMayChange(call.caller(), article);
          domain::CheckEtag(article.Name(), request.etag(), article.Etag());
          domain::ApplyArticleAction(article, action, now);
          domain::RequireContentReadyFor(action.action, article);
        },
        key, call.Mutation(request.name(), request.request_id()));
    if (domain::ChangesWhatReadersSee(action.action)) published_.DropAll();
    ToProto(changed, response);
  });
}

grpc::Status ArticleService::SubmitArticle(grpc::ServerContext* context, const v1::SubmitArticleRequest* request,
                                           v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/SubmitArticle", *request, {domain::ArticleAction::kSubmit, "", {}},
             response);
}

grpc::Status ArticleService::ApproveArticle(grpc::ServerContext* context, const v1::ApproveArticleRequest* request,
                                            v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/ApproveArticle", *request,
             {domain::ArticleAction::kApprove, "", {}}, response);
}

grpc::Status ArticleService::RejectArticle(grpc::ServerContext* context, const v1::RejectArticleRequest* request,
                                           v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/RejectArticle", *request,
             {domain::ArticleAction::kReject, request->note(), {}}, response);
}

grpc::Status ArticleService::PublishArticle(grpc::ServerContext* context, const v1::PublishArticleRequest* request,
                                            v1::Article* response) {
  std::optional<domain::Timestamp> publish_time;
  if (request->has_publish_time()) publish_time = FromProto(request->publish_time());
  return Act(context, "galley.v1.ArticleService/PublishArticle", *request,
             {domain::ArticleAction::kPublish, request->correction(), publish_time}, response);
}

grpc::Status ArticleService::UnpublishArticle(grpc::ServerContext* context,
                                              const v1::UnpublishArticleRequest* request, v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/UnpublishArticle", *request,
             {domain::ArticleAction::kUnpublish, request->reason(), {}}, response);
}

grpc::Status ArticleService::ImportArticles(grpc::ServerContext* context,
                                            const v1::ImportArticlesRequest* request,
                                            v1::ImportArticlesResponse* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/ImportArticles", request, [&](const Call& call) {
    domain::SectionName().Parse("section", request->section());
    domain::FieldViolations violations;
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    domain::ImportedPage page = domain::ParsePage("text", request->text());
    domain::CheckImportedPage(violations, "text", page);
    violations.ThrowIfAny();
    std::vector<domain::ArticleContent> contents;
    for (auto& article : page.articles) contents.push_back(std::move(article.content));
    const auto key = IdempotencyKeyOf(call.caller().principal, "ImportArticles", *request, request->request_id());
    const auto imported =
        articles_.Import(request->section(), std::move(contents), key, call.Mutation(request->section(), request->request_id()));
    for (const auto& article : imported) ToProto(article, response->add_articles());
  });
}

grpc::Status ArticleService::KillArticle(grpc::ServerContext* context, const v1::KillArticleRequest* request,
                                         v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/KillArticle", *request, {domain::ArticleAction::kKill, request->reason(), {}},
             response);
}

}  // namespace galley::api
