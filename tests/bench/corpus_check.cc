#include "corpus_check.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "api/article_conversion.h"
#include "newsroom.h"
#include "scenario.h"

namespace galley::bench {

namespace {

// The columns of `table` whose values differ between the row(s) of
// `reference` and of `loaded` (matched by `match`), leaving out the id and
// the times, which differ by design.
const char* const kDifferingColumns =
    "WITH r AS (SELECT to_jsonb(t) AS row, %MATCH% AS k FROM %TABLE% t WHERE publication_id = $1 AND %ID% = $2), "
    "     l AS (SELECT to_jsonb(t) AS row, %MATCH% AS k FROM %TABLE% t WHERE publication_id = $1 AND %ID% = $3) "
    "SELECT DISTINCT key FROM r FULL JOIN l USING (k), "
    "     jsonb_each(COALESCE(r.row, '{}')) AS rc(key, value) "
    "     FULL JOIN jsonb_each(COALESCE(l.row, '{}')) AS lc(key, value) USING (key) "
    "WHERE rc.value IS DISTINCT FROM lc.value "
    "  AND key NOT IN ('id', 'article_id', 'create_time', 'update_time', 'publish_time')";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

void RequireSameRows(pqxx::work& tx, const std::string& table, const std::string& id_column,
                     const std::string& match, const std::string& publication, const std::string& reference,
                     const std::string& loaded) {
  const std::string sql =
      Replace(Replace(Replace(kDifferingColumns, "%TABLE%", table), "%ID%", id_column), "%MATCH%", match);
  std::string differing;
  for (const auto& row : tx.exec_params(sql, publication, reference, loaded)) {
    differing += (differing.empty() ? "" : ", ") + row[0].as<std::string>();
  }
  if (!differing.empty()) {
    throw ScenarioFailure("loaded " + table + " rows of " + loaded + " differ from the service's (" + reference +
                          ") in " + differing);
  }
}

v1::Article ProtoOf(const std::string& publication_id, const domain::ArticleContent& content) {
  domain::Article article;
  article.publication_id = publication_id;
  article.content = content;
  v1::Article proto;
  api::ToProto(article, &proto);
  return proto;  // its output-only fields are ignored on create and outside the mask on update
}

v1::Article Get(Newsroom& newsroom, const std::string& name, v1::ArticleView view) {
  v1::GetArticleRequest request;
  request.set_name(name);
  request.set_view(view);
  v1::Article article;
  RequireOk(newsroom.articles().GetArticle(CallContext().get(), request, &article), "GetArticle " + name);
  return article;
}

// GetArticle in `view` gives back the generated article's content and state.
void CheckRead(Newsroom& newsroom, const GeneratedArticle& generated, v1::ArticleView view) {
  const domain::Article& expected = generated.article;
  const v1::Article read = Get(newsroom, expected.Name(), view);
  if (!(api::ContentFromProto(read) == expected.content)) {
    throw ScenarioFailure("GetArticle " + expected.Name() + " returned other content than was loaded (headline \"" +
                          read.headline() + "\", expected \"" + expected.content.headline + "\")");
  }
  const std::int64_t revision =
      view == v1::ARTICLE_VIEW_PUBLISHED ? expected.published_revision : expected.revision;
  if (read.revision() != revision) {
    throw ScenarioFailure("GetArticle " + expected.Name() + " returned revision " + std::to_string(read.revision()) +
                          ", expected " + std::to_string(revision));
  }
}

void CheckRevisions(Newsroom& newsroom, const GeneratedArticle& generated) {
  v1::ListArticleRevisionsRequest request;
  request.set_parent(generated.article.Name());
  request.set_page_size(100);
  v1::ListArticleRevisionsResponse response;
  RequireOk(newsroom.articles().ListArticleRevisions(CallContext().get(), request, &response),
            "ListArticleRevisions " + generated.article.Name());
  if (static_cast<std::size_t>(response.revisions_size()) != generated.revisions.size()) {
    throw ScenarioFailure("ListArticleRevisions " + generated.article.Name() + " listed " +
                          std::to_string(response.revisions_size()) + " revisions, expected " +
                          std::to_string(generated.revisions.size()));
  }
}

// Searching for an article's headline finds it, and the reference.
void CheckSearch(Newsroom& newsroom, const GeneratedArticle& generated, const std::string& reference_name) {
  v1::SearchArticlesRequest request;
  request.set_parent(Newsroom::kPublication);
  request.set_query(generated.article.content.headline);
  request.set_page_size(100);
  v1::SearchArticlesResponse response;
  RequireOk(newsroom.articles().SearchArticles(CallContext().get(), request, &response),
            "SearchArticles " + request.query());
  for (const std::string& name : {generated.article.Name(), reference_name}) {
    const bool found = std::any_of(response.results().begin(), response.results().end(),
                                   [&](const v1::SearchResult& result) { return result.article().name() == name; });
    if (!found) throw ScenarioFailure("SearchArticles \"" + request.query() + "\" did not find " + name);
  }
}

}  // namespace

ServiceReference WriteReference(Harness& harness, const SampleTextModel& text, const CorpusLayout& layout,
                                std::int64_t index) {
  const GeneratedArticle generated = GenerateArticle(text, layout, index);
  Newsroom newsroom(harness.NewChannel());
  ServiceReference reference{index, "reference-" + std::to_string(index), ""};
  const v1::Article created =
      newsroom.CreateArticle(reference.id, ProtoOf(layout.publication_id, generated.contents.front()));
  for (std::size_t c = 1; c < generated.contents.size(); ++c) {
    v1::UpdateArticleRequest update;
    *update.mutable_article() = ProtoOf(layout.publication_id, generated.contents[c]);
    update.mutable_article()->set_name(created.name());
    update.mutable_article()->set_etag("*");
    update.mutable_update_mask()->add_paths("*");
    v1::Article updated;
    RequireOk(newsroom.articles().UpdateArticle(CallContext().get(), update, &updated), "UpdateArticle " + created.name());
  }
  if (generated.article.live) {
    newsroom.Submit(created.name());
    newsroom.Approve(created.name());
    RequireOk(newsroom.Publish(created.name()), "PublishArticle " + created.name());
  }
  pqxx::connection connection(harness.database_url());
  pqxx::work tx(connection);
  reference.author = tx.exec_params("SELECT owner FROM articles WHERE publication_id = $1 AND id = $2",
                                    layout.publication_id, reference.id)
                         .at(0)[0]
                         .as<std::string>();
  return reference;
}

void CheckLoaded(Harness& harness, const SampleTextModel& text, const CorpusLayout& layout,
                 const ServiceReference& reference, std::int64_t from, std::int64_t to) {
  const GeneratedArticle copy = GenerateArticle(text, layout, reference.index);
  {
    pqxx::connection connection(harness.database_url());
    pqxx::work tx(connection);
    RequireSameRows(tx, "articles", "id", "1", layout.publication_id, reference.id, copy.article.id);
    RequireSameRows(tx, "article_revisions", "article_id", "revision", layout.publication_id, reference.id,
                    copy.article.id);
  }
  Newsroom newsroom(harness.NewChannel());
  CheckRead(newsroom, copy, v1::ARTICLE_VIEW_PUBLISHED);
  CheckRevisions(newsroom, copy);
  CheckSearch(newsroom, copy, domain::ArticleName().Format({layout.publication_id, reference.id}));
  for (const std::int64_t index : {from + 3, to - 1}) {  // neither is published
    const GeneratedArticle draft = GenerateArticle(text, layout, index);
    CheckRead(newsroom, draft, v1::ARTICLE_VIEW_WORKING_COPY);
    CheckRevisions(newsroom, draft);
  }
}

}  // namespace galley::bench
