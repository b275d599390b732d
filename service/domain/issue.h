// Issues (期) of a publication and their sections (版面), and the rules
// their fields follow.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/list_query.h"
#include "domain/resource_name.h"
#include "domain/time.h"
#include "domain/update_mask.h"

namespace galley::domain {

enum class IssueState { kPlanning, kScheduled, kPublished };

const char* IssueStateName(IssueState state);  // "PLANNING", as stored and filtered
IssueState ParseIssueState(const std::string& name);

struct Issue {
  std::string publication_id;
  std::string id;
  std::string issue_date;  // YYYY-MM-DD
  int issue_number = 0;    // 0: not numbered
  std::string title;
  IssueState state = IssueState::kPlanning;
  std::int64_t version = 0;
  Timestamp create_time;
  Timestamp update_time;
  std::optional<Timestamp> publish_time;

  std::string Name() const;
  std::string Etag() const;
};

struct Section {
  std::string publication_id;
  std::string issue_id;
  std::string id;
  std::string display_name;
  int page_number = 0;
  int position = 0;  // 0 on create: after the last section
  std::int64_t version = 0;
  Timestamp create_time;
  Timestamp update_time;

  std::string Name() const;
  std::string Etag() const;
};

const NamePattern& IssueName();    // publications/{publication}/issues/{issue}
const NamePattern& SectionName();  // .../issues/{issue}/sections/{section}

constexpr std::size_t kMaxIssueTitleChars = 200;
constexpr std::size_t kMaxSectionNameChars = 100;
constexpr int kMaxPageNumber = 9999;

void CheckIssue(FieldViolations& violations, const std::string& prefix, const Issue& issue);
void CheckSection(FieldViolations& violations, const std::string& prefix, const Section& section);

void ApplyIssueUpdate(Issue& target, const Issue& update, const std::set<std::string>& mask);
void ApplySectionUpdate(Section& target, const Section& update, const std::set<std::string>& mask);

const ResourceFields& IssueFields();
const ResourceFields& SectionFields();
const std::vector<QueryableField>& IssueQueryFields();
const std::vector<QueryableField>& SectionQueryFields();

}  // namespace galley::domain
