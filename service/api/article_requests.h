// ArticleService's requests, checked and converted to what the store takes:
// all that a call does before it touches the database and before it asks who
// is calling (the service runs exactly these; tests/fuzz/service_request_fuzz.cc
// feeds them arbitrary requests). Each returns a value fit to store or throws
// domain::Error (INVALID_ARGUMENT naming the field).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/list_request.h"
#include "api/masked_update.h"
#include "domain/article.h"
#include "domain/page_token.h"
#include "domain/search_text.h"
#include "domain/workflow.h"
#include "galley/v1/article_service.pb.h"

namespace galley::api {

// The view the client asked for; nullopt when it named none.
std::optional<domain::ArticleView> RequestedView(v1::ArticleView view);

// The new article, its id chosen (or generated).
domain::Article ParseCreateArticle(const v1::CreateArticleRequest& request);
std::vector<std::string> ParseGetArticle(const v1::GetArticleRequest& request);
ParsedList ParseListArticles(const v1::ListArticlesRequest& request, const domain::PageTokenCodec& page_tokens);

struct SearchArticlesCommand {
  domain::SearchQuery search;
  ParsedList list;
};
// `view` is the one the caller gets (domain::ViewFor): a page token
// continues only the same search in the same view.
SearchArticlesCommand ParseSearchArticles(const v1::SearchArticlesRequest& request, domain::ArticleView view,
                                          const domain::PageTokenCodec& page_tokens);

UpdateCommand<domain::Article> ParseUpdateArticle(const v1::UpdateArticleRequest& request);
std::vector<std::string> ParseDeleteArticle(const v1::DeleteArticleRequest& request);

struct RevisionPage {
  ParsedList list;         // its parent: the article's ids
  std::int64_t before = 0;  // revisions below this number; 0 from the newest
};
RevisionPage ParseListArticleRevisions(const v1::ListArticleRevisionsRequest& request,
                                       const domain::PageTokenCodec& page_tokens);

struct RevisionCommand {
  std::vector<std::string> ids;  // the revision name's: publication, article, revision
  std::int64_t number = 0;
};
RevisionCommand ParseGetArticleRevision(const v1::GetArticleRevisionRequest& request);
RevisionCommand ParseRestoreArticleRevision(const v1::RestoreArticleRevisionRequest& request);

// A workflow method's request: the article's ids and the action to apply.
struct ArticleActionCommand {
  std::vector<std::string> ids;
  domain::ActionRequest action;
};
ArticleActionCommand ParseSubmitArticle(const v1::SubmitArticleRequest& request);
ArticleActionCommand ParseApproveArticle(const v1::ApproveArticleRequest& request);
ArticleActionCommand ParseRejectArticle(const v1::RejectArticleRequest& request);
ArticleActionCommand ParsePublishArticle(const v1::PublishArticleRequest& request);
ArticleActionCommand ParseUnpublishArticle(const v1::UnpublishArticleRequest& request);
ArticleActionCommand ParseKillArticle(const v1::KillArticleRequest& request);

// The articles a page of print text holds, to create in `section` (a name).
struct ImportCommand {
  std::string section;
  std::vector<domain::ArticleContent> contents;
};
ImportCommand ParseImportArticles(const v1::ImportArticlesRequest& request);

}  // namespace galley::api
