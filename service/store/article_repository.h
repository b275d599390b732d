// Stores articles (table `articles`) and their immutable revisions (table
// `article_revisions`). Every change that alters an article writes its
// revision in the same transaction, so the history is exactly the list of
// acknowledged changes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/article.h"
#include "domain/list_query.h"
#include "domain/request_id.h"
#include "domain/search_text.h"
#include "store/database.h"
#include "store/keyset_query.h"
#include "store/windowed_search.h"

namespace galley::store {

// An article a search found, with its score (windowed_search.h).
struct ArticleMatch {
  domain::Article article;
  double score = 0;
};

class ArticleRepository {
 public:
  explicit ArticleRepository(Database& database) : database_(database) {}

  // Creates the article as revision 1. An empty language becomes the
  // publication's. The section and the contributors bylines name must exist
  // in the same publication (INVALID_ARGUMENT naming the field otherwise).
  domain::Article Create(domain::Article article, const std::optional<domain::IdempotencyKey>& request,
                         const Mutation& mutation);
  // Creates the imported articles as drafts placed in `section` (NOT_FOUND
  // if it does not exist), in order, after the articles already there;
  // bylines that name no contributor are linked by display name. All of them
  // or none; a retried request returns what the first one created.
  std::vector<domain::Article> Import(const std::string& section, std::vector<domain::ArticleContent> contents,
                                      const std::optional<domain::IdempotencyKey>& request,
                                      const Mutation& mutation);
  // The published view is the live revision; NOT_FOUND when nothing is live.
  domain::Article Get(const std::string& publication_id, const std::string& id, domain::ArticleView view,
                      Deadline deadline);
  ListPage<domain::Article> List(const std::string& publication_id, const domain::ListQuery& query,
                                 domain::ArticleView view, Deadline deadline);
  // The articles whose text matches `search` (domain/search_text.h), in
  // `query`'s filter, headline matches first, then the rest, each newest
  // first, through the search indexes (windowed_search.h).
  ListPage<ArticleMatch> Search(const std::string& publication_id, const domain::SearchQuery& search,
                                const domain::ListQuery& query, domain::ArticleView view, Deadline deadline);
  // The statement of a search tier's first window (tests EXPLAIN it).
  static ListSql FirstSearchWindowSql(const std::string& publication_id, const domain::SearchQuery& search,
                                      const domain::ListQuery& query, domain::ArticleView view, SearchTier tier);
  // `change` checks the etag and changes the locked article's content; a
  // change that alters nothing writes no revision.
  domain::Article Update(const std::string& publication_id, const std::string& id,
                         const std::function<void(domain::Article&)>& change, const Mutation& mutation);
  // A workflow action (domain/workflow.h): `act` checks the etag and applies
  // the action to the locked article as of the database's clock; the result
  // is saved as a new revision. A retried request changes nothing.
  domain::Article Act(const std::string& publication_id, const std::string& id,
                      const std::function<void(domain::Article&, domain::Timestamp now)>& act,
                      const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);
  // Hides the article once `check` accepts it; its id and revisions remain.
  void Delete(const std::string& publication_id, const std::string& id,
              const std::function<void(const domain::Article&)>& check, const Mutation& mutation);

  // Newest first; `before` (0: from the newest) is the cursor.
  std::vector<domain::ArticleRevision> ListRevisions(const std::string& publication_id, const std::string& article_id,
                                                     std::int64_t before, int page_size, Deadline deadline);
  domain::ArticleRevision GetRevision(const std::string& publication_id, const std::string& article_id,
                                      std::int64_t number, Deadline deadline);
  // Saves a new revision whose content is revision `number`'s, once `check`
  // accepts the locked article (its etag).
  domain::Article Restore(const std::string& publication_id, const std::string& article_id, std::int64_t number,
                          const std::function<void(const domain::Article&)>& check,
                          const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);

 private:
  Database& database_;
};

// A locked article before and after a workflow action.
struct ArticleTransition {
  domain::Article current;
  domain::Article next;
};
// Saves each `next`, its revision and its change, for articles of one
// publication, and returns them as saved, in the same order. A statement
// for all of them: an issue publishes its hundred articles in a few round
// trips rather than hundreds. Shared by ArticleRepository::Act,
// PublishIssue and the scheduler, so each publishes an article the same way.
std::vector<domain::Article> ApplyActions(Transaction& tx, const std::vector<ArticleTransition>& transitions,
                                          const std::string& author);
// The same, for one article.
domain::Article ApplyAction(Transaction& tx, const domain::Article& current, const domain::Article& next,
                            const std::string& author);
// Which version of an article a change published.
struct PublishedVersionKey {
  std::string publication_id;
  std::string article_id;
  std::int64_t revision = 0;
};
// Those versions as readers saw them (state PUBLISHED, the corrections made
// up to then), in no particular order; killed articles are left out.
std::vector<domain::Article> PublishedVersions(Transaction& tx, const std::vector<PublishedVersionKey>& keys);
// The database's clock: the time workflow actions are stamped with.
domain::Timestamp DatabaseNow(Transaction& tx);
// The articles placed in the issue, locked in id order (so that concurrent
// publishers cannot deadlock).
std::vector<domain::Article> LockArticlesInIssue(Transaction& tx, const std::string& publication_id,
                                                 const std::string& issue_name);
// The oldest scheduled article whose time has come and that no other
// transaction holds, locked; nullopt if there is none.
std::optional<domain::Article> LockDueArticle(Transaction& tx);

// Indexes for search, in batches of `batch` rows a transaction, what SQL
// alone cannot cut as domain/search_text.h does: working copies written
// before search existed (migration 0011), and published versions whose
// vector is missing from their article's row (published before migration
// 0013, or meanwhile by an older release). `galley migrate up` (and
// `galley dev`) run it after migrating. Returns how many vectors it wrote
// (0 too for a schema without search).
std::int64_t IndexUnsearched(Database& database, int batch = 500);

}  // namespace galley::store
