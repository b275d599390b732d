// Stores issues and their sections (tables `issues`, `sections`). Every
// write checks its parent exists and runs the caller's checks (etag, state)
// on the row it locked, in the same transaction as the change.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "domain/issue.h"
#include "domain/list_query.h"
#include "domain/request_id.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

class IssueRepository {
 public:
  explicit IssueRepository(Database& database) : database_(database) {}

  // NOT_FOUND without the publication; ALREADY_EXISTS for a taken id or
  // issue number; with a request id seen before, what that request created.
  domain::Issue CreateIssue(const domain::Issue& issue, const std::optional<domain::IdempotencyKey>& request,
                            const Mutation& mutation);
  domain::Issue GetIssue(const std::string& publication_id, const std::string& id, Deadline deadline);
  ListPage<domain::Issue> ListIssues(const std::string& publication_id, const domain::ListQuery& query,
                                     Deadline deadline);
  // `change` checks the etag and modifies the locked issue; nothing is
  // written when it throws or leaves the issue as it was.
  domain::Issue UpdateIssue(const std::string& publication_id, const std::string& id,
                            const std::function<void(domain::Issue&)>& change, const Mutation& mutation);
  // Deletes the issue and its sections once `check` accepts the locked issue.
  void DeleteIssue(const std::string& publication_id, const std::string& id,
                   const std::function<void(const domain::Issue&)>& check, const Mutation& mutation);

  domain::Section CreateSection(const domain::Section& section, const std::optional<domain::IdempotencyKey>& request,
                                const Mutation& mutation);
  domain::Section GetSection(const std::string& publication_id, const std::string& issue_id, const std::string& id,
                             Deadline deadline);
  ListPage<domain::Section> ListSections(const std::string& publication_id, const std::string& issue_id,
                                         const domain::ListQuery& query, Deadline deadline);
  domain::Section UpdateSection(const std::string& publication_id, const std::string& issue_id,
                                const std::string& id, const std::function<void(domain::Section&)>& change,
                                const Mutation& mutation);
  void DeleteSection(const std::string& publication_id, const std::string& issue_id, const std::string& id,
                     const std::function<void(const domain::Section&)>& check, const Mutation& mutation);

 private:
  Database& database_;
};

// The issue, or nullopt if there is none (for the change log's payloads).
std::optional<domain::Issue> FindIssue(Transaction& tx, const std::string& publication_id, const std::string& id);

// For publishing (store/publishing.cc), inside its transaction:
domain::Issue LockIssue(Transaction& tx, const std::string& publication_id, const std::string& id);
// The oldest scheduled issue whose time has come and that no other
// transaction holds, locked; nullopt if there is none.
std::optional<domain::Issue> LockDueIssue(Transaction& tx);
// Writes the issue's state, version and publish time.
domain::Issue SaveIssueState(Transaction& tx, const domain::Issue& issue);
// Each section name of the issue and its position.
std::map<std::string, int> SectionPositions(Transaction& tx, const std::string& publication_id,
                                            const std::string& issue_id);

}  // namespace galley::store
