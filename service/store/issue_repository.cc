#include "store/issue_repository.h"

#include <pqxx/prepared_statement>

#include "domain/error.h"
#include "store/idempotency.h"
#include "store/parent_check.h"
#include "store/row_time.h"

namespace galley::store {

namespace {

// The columns every issue statement returns, in ReadIssue's order.
#define GALLEY_ISSUE_COLUMNS                                                                       \
  "publication_id, id, issue_date::text, COALESCE(issue_number, 0), title, state, version, "      \
  GALLEY_SQL_MICROS("create_time") ", " GALLEY_SQL_MICROS("update_time") ", "                      \
  GALLEY_SQL_MICROS("publish_time")
#define GALLEY_SECTION_COLUMNS                                                                     \
  "publication_id, issue_id, id, display_name, page_number, position, version, "                  \
  GALLEY_SQL_MICROS("create_time") ", " GALLEY_SQL_MICROS("update_time")

const Statement kInsertIssue{
    "insert_issue",
    "INSERT INTO issues (publication_id, id, issue_date, issue_number, title) "
    "VALUES ($1, $2, $3::date, NULLIF($4::integer, 0), $5) ON CONFLICT DO NOTHING RETURNING " GALLEY_ISSUE_COLUMNS};
const Statement kIssueExists{"issue_exists", "SELECT 1 FROM issues WHERE publication_id = $1 AND id = $2"};
const Statement kIssueNumberTaken{
    "issue_number_taken",
    "SELECT id FROM issues WHERE publication_id = $1 AND issue_number = $2::integer AND id <> $3"};
const Statement kSelectIssue{"select_issue",
                             "SELECT " GALLEY_ISSUE_COLUMNS " FROM issues WHERE publication_id = $1 AND id = $2"};
const Statement kLockIssue{
    "lock_issue", "SELECT " GALLEY_ISSUE_COLUMNS " FROM issues WHERE publication_id = $1 AND id = $2 FOR UPDATE"};
const Statement kShareIssue{
    "share_issue",
    "SELECT " GALLEY_ISSUE_COLUMNS " FROM issues WHERE publication_id = $1 AND id = $2 FOR KEY SHARE"};
const Statement kUpdateIssue{
    "update_issue",
    "UPDATE issues SET issue_date = $3::date, issue_number = NULLIF($4::integer, 0), title = $5, "
    "version = version + 1, update_time = clock_timestamp() WHERE publication_id = $1 AND id = $2 "
    "RETURNING " GALLEY_ISSUE_COLUMNS};
const Statement kSetIssueState{
    "set_issue_state",
    "UPDATE issues SET state = $3, version = $4::bigint, "
    "publish_time = 'epoch'::timestamptz + NULLIF($5, '')::bigint * interval '1 microsecond', "
    "update_time = clock_timestamp() WHERE publication_id = $1 AND id = $2 RETURNING " GALLEY_ISSUE_COLUMNS};
// The oldest due scheduled issue no other transaction is publishing.
const Statement kLockDueIssue{"lock_due_issue",
                              "SELECT " GALLEY_ISSUE_COLUMNS " FROM issues WHERE state = 'SCHEDULED' "
                              "AND publish_time <= clock_timestamp() ORDER BY publish_time "
                              "LIMIT 1 FOR UPDATE SKIP LOCKED"};
const Statement kSectionPositions{"section_positions",
                                  "SELECT id, position FROM sections WHERE publication_id = $1 AND issue_id = $2"};
const Statement kDeleteIssue{"delete_issue", "DELETE FROM issues WHERE publication_id = $1 AND id = $2"};

const Statement kInsertSection{
    "insert_section",
    "INSERT INTO sections (publication_id, issue_id, id, display_name, page_number, position) "
    "SELECT $1, $2, $3, $4, $5::integer, CASE WHEN $6::integer > 0 THEN $6::integer ELSE "
    "(SELECT COALESCE(max(position), 0) + 1 FROM sections WHERE publication_id = $1 AND issue_id = $2) END "
    "ON CONFLICT DO NOTHING RETURNING " GALLEY_SECTION_COLUMNS};
const Statement kSelectSection{"select_section",
                               "SELECT " GALLEY_SECTION_COLUMNS
                               " FROM sections WHERE publication_id = $1 AND issue_id = $2 AND id = $3"};
const Statement kLockSection{"lock_section",
                             "SELECT " GALLEY_SECTION_COLUMNS
                             " FROM sections WHERE publication_id = $1 AND issue_id = $2 AND id = $3 FOR UPDATE"};
const Statement kUpdateSection{
    "update_section",
    "UPDATE sections SET display_name = $4, page_number = $5::integer, position = $6::integer, "
    "version = version + 1, update_time = clock_timestamp() "
    "WHERE publication_id = $1 AND issue_id = $2 AND id = $3 RETURNING " GALLEY_SECTION_COLUMNS};
const Statement kDeleteSection{"delete_section",
                               "DELETE FROM sections WHERE publication_id = $1 AND issue_id = $2 AND id = $3"};

const Statement kArticlesInIssue{"articles_in_issue",
                                 "SELECT count(*) FROM articles WHERE issue = $1 AND delete_time IS NULL"};
const Statement kArticlesInSection{"articles_in_section",
                                   "SELECT count(*) FROM articles WHERE section = $1 AND delete_time IS NULL"};

const ListTable& IssueListTable() {
  static const ListTable kTable{
      "list_issues",
      GALLEY_ISSUE_COLUMNS,
      "issues",
      "id",
      {{"name", "id", domain::FieldType::kString},
       {"state", "state", domain::FieldType::kString},
       {"issue_date", "issue_date", domain::FieldType::kDate},
       {"issue_number", "COALESCE(issue_number, 0)", domain::FieldType::kInteger},  // 0: not numbered
       {"create_time", "create_time", domain::FieldType::kTimestamp},
       {"update_time", "update_time", domain::FieldType::kTimestamp}},
      {"publication_id = $1"},
  };
  return kTable;
}

const ListTable& SectionListTable() {
  static const ListTable kTable{
      "list_sections",
      GALLEY_SECTION_COLUMNS,
      "sections",
      "id",
      {{"name", "id", domain::FieldType::kString},
       {"position", "position", domain::FieldType::kInteger},
       {"page_number", "page_number", domain::FieldType::kInteger}},
      {"publication_id = $1", "issue_id = $2"},
  };
  return kTable;
}

#undef GALLEY_ISSUE_COLUMNS
#undef GALLEY_SECTION_COLUMNS

domain::Issue ReadIssue(const pqxx::row& row) {
  domain::Issue issue;
  issue.publication_id = row[0].as<std::string>();
  issue.id = row[1].as<std::string>();
  issue.issue_date = row[2].as<std::string>();
  issue.issue_number = row[3].as<int>();
  issue.title = row[4].as<std::string>();
  issue.state = domain::ParseIssueState(row[5].as<std::string>());
  issue.version = row[6].as<std::int64_t>();
  issue.create_time = TimestampOf(row[7]);
  issue.update_time = TimestampOf(row[8]);
  issue.publish_time = OptionalTimestampOf(row[9]);
  return issue;
}

domain::Section ReadSection(const pqxx::row& row) {
  domain::Section section;
  section.publication_id = row[0].as<std::string>();
  section.issue_id = row[1].as<std::string>();
  section.id = row[2].as<std::string>();
  section.display_name = row[3].as<std::string>();
  section.page_number = row[4].as<int>();
  section.position = row[5].as<int>();
  section.version = row[6].as<std::int64_t>();
  section.create_time = TimestampOf(row[7]);
  section.update_time = TimestampOf(row[8]);
  return section;
}

std::string IssueNameOf(const std::string& publication_id, const std::string& id) {
  return domain::IssueName().Format({publication_id, id});
}

std::string SectionNameOf(const std::string& publication_id, const std::string& issue_id, const std::string& id) {
  return domain::SectionName().Format({publication_id, issue_id, id});
}

// Reads an issue with `statement` (a plain, shared or update lock).
domain::Issue ExistingIssue(Transaction& tx, const Statement& statement, const std::string& publication_id,
                            const std::string& id) {
  const auto rows = tx.Exec(statement, publication_id, id);
  if (rows.empty()) throw domain::NotFound(IssueNameOf(publication_id, id));
  return ReadIssue(rows[0]);
}

domain::Section ExistingSection(Transaction& tx, const Statement& statement, const std::string& publication_id,
                                const std::string& issue_id, const std::string& id) {
  const auto rows = tx.Exec(statement, publication_id, issue_id, id);
  if (rows.empty()) throw domain::NotFound(SectionNameOf(publication_id, issue_id, id));
  return ReadSection(rows[0]);
}

void RequireFreeIssueNumber(Transaction& tx, const domain::Issue& issue) {
  if (issue.issue_number == 0) return;
  const auto taken = tx.Exec(kIssueNumberTaken, issue.publication_id, issue.issue_number, issue.id);
  if (taken.empty()) return;
  domain::Error error = domain::AlreadyExists(IssueNameOf(issue.publication_id, taken[0][0].as<std::string>()));
  error.AddFieldViolation({"issue.issue_number", "issue number " + std::to_string(issue.issue_number) +
                                                     " is already taken by " +
                                                     IssueNameOf(issue.publication_id, taken[0][0].as<std::string>())});
  throw error;
}

}  // namespace

domain::Issue IssueRepository::CreateIssue(const domain::Issue& issue,
                                           const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    RequirePublication(tx, issue.publication_id);
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, issue.Name())) {
        const auto ids = domain::IssueName().Parse("name", *earlier);
        return ExistingIssue(tx, kSelectIssue, ids[0], ids[1]);
      }
    }
    if (!tx.Exec(kIssueExists, issue.publication_id, issue.id).empty()) throw domain::AlreadyExists(issue.Name());
    RequireFreeIssueNumber(tx, issue);
    const auto rows =
        tx.Exec(kInsertIssue, issue.publication_id, issue.id, issue.issue_date, issue.issue_number, issue.title);
    if (rows.empty()) throw domain::AlreadyExists(issue.Name());  // created in the meantime
    return ReadIssue(rows[0]);
  });
}

