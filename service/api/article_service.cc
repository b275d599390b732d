#include "api/article_service.h"

#include "api/article_conversion.h"
#include "api/article_requests.h"
#include "api/request_context.h"
#include "api/status.h"
#include "domain/article_access.h"
#include "domain/etag.h"
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
    const domain::Article article = ParseCreateArticle(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateArticle", *request, request->request_id());
    ToProto(articles_.Create(article, key, call.Mutation(article.Name(), request->request_id())), response);
  });
}

grpc::Status ArticleService::GetArticle(grpc::ServerContext* context, const v1::GetArticleRequest* request,
                                        v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/GetArticle", request, [&](const Call& call) {
    const auto ids = ParseGetArticle(*request);
    const auto requested = RequestedView(request->view());
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
    const auto list = ParseListArticles(*request, page_tokens_);
    const auto view = domain::ViewFor(call.caller(), RequestedView(request->view()));
    auto query = list.query;
    if (view == domain::ArticleView::kWorkingCopy && !call.caller().AtLeast(domain::Role::kEditor)) {
      query.filter.push_back({"owner", domain::Comparison::kEqual, call.caller().principal});
    }
    const auto page = view == domain::ArticleView::kPublished && MayReadLagging(call.caller())
                          ? reader_reads_.ListPublished(list.parent[0], query, call.deadline())
                          : articles_.List(list.parent[0], query, view, call.deadline());
    for (const auto& article : page.items) ToProto(article, response->add_articles());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status ArticleService::SearchArticles(grpc::ServerContext* context, const v1::SearchArticlesRequest* request,
                                            v1::SearchArticlesResponse* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/SearchArticles", request, [&](const Call& call) {
    const auto view = domain::ViewFor(call.caller(), RequestedView(request->view()));
    const auto command = ParseSearchArticles(*request, view, page_tokens_);
    const domain::SearchQuery& search = command.search;
    auto query = command.list.query;
    if (view == domain::ArticleView::kWorkingCopy && !call.caller().AtLeast(domain::Role::kEditor)) {
      query.filter.push_back({"owner", domain::Comparison::kEqual, call.caller().principal});
    }
    const auto page = view == domain::ArticleView::kPublished && MayReadLagging(call.caller())
                          ? reader_reads_.SearchPublished(command.list.parent[0], search, query, call.deadline())
                          : articles_.Search(command.list.parent[0], search, query, view, call.deadline());
    for (const auto& match : page.items) {
      auto* result = response->add_results();
      ToProto(match.article, result->mutable_article());
      result->set_snippet(domain::SearchSnippet(match.article.content, search));
      result->set_score(match.score);
    }
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(command.list.fingerprint, page.next_after));
    }
  });
}

grpc::Status ArticleService::UpdateArticle(grpc::ServerContext* context, const v1::UpdateArticleRequest* request,
                                           v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/UpdateArticle", request, [&](const Call& call) {
    const auto update = ParseUpdateArticle(*request);
    const auto updated = articles_.Update(
        update.ids[0], update.ids[1],
        [&](domain::Article& article) {
          // Before the etag: a stale etag must not tell a reporter that
          // another reporter's article exists.
          domain::RequireMayChange(call.caller(), article);
          update.change(article);
        },
        call.Mutation(request->article().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status ArticleService::DeleteArticle(grpc::ServerContext* context, const v1::DeleteArticleRequest* request,
                                           google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.ArticleService/DeleteArticle", request, [&](const Call& call) {
    const auto ids = ParseDeleteArticle(*request);
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
    const auto page = ParseListArticleRevisions(*request, page_tokens_);
    const auto& list = page.list;
    RequireHistoryVisible(call, list.parent);
    const auto revisions = articles_.ListRevisions(list.parent[0], list.parent[1], page.before,
                                                   list.query.page_size + 1, call.deadline());
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
    const auto revision = ParseGetArticleRevision(*request);
    RequireHistoryVisible(call, revision.ids);
    ToProto(articles_.GetRevision(revision.ids[0], revision.ids[1], revision.number, call.deadline()), response);
  });
}

grpc::Status ArticleService::RestoreArticleRevision(grpc::ServerContext* context,
                                                    const v1::RestoreArticleRevisionRequest* request,
                                                    v1::Article* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/RestoreArticleRevision", request, [&](const Call& call) {
    const auto revision = ParseRestoreArticleRevision(*request);
    const auto& ids = revision.ids;
    const auto key = IdempotencyKeyOf(call.caller().principal, "RestoreArticleRevision", *request, request->request_id());
    const auto restored = articles_.Restore(
        ids[0], ids[1], revision.number,
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
                                 ArticleActionCommand (*parse)(const Request&), v1::Article* response) {
  return gate_.Handle(*context, method, &request, [&](const Call& call) {
    const auto command = parse(request);
    const auto& ids = command.ids;
    const auto& action = command.action;
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
    if (domain::ChangesWhatReadersSee(action.action)) {
      published_.DropAll();
      reader_reads_.NoteOwnChange();
    }
    ToProto(changed, response);
  });
}

grpc::Status ArticleService::SubmitArticle(grpc::ServerContext* context, const v1::SubmitArticleRequest* request,
                                           v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/SubmitArticle", *request, ParseSubmitArticle, response);
}

grpc::Status ArticleService::ApproveArticle(grpc::ServerContext* context, const v1::ApproveArticleRequest* request,
                                            v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/ApproveArticle", *request, ParseApproveArticle, response);
}

grpc::Status ArticleService::RejectArticle(grpc::ServerContext* context, const v1::RejectArticleRequest* request,
                                           v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/RejectArticle", *request, ParseRejectArticle, response);
}

grpc::Status ArticleService::PublishArticle(grpc::ServerContext* context, const v1::PublishArticleRequest* request,
                                            v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/PublishArticle", *request, ParsePublishArticle, response);
}

grpc::Status ArticleService::UnpublishArticle(grpc::ServerContext* context,
                                              const v1::UnpublishArticleRequest* request, v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/UnpublishArticle", *request, ParseUnpublishArticle, response);
}

grpc::Status ArticleService::ImportArticles(grpc::ServerContext* context,
                                            const v1::ImportArticlesRequest* request,
                                            v1::ImportArticlesResponse* response) {
  return gate_.Handle(*context, "galley.v1.ArticleService/ImportArticles", request, [&](const Call& call) {
    auto command = ParseImportArticles(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "ImportArticles", *request, request->request_id());
    const auto imported = articles_.Import(command.section, std::move(command.contents), key,
                                           call.Mutation(command.section, request->request_id()));
    for (const auto& article : imported) ToProto(article, response->add_articles());
  });
}

grpc::Status ArticleService::KillArticle(grpc::ServerContext* context, const v1::KillArticleRequest* request,
                                         v1::Article* response) {
  return Act(context, "galley.v1.ArticleService/KillArticle", *request, ParseKillArticle, response);
}

}  // namespace galley::api
