#include "store/change_log.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <pqxx/binarystring>

#include "domain/digest.h"
#include "store/article_repository.h"
#include "store/issue_repository.h"
#include "store/photo_repository.h"
#include "store/row_time.h"
#include "store/text_array.h"

namespace galley::store {

namespace {

// Held from the append to the commit, the lock makes the log's writers take
// sequences one transaction at a time: each reads the head only after the
// one before it committed. Transaction-scoped, so a crash releases it.
const Statement kLockLog{"lock_change_log", "SELECT pg_advisory_xact_lock(hashtext('galley.changes'))"};
const Statement kAppend{
    "append_changes",
    "INSERT INTO changes (sequence, type, publication_id, resource, article_id, revision, issue_id, reason, "
    "articles, photo) "
    "SELECT (SELECT COALESCE(max(sequence), 0) FROM changes) + k.n, k.type, k.publication_id, k.resource, "
    "NULLIF(k.article_id, ''), NULLIF(k.revision, 0), NULLIF(k.issue_id, ''), k.reason, k.articles::text[], "
    "decode(NULLIF(k.photo, ''), 'hex') "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], "
    "$8::text[], $9::text[]) "
    "WITH ORDINALITY AS k(type, publication_id, resource, article_id, revision, issue_id, reason, articles, photo, n) "
    "RETURNING sequence"};
// Delivered when the transaction commits, not before; never if it rolls back.
const Statement kNotify{"notify_changes", "SELECT pg_notify('galley_changes', $1)"};

const Statement kHead{"change_log_head", "SELECT COALESCE(max(sequence), 0) FROM changes"};
// A range of the primary key from a recent sequence: a replica's lag, a
// handful of rows at most.
const Statement kKilledAfter{"change_log_killed_after",
                             "SELECT resource FROM changes WHERE sequence > $1::bigint AND type = 'ARTICLE_KILLED'"};
#define GALLEY_CHANGE_COLUMNS                                                                                    \
  "sequence, type, publication_id, resource, " GALLEY_SQL_MICROS("commit_time") ", reason, COALESCE(article_id, " \
  "''), COALESCE(revision, 0), COALESCE(issue_id, ''), articles, photo"
// Both bounded by the head read first, so that what a page returns and where
// the next one starts come from the same view of the log.
const Statement kList{"list_changes", "SELECT " GALLEY_CHANGE_COLUMNS " FROM changes "
                                      "WHERE sequence > $1::bigint AND sequence <= $2::bigint "
                                      "ORDER BY sequence LIMIT $3::integer"};
const Statement kListOfPublication{"list_publication_changes",
                                   "SELECT " GALLEY_CHANGE_COLUMNS " FROM changes WHERE publication_id = $4 "
                                   "AND sequence > $1::bigint AND sequence <= $2::bigint "
                                   "ORDER BY sequence LIMIT $3::integer"};
#undef GALLEY_CHANGE_COLUMNS

struct ChangeRow {
  domain::Change change;
  std::string article_id;
  std::int64_t revision = 0;
  std::string issue_id;
};

ChangeRow ReadChangeRow(const pqxx::row& row) {
  ChangeRow out;
  out.change.sequence = row[0].as<std::int64_t>();
  out.change.type = domain::ParseChangeType(row[1].as<std::string>());
  out.change.publication_id = row[2].as<std::string>();
  out.change.resource = row[3].as<std::string>();
  out.change.commit_time = TimestampOf(row[4]);
  out.change.reason = row[5].as<std::string>();
  out.article_id = row[6].as<std::string>();
  out.revision = row[7].as<std::int64_t>();
  out.issue_id = row[8].as<std::string>();
  out.change.articles = ReadTextArray(row[9]);
  if (!row[10].is_null()) out.change.photo = domain::DecodePhotoSnapshot(pqxx::binarystring(row[10]).str());
  return out;
}

// The photos each article payload shows, in the order it first shows them,
// read in one query for the whole page.
void ReadArticlePhotos(Transaction& tx, std::vector<domain::Change>& changes) {
  std::vector<std::string> names;
  for (const auto& change : changes) {
    if (!change.article) continue;
    for (const auto& block : change.article->content.body) {
      if (!block.photo.empty()) names.push_back(block.photo);
    }
  }
  if (names.empty()) return;
  std::map<std::string, domain::Photo> photos;
  for (auto& photo : FindPhotos(tx, names)) photos.emplace(photo.Name(), std::move(photo));
  for (auto& change : changes) {
    if (!change.article) continue;
    std::set<std::string> added;
    for (const auto& block : change.article->content.body) {
      const auto it = photos.find(block.photo);
      if (it != photos.end() && added.insert(block.photo).second) change.article_photos.push_back(it->second);
    }
  }
}

// Fills in what each change published: article versions in one query.
std::vector<domain::Change> WithContent(Transaction& tx, std::vector<ChangeRow> rows) {
  std::vector<PublishedVersionKey> keys;
  for (const auto& row : rows) {
    if (row.revision != 0) keys.push_back({row.change.publication_id, row.article_id, row.revision});
  }
  std::map<std::tuple<std::string, std::string, std::int64_t>, domain::Article> versions;
  if (!keys.empty()) {
    for (auto& article : PublishedVersions(tx, keys)) {
      auto key = std::make_tuple(article.publication_id, article.id, article.revision);
      versions.emplace(std::move(key), std::move(article));
    }
  }
  std::vector<domain::Change> changes;
  changes.reserve(rows.size());
  for (auto& row : rows) {
    if (row.revision != 0) {
      const auto it = versions.find({row.change.publication_id, row.article_id, row.revision});
      if (it != versions.end()) row.change.article = it->second;
    } else if (!row.issue_id.empty()) {
      row.change.issue = FindIssue(tx, row.change.publication_id, row.issue_id);
    }
    changes.push_back(std::move(row.change));
  }
  return changes;
}

}  // namespace

