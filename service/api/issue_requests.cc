#include "api/issue_requests.h"

#include "api/time_conversion.h"
#include "domain/etag.h"
#include "domain/publication.h"
#include "domain/request_id.h"

namespace galley::api {

namespace {

// The client-settable fields only; the rest are output only.
domain::Issue FromProto(const v1::Issue& issue) {
  domain::Issue out;
  out.issue_date = issue.issue_date();
  out.issue_number = issue.issue_number();
  out.title = issue.title();
  return out;
}

domain::Section FromProto(const v1::Section& section) {
  domain::Section out;
  out.display_name = section.display_name();
  out.page_number = section.page_number();
  out.position = section.position();
  return out;
}

}  // namespace

domain::Issue ParseCreateIssue(const v1::CreateIssueRequest& request) {
  const auto parent = domain::PublicationName().Parse("parent", request.parent());
  domain::FieldViolations violations;
  if (!request.has_issue()) violations.Add("issue", "is required");
  domain::Issue issue = FromProto(request.issue());
  if (request.has_issue()) domain::CheckIssue(violations, "issue", issue);
  issue.publication_id = parent[0];
  issue.id = request.issue_id().empty() ? issue.issue_date : request.issue_id();
  if (!request.issue_id().empty() || domain::IsIsoDate(issue.issue_date)) {
    domain::CheckResourceId(violations, "issue_id", issue.id);
  }
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  return issue;
}

std::vector<std::string> ParseGetIssue(const v1::GetIssueRequest& request) {
  return domain::IssueName().Parse("name", request.name());
}

ParsedList ParseListIssues(const v1::ListIssuesRequest& request, const domain::PageTokenCodec& page_tokens) {
  return ParseChildListRequest(request, domain::PublicationName(), "issues", domain::IssueQueryFields(),
                               "issue_date desc", page_tokens);
}

UpdateCommand<domain::Issue> ParseUpdateIssue(const v1::UpdateIssueRequest& request) {
  return ParseMaskedUpdate<domain::Issue>(
      "issue", request.has_issue(), request.issue(), request.update_mask(), domain::IssueName(),
      domain::IssueFields(), FromProto(request.issue()), domain::ApplyIssueUpdate,
      [](auto& violations, const auto& issue) { domain::CheckIssue(violations, "issue", issue); });
}

std::vector<std::string> ParseDeleteIssue(const v1::DeleteIssueRequest& request) {
  return domain::IssueName().Parse("name", request.name());
}

domain::Section ParseCreateSection(const v1::CreateSectionRequest& request) {
  const auto parent = domain::IssueName().Parse("parent", request.parent());
  domain::FieldViolations violations;
  if (!request.has_section()) violations.Add("section", "is required");
  domain::Section section = FromProto(request.section());
  if (request.has_section()) domain::CheckSection(violations, "section", section);
  if (request.section_id().empty()) {
    violations.Add("section_id", "is required: the page or section id, such as a03");
  } else {
    domain::CheckResourceId(violations, "section_id", request.section_id());
  }
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  section.publication_id = parent[0];
  section.issue_id = parent[1];
  section.id = request.section_id();
  return section;
}

std::vector<std::string> ParseGetSection(const v1::GetSectionRequest& request) {
  return domain::SectionName().Parse("name", request.name());
}

ParsedList ParseListSections(const v1::ListSectionsRequest& request, const domain::PageTokenCodec& page_tokens) {
  return ParseChildListRequest(request, domain::IssueName(), "sections", domain::SectionQueryFields(), "position",
                               page_tokens);
}

UpdateCommand<domain::Section> ParseUpdateSection(const v1::UpdateSectionRequest& request) {
  return ParseMaskedUpdate<domain::Section>(
      "section", request.has_section(), request.section(), request.update_mask(), domain::SectionName(),
      domain::SectionFields(), FromProto(request.section()), domain::ApplySectionUpdate,
      [](auto& violations, const auto& section) {
        domain::CheckSection(violations, "section", section);
        if (section.position == 0) violations.Add("section.position", "must be at least 1");
      });
}

std::vector<std::string> ParseDeleteSection(const v1::DeleteSectionRequest& request) {
  return domain::SectionName().Parse("name", request.name());
}

PublishIssueCommand ParsePublishIssue(const v1::PublishIssueRequest& request) {
  PublishIssueCommand command;
  command.ids = domain::IssueName().Parse("name", request.name());
  domain::FieldViolations violations;
  domain::RequireEtag(violations, "etag", request.etag());
  domain::CheckRequestId(violations, "request_id", request.request_id());
  violations.ThrowIfAny();
  if (request.has_publish_time()) command.publish_time = FromProto("publish_time", request.publish_time());
  return command;
}

}  // namespace galley::api
