#include "domain/issue.h"

#include "domain/etag.h"
#include "domain/text.h"

namespace galley::domain {

const char* IssueStateName(IssueState state) {
  switch (state) {
    case IssueState::kPlanning: return "PLANNING";
    case IssueState::kScheduled: return "SCHEDULED";
    case IssueState::kPublished: return "PUBLISHED";
  }
  return "PLANNING";
}

IssueState ParseIssueState(const std::string& name) {
  if (name == "PUBLISHED") return IssueState::kPublished;
  if (name == "SCHEDULED") return IssueState::kScheduled;
  return IssueState::kPlanning;
}

std::string Issue::Name() const { return IssueName().Format({publication_id, id}); }
std::string Issue::Etag() const { return MakeEtag(Name(), version); }
std::string Section::Name() const { return SectionName().Format({publication_id, issue_id, id}); }
std::string Section::Etag() const { return MakeEtag(Name(), version); }

const NamePattern& IssueName() {
  static const NamePattern kPattern("publications/{publication}/issues/{issue}");
  return kPattern;
}

const NamePattern& SectionName() {
  static const NamePattern kPattern("publications/{publication}/issues/{issue}/sections/{section}");
  return kPattern;
}

void CheckIssue(FieldViolations& violations, const std::string& prefix, const Issue& issue) {
  if (issue.issue_date.empty()) {
    violations.Add(prefix + ".issue_date", "is required: the date printed on the issue, such as 2026-05-12");
  } else if (!IsIsoDate(issue.issue_date)) {
    violations.Add(prefix + ".issue_date", "must be a date YYYY-MM-DD that exists, such as 2026-05-12");
  }
  if (issue.issue_number < 0) violations.Add(prefix + ".issue_number", "must not be negative (0: not numbered)");
  CheckText(violations, prefix + ".title", issue.title, TextRule{false, kMaxIssueTitleChars, true});
}

void CheckSection(FieldViolations& violations, const std::string& prefix, const Section& section) {
  CheckText(violations, prefix + ".display_name", section.display_name,
            TextRule{/*required=*/true, kMaxSectionNameChars, /*single_line=*/true});
  if (section.page_number < 0 || section.page_number > kMaxPageNumber) {
    violations.Add(prefix + ".page_number", "must be from 0 (web only) to " + std::to_string(kMaxPageNumber));
  }
  if (section.position < 0) violations.Add(prefix + ".position", "must not be negative");
}

void ApplyIssueUpdate(Issue& target, const Issue& update, const std::set<std::string>& mask) {
  if (mask.count("issue_date") > 0) target.issue_date = update.issue_date;
  if (mask.count("issue_number") > 0) target.issue_number = update.issue_number;
  if (mask.count("title") > 0) target.title = update.title;
}

void ApplySectionUpdate(Section& target, const Section& update, const std::set<std::string>& mask) {
  if (mask.count("display_name") > 0) target.display_name = update.display_name;
  if (mask.count("page_number") > 0) target.page_number = update.page_number;
  if (mask.count("position") > 0) target.position = update.position;
}

const ResourceFields& IssueFields() {
  static const ResourceFields kFields{{"issue_date", "issue_number", "title"},
                                      {"name", "state", "create_time", "update_time", "publish_time", "etag"}};
  return kFields;
}

const ResourceFields& SectionFields() {
  static const ResourceFields kFields{{"display_name", "page_number", "position"},
                                      {"name", "create_time", "update_time", "etag"}};
  return kFields;
}

const std::vector<QueryableField>& IssueQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"name", FieldType::kString, false, true},
      {"state", FieldType::kString, true, false},
      {"issue_date", FieldType::kDate, true, true},
      {"issue_number", FieldType::kInteger, true, true},
      {"create_time", FieldType::kTimestamp, true, true},
      {"update_time", FieldType::kTimestamp, true, false},
  };
  return kFields;
}

const std::vector<QueryableField>& SectionQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"name", FieldType::kString, false, true},
      {"position", FieldType::kInteger, false, true},
      {"page_number", FieldType::kInteger, true, true},
  };
  return kFields;
}

}  // namespace galley::domain