void AppendRecordedChanges(Transaction& tx) {
  std::vector<std::string> types, publication_ids, resources, article_ids, revisions, issue_ids, reasons, articles,
      photos;
  for (const auto& change : tx.recorded_changes()) {
    types.push_back(domain::ChangeTypeName(change.type));
    publication_ids.push_back(change.publication_id);
    resources.push_back(change.resource);
    article_ids.push_back(change.article_id);
    revisions.push_back(std::to_string(change.revision));
    issue_ids.push_back(change.issue_id);
    reasons.push_back(change.reason);
    articles.push_back(TextArrayLiteral(change.articles));
    photos.push_back(change.photo ? domain::ToHex(domain::EncodePhotoSnapshot(*change.photo)) : "");
  }
  tx.Exec(kLockLog);
  const auto sequences = tx.Exec(kAppend, TextArrayLiteral(types), TextArrayLiteral(publication_ids),
                                 TextArrayLiteral(resources), TextArrayLiteral(article_ids),
                                 TextArrayLiteral(revisions), TextArrayLiteral(issue_ids), TextArrayLiteral(reasons),
                                 TextArrayLiteral(articles), TextArrayLiteral(photos));
  std::int64_t newest = 0;
  for (const auto& row : sequences) newest = std::max(newest, row[0].as<std::int64_t>());
  tx.Exec(kNotify, std::to_string(newest));
}

ChangePage ChangeLog::List(std::int64_t after, int limit, const std::string& publication_id, bool describe_photos,
                           Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    ChangePage page;
    page.head = tx.Exec(kHead).at(0)[0].as<std::int64_t>();
    const auto rows = publication_id.empty() ? tx.Exec(kList, after, page.head, limit)
                                             : tx.Exec(kListOfPublication, after, page.head, limit, publication_id);
    std::vector<ChangeRow> changes;
    for (const auto& row : rows) changes.push_back(ReadChangeRow(row));
    const bool full = static_cast<int>(changes.size()) == limit;
    page.next_after = full ? changes.back().change.sequence : std::max(after, page.head);
    page.changes = WithContent(tx, std::move(changes));
    if (describe_photos) ReadArticlePhotos(tx, page.changes);
    return page;
  });
}

void ChangeLog::DescribePhotos(std::vector<domain::Change>& changes, Deadline deadline) {
  const bool any = std::any_of(changes.begin(), changes.end(), [](const domain::Change& change) {
    return change.article.has_value();
  });
  if (!any) return;
  database_.Run(deadline, [&](Transaction& tx) {
    // A retried transaction starts again from what the page holds.
    for (auto& change : changes) change.article_photos.clear();
    ReadArticlePhotos(tx, changes);
  });
}

std::int64_t ChangeLog::Head(Deadline deadline) {
  return database_.Read(deadline, [](Transaction& tx) { return tx.Exec(kHead).at(0)[0].as<std::int64_t>(); });
}

std::vector<std::string> ChangeLog::KilledAfter(std::int64_t after, Deadline deadline) {
  return database_.Read(deadline, [&](Transaction& tx) {
    std::vector<std::string> killed;
    for (const auto& row : tx.Exec(kKilledAfter, after)) killed.push_back(row[0].as<std::string>());
    return killed;
  });
}

}  // namespace galley::store
