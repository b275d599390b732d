#include "domain/workflow.h"

#include <algorithm>

#include "domain/text.h"

namespace galley::domain {

namespace {

bool OneOf(const std::string& state, std::initializer_list<const char*> states) {
  return std::any_of(states.begin(), states.end(), [&](const char* s) { return state == s; });
}

void Require(const Article& article, std::initializer_list<const char*> states, const std::string& why) {
  if (!OneOf(article.state, states)) throw WrongState(article.Name(), article.state, why);
}

void PublishNow(Article& article, const std::string& correction, Timestamp now) {
  if (!correction.empty()) {
    article.corrections.push_back({correction, now, article.published_revision, article.revision});
  }
  article.state = "PUBLISHED";
  article.published_revision = article.revision;
  article.live = true;
  article.publish_time = now;
  article.state_reason.clear();
  article.scheduled_correction.clear();
}

// A caption whose picture was never attached must not reach readers.
void AddMissingPhotos(std::vector<PreconditionViolation>& violations, const Article& article) {
  for (std::size_t i = 0; i < article.content.body.size(); ++i) {
    const Block& block = article.content.body[i];
    if (block.kind != "PHOTO" || !block.photo.empty()) continue;
    violations.push_back({"PHOTO_MISSING", article.Name() + " body[" + std::to_string(i) + "]",
                          "the caption \"" + block.text + "\" has no photo attached"});
  }
}

}  // namespace

const char* ArticleActionName(ArticleAction action) {
  switch (action) {
    case ArticleAction::kSubmit: return "submit";
    case ArticleAction::kApprove: return "approve";
    case ArticleAction::kReject: return "reject";
    case ArticleAction::kPublish: return "publish";
    case ArticleAction::kUnpublish: return "unpublish";
    case ArticleAction::kKill: return "kill";
  }
  return "change";
}

void CheckActionRequest(FieldViolations& violations, const ActionRequest& request) {
  const bool required = request.action == ArticleAction::kReject || request.action == ArticleAction::kKill;
  const char* field = request.action == ArticleAction::kPublish ? "correction"
                      : request.action == ArticleAction::kReject ? "note"
                                                                  : "reason";
  CheckText(violations, field, request.note, TextRule{required, kMaxNoteChars, /*single_line=*/false});
}

void ApplyArticleAction(Article& article, const ActionRequest& request, Timestamp now) {
  const std::string& note = request.note;
  switch (request.action) {
    case ArticleAction::kSubmit:
      Require(article, {"DRAFT"}, "only a draft can be submitted");
      article.state = "SUBMITTED";
      article.state_reason.clear();
      break;
    case ArticleAction::kApprove:
      Require(article, {"SUBMITTED"}, "only a submitted article can be approved");
      article.state = "APPROVED";
      break;
    case ArticleAction::kReject:
      Require(article, {"SUBMITTED", "APPROVED"}, "only a submitted or approved article can be rejected");
      article.state = "DRAFT";
      article.state_reason = note;
      break;
    case ArticleAction::kPublish:
      Require(article, {"APPROVED", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"},
              "only an approved, scheduled, published or unpublished article can be published");
      if (!note.empty() && article.published_revision == 0) {
        throw InvalidField("correction", "only an article published before can be corrected");
      }
      if (request.publish_time && *request.publish_time > now) {
        article.state = "SCHEDULED";
        article.publish_time = request.publish_time;
        article.scheduled_correction = note;
      } else {
        ++article.revision;  // the published revision is the one this action writes
        PublishNow(article, note, now);
        return;
      }
      break;
    case ArticleAction::kUnpublish:
      Require(article, {"PUBLISHED", "SCHEDULED"}, "only a published or scheduled article can be unpublished");
      article.state = "UNPUBLISHED";
      article.live = false;
      article.state_reason = note;
      article.scheduled_correction.clear();
      break;
    case ArticleAction::kKill:
      if (article.state == "KILLED") throw WrongState(article.Name(), article.state, "it is killed already");
      article.state = "KILLED";
      article.live = false;
      article.state_reason = note;
      article.scheduled_correction.clear();
      break;
  }
  ++article.revision;
}

bool ChangesWhatReadersSee(ArticleAction action) {
  return action == ArticleAction::kPublish || action == ArticleAction::kUnpublish || action == ArticleAction::kKill;
}

void RequireContentReadyFor(ArticleAction action, const Article& article) {
  if (action != ArticleAction::kApprove && action != ArticleAction::kPublish) return;
  std::vector<PreconditionViolation> violations;
  AddMissingPhotos(violations, article);
  if (violations.empty()) return;
  Error error(ErrorCode::kFailedPrecondition, "PHOTO_MISSING",
              article.Name() + " shows " + std::to_string(violations.size()) +
                  " photo caption(s) with no photo attached: attach the photos or remove the captions");
  for (auto& violation : violations) error.AddPreconditionViolation(std::move(violation));
  throw error;
}

void RequireEditable(const Article& article) {
  if (article.state == "KILLED") {
    throw WrongState(article.Name(), article.state, "killed content stays as it was for the record");
  }
}

void RequireReadyToPublish(const Issue& issue, const std::vector<Article>& placed) {
  if (placed.empty()) {
    Error error(ErrorCode::kFailedPrecondition, "ISSUE_NOT_READY",
                issue.Name() + " has no articles placed in its sections");
    error.AddPreconditionViolation({"EMPTY", issue.Name(), "has no articles placed in its sections"});
    throw error;
  }
  std::vector<PreconditionViolation> violations;
  for (const auto& article : placed) {
    if (article.state == "APPROVED" || article.state == "PUBLISHED") continue;
    violations.push_back(
        {"NOT_READY", article.Name(), "is " + article.state + "; it must be APPROVED (or PUBLISHED already)"});
  }
  const std::size_t unapproved = violations.size();
  for (const auto& article : placed) AddMissingPhotos(violations, article);
  if (violations.empty()) return;
  std::string why;
  if (unapproved > 0) {
    why = std::to_string(unapproved) + " of its " + std::to_string(placed.size()) + " articles are not approved";
  }
  if (violations.size() > unapproved) {
    why += (why.empty() ? "" : "; ") + std::to_string(violations.size() - unapproved) +
           " photo caption(s) have no photo attached";
  }
  Error error(ErrorCode::kFailedPrecondition, "ISSUE_NOT_READY", issue.Name() + " is not ready: " + why);
  for (auto& violation : violations) error.AddPreconditionViolation(std::move(violation));
  throw error;
}

bool ApplyIssuePublish(Issue& issue, std::optional<Timestamp> publish_time, Timestamp now) {
  if (issue.state == IssueState::kPublished) {
    throw WrongState(issue.Name(), IssueStateName(issue.state), "it is published already");
  }
  ++issue.version;
  if (publish_time && *publish_time > now) {
    issue.state = IssueState::kScheduled;
    issue.publish_time = publish_time;
    return false;
  }
  issue.state = IssueState::kPublished;
  issue.publish_time = now;
  return true;
}

}  // namespace galley::domain