domain::Issue IssueRepository::GetIssue(const std::string& publication_id, const std::string& id,
                                        Deadline deadline) {
  return database_.Run(deadline,
                       [&](Transaction& tx) { return ExistingIssue(tx, kSelectIssue, publication_id, id); });
}

ListPage<domain::Issue> IssueRepository::ListIssues(const std::string& publication_id,
                                                    const domain::ListQuery& query, Deadline deadline) {
  const ListSql list = BuildListSql(IssueListTable(), query, {publication_id});
  return database_.Run(deadline, [&](Transaction& tx) {
    RequirePublication(tx, publication_id);
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadIssue);
  });
}

domain::Issue IssueRepository::UpdateIssue(const std::string& publication_id, const std::string& id,
                                           const std::function<void(domain::Issue&)>& change, const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Issue current = ExistingIssue(tx, kLockIssue, publication_id, id);
    domain::Issue updated = current;
    change(updated);
    if (updated.issue_date == current.issue_date && updated.issue_number == current.issue_number &&
        updated.title == current.title) {
      return current;
    }
    RequireFreeIssueNumber(tx, updated);
    return ReadIssue(tx.Exec(kUpdateIssue, publication_id, id, updated.issue_date, updated.issue_number,
                             updated.title)
                         .at(0));
  });
}

