// Stores publications (table `publications`).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/list_query.h"
#include "domain/publication.h"
#include "domain/request_id.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

using PublicationPage = ListPage<domain::Publication>;

class PublicationRepository {
 public:
  explicit PublicationRepository(Database& database) : database_(database) {}

  // Inserts `publication` under its id. ALREADY_EXISTS if the id is taken.
  // With a request id that was seen before, returns what that request
  // created and changes nothing.
  domain::Publication Create(const domain::Publication& publication,
                             const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);

  domain::Publication Get(const std::string& id, Deadline deadline);

  PublicationPage List(const domain::ListQuery& query, Deadline deadline);

  // Reads the publication under a row lock, lets `change` check the etag and
  // modify it (throwing a domain error aborts everything), and writes it back
  // with a new version if anything changed.
  domain::Publication Update(const std::string& id, const std::function<void(domain::Publication&)>& change,
                             const Mutation& mutation);

 private:
  Database& database_;
};

}  // namespace galley::store
