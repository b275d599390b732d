#include "api/article_requests.h"

#include <utility>

#include "api/article_conversion.h"
#include "api/time_conversion.h"
#include "domain/etag.h"
#include "domain/issue.h"
#include "domain/page_import.h"
#include "domain/publication.h"
#include "domain/request_id.h"

namespace galley::api {

namespace {

std::int64_t RevisionNumber(const std::string& field, const std::string& id) {
  if (id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos || id == "0") {
    throw domain::InvalidField(field, "must end in a revision number: 1, 2, 3, …");
  }
  return std::stoll(id);
}

// Every workflow method's request names the article, carries its etag and
// may carry a request id; `action` holds what differs between them.
template <typename Request>
ArticleActionCommand ParseAction(const Request& request, domain::ArticleAction action, std::string note,
                                 std::optional<domain::Timestamp> publish_time = std::nullopt) {
  ArticleActionCommand command;
  command.ids = domain::ArticleName().Parse("name", request.name());
  command.action = {action, std::move(note), publish_time};
  domain::FieldViolations violations;
  domain::RequireEtag(violations, "etag", request.etag());
  domain::CheckRequestId(violations, "request_id", request.request_id());
  domain::CheckActionRequest(violations, command.action);
  violations.ThrowIfAny();
  return command;
}

}  // namespace

std::optional<domain::ArticleView> RequestedView(v1::ArticleView view) {
  switch (view) {
    case v1::ARTICLE_VIEW_WORKING_COPY: return domain::ArticleView::kWorkingCopy;
    case v1::ARTICLE_VIEW_PUBLISHED: return domain::ArticleView::kPublished;
    default: return std::nullopt;
  }
}

domain::Article ParseCreateArticle(const v1::CreateArticleRequest& request) {
  const auto parent = domain::PublicationName().Parse("parent", request.parent());
  domain::FieldViolations violations;
  if (!request.has_article()) violations.Add("article", "is required");
  domain::Article article;
  article.content = ContentFromProto(request.article());
  if (request.has_article()) domain::CheckArticleContent(violations, "article", article.content);
  if (!request.article_id().empty()) domain::CheckResourceId(violations, "article_id", request.article_id());
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  article.publication_id = parent[0];
  article.id = request.article_id().empty() ? domain::GenerateResourceId() : request.article_id();
  return article;
}

std::vector<std::string> ParseGetArticle(const v1::GetArticleRequest& request) {
  return domain::ArticleName().Parse("name", request.name());
}

ParsedList ParseListArticles(const v1::ListArticlesRequest& request, const domain::PageTokenCodec& page_tokens) {
  return ParseChildListRequest(request, domain::PublicationName(), "articles", domain::ArticleQueryFields(),
                               "update_time desc", page_tokens);
}

SearchArticlesCommand ParseSearchArticles(const v1::SearchArticlesRequest& request, domain::ArticleView view,
                                          const domain::PageTokenCodec& page_tokens) {
  const auto parent = domain::PublicationName().Parse("parent", request.parent());
  SearchArticlesCommand command;
  command.search = domain::ParseSearchQuery("query", request.query());
  const std::string scope = "search:" + request.parent() + '\n' + command.search.Fingerprint() + '\n' +
                            (view == domain::ArticleView::kPublished ? "published" : "working");
  command.list = ParseListRequest(scope, request.page_size(), request.filter(), "", request.page_token(),
                                  domain::ArticleSearchFields(), "relevance desc", page_tokens);
  command.list.parent = parent;
  return command;
}

UpdateCommand<domain::Article> ParseUpdateArticle(const v1::UpdateArticleRequest& request) {
  domain::Article incoming;
  incoming.content = ContentFromProto(request.article());
  return ParseMaskedUpdate<domain::Article>(
      "article", request.has_article(), request.article(), request.update_mask(), domain::ArticleName(),
      domain::ArticleFields(), std::move(incoming), domain::ApplyArticleUpdate,
      [](auto& violations, const auto& article) {
        domain::RequireEditable(article);
        domain::CheckArticleContent(violations, "article", article.content);
      });
}

std::vector<std::string> ParseDeleteArticle(const v1::DeleteArticleRequest& request) {
  return domain::ArticleName().Parse("name", request.name());
}

RevisionPage ParseListArticleRevisions(const v1::ListArticleRevisionsRequest& request,
                                       const domain::PageTokenCodec& page_tokens) {
  const auto ids = domain::ArticleName().Parse("parent", request.parent());
  RevisionPage page;
  page.list = ParseListRequest("revisions:" + request.parent(), request.page_size(), "", "", request.page_token(),
                               {{"name", domain::FieldType::kString, false, true}}, "name", page_tokens);
  page.list.parent = ids;
  if (!page.list.query.after.empty()) page.before = RevisionNumber("page_token", page.list.query.after[0]);
  return page;
}

RevisionCommand ParseGetArticleRevision(const v1::GetArticleRevisionRequest& request) {
  RevisionCommand command;
  command.ids = domain::ArticleRevisionName().Parse("name", request.name());
  command.number = RevisionNumber("name", command.ids[2]);
  return command;
}

RevisionCommand ParseRestoreArticleRevision(const v1::RestoreArticleRevisionRequest& request) {
  RevisionCommand command;
  command.ids = domain::ArticleRevisionName().Parse("name", request.name());
  command.number = RevisionNumber("name", command.ids[2]);
  domain::FieldViolations violations;
  domain::RequireEtag(violations, "etag", request.etag());
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  return command;
}

ArticleActionCommand ParseSubmitArticle(const v1::SubmitArticleRequest& request) {
  return ParseAction(request, domain::ArticleAction::kSubmit, "");
}

ArticleActionCommand ParseApproveArticle(const v1::ApproveArticleRequest& request) {
  return ParseAction(request, domain::ArticleAction::kApprove, "");
}

ArticleActionCommand ParseRejectArticle(const v1::RejectArticleRequest& request) {
  return ParseAction(request, domain::ArticleAction::kReject, request.note());
}

ArticleActionCommand ParsePublishArticle(const v1::PublishArticleRequest& request) {
  std::optional<domain::Timestamp> publish_time;
  if (request.has_publish_time()) publish_time = FromProto("publish_time", request.publish_time());
  return ParseAction(request, domain::ArticleAction::kPublish, request.correction(), publish_time);
}

ArticleActionCommand ParseUnpublishArticle(const v1::UnpublishArticleRequest& request) {
  return ParseAction(request, domain::ArticleAction::kUnpublish, request.reason());
}

ArticleActionCommand ParseKillArticle(const v1::KillArticleRequest& request) {
  return ParseAction(request, domain::ArticleAction::kKill, request.reason());
}

ImportCommand ParseImportArticles(const v1::ImportArticlesRequest& request) {
  domain::SectionName().Parse("section", request.section());
  domain::FieldViolations violations;
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  domain::ImportedPage page = domain::ParsePage("text", request.text());
  domain::CheckImportedPage(violations, "text", page);
  violations.ThrowIfAny();
  ImportCommand command;
  command.section = request.section();
  for (auto& article : page.articles) command.contents.push_back(std::move(article.content));
  return command;
}

}  // namespace galley::api
