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
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

class ArticleRepository {
 public:
  explicit ArticleRepository(Database& database) : database_(database) {}

  // Creates the article as revision 1. An empty language becomes the
  // publication's. The section and the contributors bylines name must exist
  // in the same publication (INVALID_ARGUMENT naming the field otherwise).
  domain::Article Create(domain::Article article, const std::optional<domain::IdempotencyKey>& request,
                         const std::string& author, Deadline deadline);
  domain::Article Get(const std::string& publication_id, const std::string& id, Deadline deadline);
  ListPage<domain::Article> List(const std::string& publication_id, const domain::ListQuery& query,
                                 Deadline deadline);
  // `change` checks the etag and changes the locked article's content; a
  // change that alters nothing writes no revision.
  domain::Article Update(const std::string& publication_id, const std::string& id,
                         const std::function<void(domain::Article&)>& change, const std::string& author,
                         Deadline deadline);
  // Hides the article once `check` accepts it; its id and revisions remain.
  void Delete(const std::string& publication_id, const std::string& id,
              const std::function<void(const domain::Article&)>& check, Deadline deadline);

  // Newest first; `before` (0: from the newest) is the cursor.
  std::vector<domain::ArticleRevision> ListRevisions(const std::string& publication_id, const std::string& article_id,
                                                     std::int64_t before, int page_size, Deadline deadline);
  domain::ArticleRevision GetRevision(const std::string& publication_id, const std::string& article_id,
                                      std::int64_t number, Deadline deadline);
  // Saves a new revision whose content is revision `number`'s, once `check`
  // accepts the locked article (its etag).
  domain::Article Restore(const std::string& publication_id, const std::string& article_id, std::int64_t number,
                          const std::function<void(const domain::Article&)>& check,
                          const std::optional<domain::IdempotencyKey>& request, const std::string& author,
                          Deadline deadline);

 private:
  Database& database_;
};

}  // namespace galley::store