void IssueRepository::DeleteIssue(const std::string& publication_id, const std::string& id,
                                  const std::function<void(const domain::Issue&)>& check, const Mutation& mutation) {
  database_.Run(mutation, [&](Transaction& tx) {
    const domain::Issue issue = ExistingIssue(tx, kLockIssue, publication_id, id);
    check(issue);
    RequireUnused(tx, kArticlesInIssue, issue.Name(), "articles placed in it");
    tx.Exec(kDeleteIssue, publication_id, id);
  });
}

domain::Section IssueRepository::CreateSection(const domain::Section& section,
                                               const std::optional<domain::IdempotencyKey>& request,
                                               const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    // A shared lock: the issue cannot be deleted under the new section.
    ExistingIssue(tx, kShareIssue, section.publication_id, section.issue_id);
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, section.Name())) {
        const auto ids = domain::SectionName().Parse("name", *earlier);
        return ExistingSection(tx, kSelectSection, ids[0], ids[1], ids[2]);
      }
    }
    const auto rows = tx.Exec(kInsertSection, section.publication_id, section.issue_id, section.id,
                              section.display_name, section.page_number, section.position);
    if (rows.empty()) throw domain::AlreadyExists(section.Name());
    return ReadSection(rows[0]);
  });
}

domain::Section IssueRepository::GetSection(const std::string& publication_id, const std::string& issue_id,
                                            const std::string& id, Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    return ExistingSection(tx, kSelectSection, publication_id, issue_id, id);
  });
}

