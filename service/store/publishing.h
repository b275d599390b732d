// Publishing whole issues, and the scheduled publications that fall due.
// An issue goes live with every article placed in it in one transaction, so
// that after a crash at any moment all of it is live or none of it is. The
// schedule is the database itself (state SCHEDULED, publish_time): every
// replica polls it, and `FOR UPDATE SKIP LOCKED` with the state change in
// the same transaction makes each publication happen exactly once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/issue.h"
#include "domain/request_id.h"
#include "store/database.h"

namespace galley::store {

struct IssuePublication {
  domain::Issue issue;
  std::vector<domain::Article> articles;  // published (or to be), in section and position order
};

class Publisher {
 public:
  explicit Publisher(Database& database) : database_(database) {}

  // `check` sees the locked issue first (its etag). With `validate_only`
  // nothing is written.
  IssuePublication PublishIssue(const std::string& publication_id, const std::string& issue_id,
                                const std::function<void(const domain::Issue&)>& check, bool validate_only,
                                std::optional<domain::Timestamp> publish_time,
                                const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);

  // Publishes every scheduled article and issue whose time has come, each in
  // a transaction of its own, and returns how many it handled. A scheduled
  // issue that is not ready then goes back to PLANNING, and the audit log
  // says why.
  int PublishDue(Deadline deadline);

  // How the scheduler appears in revisions and the audit log.
  static constexpr const char* kPrincipal = "galley-scheduler";

 private:
  bool PublishOneDueArticle(Deadline deadline);
  bool PublishOneDueIssue(Deadline deadline);

  Database& database_;
};

}  // namespace galley::store
