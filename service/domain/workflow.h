// The editorial workflow of DESIGN.md §1 as plain rules: which action is
// allowed from which state, and what it does to an article. The store runs
// these on a locked row; the API and the scheduler share them, so an
// article scheduled for 06:00 goes live exactly as one published by hand.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/error.h"
#include "domain/issue.h"
#include "domain/time.h"

namespace galley::domain {

enum class ArticleAction { kSubmit, kApprove, kReject, kPublish, kUnpublish, kKill };

// "submit", "approve", … as messages and audit records spell them.
const char* ArticleActionName(ArticleAction action);

struct ActionRequest {
  ArticleAction action = ArticleAction::kSubmit;
  // Reject: the note back to the reporter (required). Publish: a correction
  // (更正) to append. Unpublish, kill: the reason (required for kill).
  std::string note;
  // Publish only: a time after `now` schedules instead of publishing.
  std::optional<Timestamp> publish_time;
};

constexpr std::size_t kMaxNoteChars = 2000;

// Checks the request's own fields; `prefix` is empty for top-level fields.
void CheckActionRequest(FieldViolations& violations, const ActionRequest& request);

// Applies the action to `article` as of `now`, or throws FAILED_PRECONDITION
// naming its state. Every action is a new revision: the etag changes, and
// the history shows who moved the article when.
void ApplyArticleAction(Article& article, const ActionRequest& request, Timestamp now);

// Whether the action can change the version readers see (publish,
// unpublish, kill), so that what served it from memory must read it again.
bool ChangesWhatReadersSee(ArticleAction action);

// What an editor's approve or publish asks of the content, checked when it
// is asked (not again when a schedule fires): every photo caption has its
// photo attached. FAILED_PRECONDITION (reason PHOTO_MISSING) naming each
// caption otherwise.
void RequireContentReadyFor(ArticleAction action, const Article& article);

// Whether `article` may be edited (UpdateArticle, RestoreArticleRevision):
// anything but killed content.
void RequireEditable(const Article& article);

// PublishIssue's checks on the locked issue and the articles placed in it:
// FAILED_PRECONDITION with one violation per article that is not APPROVED
// (or PUBLISHED already) or shows a caption without its photo, and why, or
// for an issue with nothing placed in it.
void RequireReadyToPublish(const Issue& issue, const std::vector<Article>& placed);

// Publishes the issue as of `now`, or schedules it for a later `publish_time`;
// returns true when it is published now. A published issue is
// FAILED_PRECONDITION.
bool ApplyIssuePublish(Issue& issue, std::optional<Timestamp> publish_time, Timestamp now);

}  // namespace galley::domain