ListPage<domain::Section> IssueRepository::ListSections(const std::string& publication_id,
                                                        const std::string& issue_id,
                                                        const domain::ListQuery& query, Deadline deadline) {
  const ListSql list = BuildListSql(SectionListTable(), query, {publication_id, issue_id});
  return database_.Run(deadline, [&](Transaction& tx) {
    ExistingIssue(tx, kSelectIssue, publication_id, issue_id);
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadSection);
  });
}

domain::Section IssueRepository::UpdateSection(const std::string& publication_id, const std::string& issue_id,
                                               const std::string& id,
                                               const std::function<void(domain::Section&)>& change,
                                               const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Section current = ExistingSection(tx, kLockSection, publication_id, issue_id, id);
    domain::Section updated = current;
    change(updated);
    if (updated.display_name == current.display_name && updated.page_number == current.page_number &&
        updated.position == current.position) {
      return current;
    }
    return ReadSection(tx.Exec(kUpdateSection, publication_id, issue_id, id, updated.display_name,
                               updated.page_number, updated.position)
                           .at(0));
  });
}

void IssueRepository::DeleteSection(const std::string& publication_id, const std::string& issue_id,
                                    const std::string& id, const std::function<void(const domain::Section&)>& check,
                                    const Mutation& mutation) {
  database_.Run(mutation, [&](Transaction& tx) {
    const domain::Section section = ExistingSection(tx, kLockSection, publication_id, issue_id, id);
    check(section);
    RequireUnused(tx, kArticlesInSection, section.Name(), "articles placed in it");
    tx.Exec(kDeleteSection, publication_id, issue_id, id);
  });
}

domain::Issue LockIssue(Transaction& tx, const std::string& publication_id, const std::string& id) {
  return ExistingIssue(tx, kLockIssue, publication_id, id);
}

std::optional<domain::Issue> LockDueIssue(Transaction& tx) {
  const auto rows = tx.Exec(kLockDueIssue);
  if (rows.empty()) return std::nullopt;
  return ReadIssue(rows[0]);
}

std::optional<domain::Issue> FindIssue(Transaction& tx, const std::string& publication_id, const std::string& id) {
  const auto rows = tx.Exec(kSelectIssue, publication_id, id);
  if (rows.empty()) return std::nullopt;
  return ReadIssue(rows[0]);
}

domain::Issue SaveIssueState(Transaction& tx, const domain::Issue& issue) {
  const std::string publish_time =
      issue.publish_time ? std::to_string(issue.publish_time->time_since_epoch().count()) : std::string();
  return ReadIssue(tx.Exec(kSetIssueState, issue.publication_id, issue.id, domain::IssueStateName(issue.state),
                           issue.version, publish_time)
                       .at(0));
}

std::map<std::string, int> SectionPositions(Transaction& tx, const std::string& publication_id,
                                            const std::string& issue_id) {
  std::map<std::string, int> positions;
  for (const auto& row : tx.Exec(kSectionPositions, publication_id, issue_id)) {
    positions[domain::SectionName().Format({publication_id, issue_id, row[0].as<std::string>()})] = row[1].as<int>();
  }
  return positions;
}

}  // namespace galley::store
