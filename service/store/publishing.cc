#include "store/publishing.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "domain/workflow.h"
#include "store/article_repository.h"
#include "store/idempotency.h"
#include "store/issue_repository.h"

namespace galley::store {

namespace {

// The articles in print order: by their section's position, then their own.
void SortForPrint(std::vector<domain::Article>& articles, const std::map<std::string, int>& section_positions) {
  auto position_of = [&](const domain::Article& article) {
    const auto it = section_positions.find(article.content.section);
    return it == section_positions.end() ? 0 : it->second;
  };
  std::stable_sort(articles.begin(), articles.end(), [&](const domain::Article& a, const domain::Article& b) {
    return std::make_tuple(position_of(a), a.content.position, a.id) <
           std::make_tuple(position_of(b), b.content.position, b.id);
  });
}

// Publishes the locked, checked issue and its approved articles now; the
// articles live already stay as they are. Each article published gets an
// audit record of its own, under the issue's method.
IssuePublication PublishNow(Transaction& tx, domain::Issue issue, const std::vector<domain::Article>& placed,
                            domain::Timestamp now, const AuditEntry& audit) {
  std::vector<ArticleTransition> publishing;
  for (const auto& current : placed) {
    if (current.state != "APPROVED") continue;
    ArticleTransition& transition = publishing.emplace_back(ArticleTransition{current, current});
    domain::ApplyArticleAction(transition.next, {domain::ArticleAction::kPublish, "", std::nullopt}, now);
  }
  IssuePublication result;
  result.articles = ApplyActions(tx, publishing, audit.principal);
  std::vector<AuditEntry> article_audits;
  for (const auto& article : result.articles) {
    article_audits.push_back(audit);
    article_audits.back().resource = article.Name();
  }
  WriteAuditEvents(tx, article_audits, "OK");
  domain::ApplyIssuePublish(issue, std::nullopt, now);
  result.issue = SaveIssueState(tx, issue);
  tx.RecordChange(domain::IssuePublishedChange(result.issue, placed));
  return result;
}

std::vector<domain::Article> ToPublish(const std::vector<domain::Article>& placed) {
  std::vector<domain::Article> approved;
  std::copy_if(placed.begin(), placed.end(), std::back_inserter(approved),
               [](const domain::Article& article) { return article.state == "APPROVED"; });
  return approved;
}

AuditEntry SchedulerAudit(const std::string& resource) {
  return AuditEntry{Publisher::kPrincipal, "system", "scheduler", resource, ""};
}

}  // namespace

IssuePublication Publisher::PublishIssue(const std::string& publication_id, const std::string& issue_id,
                                         const std::function<void(const domain::Issue&)>& check, bool validate_only,
                                         std::optional<domain::Timestamp> publish_time,
                                         const std::optional<domain::IdempotencyKey>& request,
                                         const Mutation& mutation) {
  auto publish = [&](Transaction& tx) {
    domain::Issue issue = LockIssue(tx, publication_id, issue_id);
    if (request && !validate_only) {
      if (ClaimRequestId(tx, *request, issue.Name())) {
        // A retry: report how things stand rather than publish twice.
        return IssuePublication{issue, {}};
      }
    }
    check(issue);
    auto placed = LockArticlesInIssue(tx, publication_id, issue.Name());
    SortForPrint(placed, SectionPositions(tx, publication_id, issue_id));
    domain::RequireReadyToPublish(issue, placed);
    const domain::Timestamp now = DatabaseNow(tx);
    domain::Issue next = issue;
    const bool now_live = domain::ApplyIssuePublish(next, publish_time, now);
    if (validate_only) return IssuePublication{issue, ToPublish(placed)};
    if (!now_live) return IssuePublication{SaveIssueState(tx, next), ToPublish(placed)};
    return PublishNow(tx, issue, placed, now, mutation.audit);
  };
  if (validate_only) return database_.Run(mutation.deadline, publish);
  return database_.Run(mutation, publish);
}

int Publisher::PublishDue(Deadline deadline) {
  int handled = 0;
  while (PublishOneDueArticle(deadline)) ++handled;
  while (PublishOneDueIssue(deadline)) ++handled;
  return handled;
}

bool Publisher::PublishOneDueArticle(Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    const auto current = LockDueArticle(tx);
    if (!current) return false;
    domain::Article next = *current;
    domain::ApplyArticleAction(next, {domain::ArticleAction::kPublish, current->scheduled_correction, std::nullopt},
                               DatabaseNow(tx));
    ApplyAction(tx, *current, next, kPrincipal);
    WriteAuditEvent(tx, SchedulerAudit(current->Name()), "OK");
    spdlog::info("published {} as scheduled", current->Name());
    return true;
  });
}

bool Publisher::PublishOneDueIssue(Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    const auto issue = LockDueIssue(tx);
    if (!issue) return false;
    auto placed = LockArticlesInIssue(tx, issue->publication_id, issue->Name());
    try {
      domain::RequireReadyToPublish(*issue, placed);
    } catch (const domain::Error& error) {
      // Not ready when its time came: it goes back to planning, and the
      // desk learns why from the log and the audit record.
      domain::Issue planning = *issue;
      planning.state = domain::IssueState::kPlanning;
      planning.publish_time.reset();
      ++planning.version;
      SaveIssueState(tx, planning);
      WriteAuditEvent(tx, SchedulerAudit(issue->Name()), "FAILED_PRECONDITION");
      spdlog::error("the scheduled publication of {} failed: {}", issue->Name(), error.what());
      return true;
    }
    SortForPrint(placed, SectionPositions(tx, issue->publication_id, issue->id));
    PublishNow(tx, *issue, placed, DatabaseNow(tx), SchedulerAudit(issue->Name()));
    WriteAuditEvent(tx, SchedulerAudit(issue->Name()), "OK");
    spdlog::info("published {} as scheduled", issue->Name());
    return true;
  });
}

}  // namespace galley::store
