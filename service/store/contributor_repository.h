// Stores contributors (table `contributors`).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/contributor.h"
#include "domain/list_query.h"
#include "domain/request_id.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

class ContributorRepository {
 public:
  explicit ContributorRepository(Database& database) : database_(database) {}

  // NOT_FOUND without the publication; ALREADY_EXISTS for a taken id; with a
  // request id seen before, what that request created.
  domain::Contributor Create(const domain::Contributor& contributor,
                             const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);
  domain::Contributor Get(const std::string& publication_id, const std::string& id, Deadline deadline);
  ListPage<domain::Contributor> List(const std::string& publication_id, const domain::ListQuery& query,
                                     Deadline deadline);
  // `change` checks the etag and modifies the locked contributor.
  domain::Contributor Update(const std::string& publication_id, const std::string& id,
                             const std::function<void(domain::Contributor&)>& change, const Mutation& mutation);
  // Deletes once `check` accepts the locked contributor.
  void Delete(const std::string& publication_id, const std::string& id,
              const std::function<void(const domain::Contributor&)>& check, const Mutation& mutation);

 private:
  Database& database_;
};

}  // namespace galley::store
