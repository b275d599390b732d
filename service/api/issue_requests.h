// IssueService's requests, checked and converted to what the store takes:
// all that a call does before it touches the database (the service runs
// exactly these; tests/fuzz/service_request_fuzz.cc feeds them arbitrary
// requests). Each returns a value fit to store or throws domain::Error
// (INVALID_ARGUMENT naming the field).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/list_request.h"
#include "api/masked_update.h"
#include "domain/issue.h"
#include "domain/page_token.h"
#include "domain/time.h"
#include "galley/v1/issue_service.pb.h"

namespace galley::api {

// The new issue, its id chosen (or its date).
domain::Issue ParseCreateIssue(const v1::CreateIssueRequest& request);
std::vector<std::string> ParseGetIssue(const v1::GetIssueRequest& request);
ParsedList ParseListIssues(const v1::ListIssuesRequest& request, const domain::PageTokenCodec& page_tokens);
UpdateCommand<domain::Issue> ParseUpdateIssue(const v1::UpdateIssueRequest& request);
std::vector<std::string> ParseDeleteIssue(const v1::DeleteIssueRequest& request);

domain::Section ParseCreateSection(const v1::CreateSectionRequest& request);
std::vector<std::string> ParseGetSection(const v1::GetSectionRequest& request);
ParsedList ParseListSections(const v1::ListSectionsRequest& request, const domain::PageTokenCodec& page_tokens);
UpdateCommand<domain::Section> ParseUpdateSection(const v1::UpdateSectionRequest& request);
std::vector<std::string> ParseDeleteSection(const v1::DeleteSectionRequest& request);

struct PublishIssueCommand {
  std::vector<std::string> ids;                 // the issue's
  std::optional<domain::Timestamp> publish_time;  // a time to come schedules
};
PublishIssueCommand ParsePublishIssue(const v1::PublishIssueRequest& request);

}  // namespace galley::api
