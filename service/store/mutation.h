// A change made on someone's behalf: the deadline that bounds it and the
// audit record Database::Run writes in the same transaction, so that no
// change commits without its record and no record survives a rolled-back
// change (DESIGN.md §1 "Roles": every change is recorded).
#pragma once

#include <string>

#include "store/connection_pool.h"

namespace galley::store {

struct AuditEntry {
  std::string principal;
  std::string role;
  std::string method;    // "galley.v1.ArticleService/PublishArticle", or "scheduler"
  std::string resource;  // the resource the change is to
  std::string request_id;
};

struct Mutation {
  Deadline deadline;
  AuditEntry audit;

  // Who the revisions a change saves name as their author.
  const std::string& author() const { return audit.principal; }
};

}  // namespace galley::store
