#include "store/article_repository.h"

#include <algorithm>
#include <map>

#include <pqxx/binarystring>
#include <pqxx/prepared_statement>
#include <set>
#include <sstream>

#include "domain/contributor.h"
#include "domain/digest.h"
#include "domain/error.h"
#include "domain/search_text.h"
#include "domain/issue.h"
#include "domain/publication.h"
#include "store/idempotency.h"
#include "store/parent_check.h"
#include "store/row_time.h"
#include "store/windowed_search.h"
#include "store/text_array.h"

namespace galley::store {

namespace {

// The content columns, in ReadContent's order, shared by both tables.
#define GALLEY_CONTENT_COLUMNS \
  "headline, kicker, subheadline, summary, body, bylines, dateline, tags, language, section, position"
// Also the columns of the view `published_articles`, which lists read too.
#define GALLEY_ARTICLE_COLUMNS                                                                          \
  "publication_id, id, " GALLEY_CONTENT_COLUMNS ", state, revision, " GALLEY_SQL_MICROS("create_time") \
  ", " GALLEY_SQL_MICROS("update_time") ", owner, published_revision, live, " GALLEY_SQL_MICROS(         \
      "publish_time") ", state_reason, corrections"
#define GALLEY_REVISION_COLUMNS                                                    \
  "publication_id, article_id, " GALLEY_CONTENT_COLUMNS ", state, revision, changed_fields, author, " \
  GALLEY_SQL_MICROS("create_time") ", state_reason"
// The content as parameters $3..$14 (after publication and article id).
#define GALLEY_CONTENT_PARAMS \
  "$3, $4, $5, $6, $7, $8, $9, $10::text[], $11::text[], $12, NULLIF($13, ''), $14::integer"

// A search vector (domain/search_text.h) from parameters $n..$n+3: the CJK
// lexemes Galley cut, then the Latin-script text by weight.
#define GALLEY_SEARCH_VECTOR(cjk, a, b, c)                                                               \
  cjk "::tsvector || setweight(to_tsvector('english', " a "), 'A') || setweight(to_tsvector('english', " b \
      "), 'B') || setweight(to_tsvector('english', " c "), 'C')"
// Of a row written before search existed (IndexUnsearched); the service
// writes the vector with the content (kInsert, kUpdate).
const Statement kSetSearch{"set_article_search",
                           "UPDATE articles SET search = " GALLEY_SEARCH_VECTOR("$3", "$4", "$5", "$6")
                           " WHERE publication_id = $1 AND id = $2"};
// Rows written before search existed (migration 0011), for IndexUnsearched.
const Statement kUnsearchedArticles{"unsearched_articles",
                                    "SELECT publication_id, id, " GALLEY_CONTENT_COLUMNS " FROM articles "
                                    "WHERE search IS NULL LIMIT $1::integer FOR UPDATE SKIP LOCKED"};
// Published versions whose vector is missing from their article's row:
// published before migration 0013, or since by an older release, which
// did not keep it there. The vector is made from the revision's content
// (this release writes no vector into revisions). Only articles whose
// revision is there: a batch of ones without (no foreign key forbids it)
// would index nothing and end the backfill early.
const Statement kPublishedUnsearched{
    "published_unsearched_articles",
    "SELECT publication_id, article_id, " GALLEY_CONTENT_COLUMNS " FROM article_revisions "
    "WHERE (publication_id, article_id, revision) IN (SELECT a.publication_id, a.id, a.published_revision "
    "FROM articles a WHERE a.published_revision IS NOT NULL AND a.published_search IS NULL AND EXISTS ("
    "SELECT 1 FROM article_revisions p WHERE p.publication_id = a.publication_id AND p.article_id = a.id "
    "AND p.revision = a.published_revision) LIMIT $1::integer FOR UPDATE OF a SKIP LOCKED)"};
const Statement kSetPublishedSearch{"set_article_published_search",
                                    "UPDATE articles SET published_search = "
                                    GALLEY_SEARCH_VECTOR("$3", "$4", "$5", "$6")
                                    " WHERE publication_id = $1 AND id = $2"};
// Whether the schema has search at all, and the published versions' vectors
// (`galley migrate --dir` may apply other files than the service's).
const Statement kSearchColumnExists{"article_search_column_exists",
                                    "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                                    "AND table_name = 'articles' AND column_name = 'published_search'"};
const Statement kPublicationLanguage{"article_publication_language",
                                     "SELECT language FROM publications WHERE id = $1"};
// Which of the references a content makes (kind, issue for a section, id)
// are missing from the publication, by their place in the list; those that
// exist are share-locked so that they cannot vanish before commit. One round
// trip for all of them.
const Statement kMissingReferences{
    "article_missing_references",
    "SELECT r.place FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(kind, issue, id, place) "
    "WHERE NOT CASE r.kind "
    "WHEN 'section' THEN EXISTS (SELECT 1 FROM sections s WHERE s.publication_id = $1 AND s.issue_id = r.issue "
    "AND s.id = r.id FOR KEY SHARE) "
    "WHEN 'contributor' THEN EXISTS (SELECT 1 FROM contributors c WHERE c.publication_id = $1 AND c.id = r.id "
    "FOR KEY SHARE) "
    "ELSE EXISTS (SELECT 1 FROM photos p WHERE p.publication_id = $1 AND p.id = r.id FOR KEY SHARE) END "
    "ORDER BY r.place"};
const Statement kSharePhotos{"article_share_photos",
                             "SELECT 1 FROM photos WHERE publication_id = $1 AND id = ANY($2::text[]) FOR KEY SHARE"};
const Statement kInsert{
    "insert_article",
    "INSERT INTO articles (publication_id, id, headline, kicker, subheadline, summary, body, bylines, dateline, "
    "tags, contributors, language, section, position, issue, photos, search, owner, revision) "
    "VALUES ($1, $2, " GALLEY_CONTENT_PARAMS ", NULLIF($15, ''), $16::text[], "
    GALLEY_SEARCH_VECTOR("$17", "$18", "$19", "$20") ", $21, 1) ON CONFLICT DO NOTHING "
    "RETURNING " GALLEY_ARTICLE_COLUMNS};
const Statement kSelect{"select_article", "SELECT " GALLEY_ARTICLE_COLUMNS
                                          " FROM articles WHERE publication_id = $1 AND id = $2 AND delete_time IS NULL"};
const Statement kSelectPublished{"select_published_article",
                                 "SELECT " GALLEY_ARTICLE_COLUMNS
                                 " FROM published_articles WHERE publication_id = $1 AND id = $2"};
const Statement kNow{"article_clock", "SELECT " GALLEY_SQL_MICROS("clock_timestamp()")};
// What workflow actions change, for any number of articles of publication
// $1 at once (an issue publishes a hundred): $2.. are parallel arrays, an
// element per article. The content stays as it is.
const Statement kSetWorkflows{
    "set_articles_workflow",
    "UPDATE articles SET state = n.n_state, revision = n.n_revision, "
    "published_revision = NULLIF(n.n_published_revision, 0), live = n.n_live, "
    "publish_time = 'epoch'::timestamptz + NULLIF(n.n_publish_time, '')::bigint * interval '1 microsecond', "
    "state_reason = n.n_state_reason, corrections = decode(n.n_corrections, 'hex'), "
    "scheduled_correction = n.n_scheduled_correction, update_time = clock_timestamp(), "
    // A newly published revision is always the one this action writes
    // (domain/workflow.cc), whose content is the working copy's.
    "published_search = CASE WHEN n.n_published_revision = 0 THEN NULL "
    "WHEN published_revision IS NOT DISTINCT FROM n.n_published_revision THEN published_search ELSE search END "
    "FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::boolean[], $7::text[], $8::text[], "
    "$9::text[], $10::text[]) AS n(n_id, n_state, n_revision, n_published_revision, n_live, n_publish_time, "
    "n_state_reason, n_corrections, n_scheduled_correction) "
    "WHERE publication_id = $1 AND id = n.n_id RETURNING " GALLEY_ARTICLE_COLUMNS};
const Statement kLock{"lock_article",
                      "SELECT " GALLEY_ARTICLE_COLUMNS
                      " FROM articles WHERE publication_id = $1 AND id = $2 AND delete_time IS NULL FOR UPDATE"};
const Statement kLockInIssue{"lock_articles_in_issue",
                             "SELECT " GALLEY_ARTICLE_COLUMNS " FROM articles WHERE publication_id = $1 AND issue = $2 "
                             "AND delete_time IS NULL ORDER BY id FOR UPDATE"};
// The oldest due scheduled article no other transaction is publishing, and
// the correction to append when it goes live (after the article's columns).
const Statement kLockDue{"lock_due_article",
                         "SELECT " GALLEY_ARTICLE_COLUMNS ", scheduled_correction FROM articles "
                         "WHERE state = 'SCHEDULED' AND publish_time <= clock_timestamp() AND delete_time IS NULL "
                         "ORDER BY publish_time LIMIT 1 FOR UPDATE SKIP LOCKED"};
const Statement kLockSection{"article_lock_section",
                             "SELECT 1 FROM sections WHERE publication_id = $1 AND issue_id = $2 AND id = $3 "
                             "FOR UPDATE"};
const Statement kLastPosition{"article_last_position",
                              "SELECT COALESCE(max(position), 0) FROM articles "
                              "WHERE section = $1 AND delete_time IS NULL"};
// Two contributors may share a name: only a name that is one person's links.
const Statement kContributorsNamed{"article_contributors_named",
                                   "SELECT id FROM contributors WHERE publication_id = $1 AND display_name = $2 "
                                   "ORDER BY id LIMIT 2"};
const Statement kExistsEver{"article_exists_ever", "SELECT 1 FROM articles WHERE publication_id = $1 AND id = $2"};
const Statement kUpdate{
    "update_article",
    "UPDATE articles SET (headline, kicker, subheadline, summary, body, bylines, dateline, tags, contributors, "
    "language, section, position, issue, photos) = (" GALLEY_CONTENT_PARAMS ", NULLIF($15, ''), $16::text[]), "
    "search = " GALLEY_SEARCH_VECTOR("$17", "$18", "$19", "$20") ", "
    "revision = revision + 1, update_time = clock_timestamp() WHERE publication_id = $1 AND id = $2 "
    "RETURNING " GALLEY_ARTICLE_COLUMNS};
#undef GALLEY_SEARCH_VECTOR
const Statement kDelete{"delete_article",
                        "UPDATE articles SET delete_time = clock_timestamp() WHERE publication_id = $1 AND id = $2"};
// A revision copies the article row it was written from (of publication
// $1, ids $2 with their changed fields $3, by $4), but for its
// search vector: nothing searches revisions (migration 0013), and the
// vector (several KB, stored out of line) would double what every write
// stores. Older releases still wrote it; the column stays for them (a
// rollback to one would re-index these revisions in its `migrate up`).
const Statement kInsertRevisions{
    "insert_article_revisions",
    "INSERT INTO article_revisions (publication_id, article_id, revision, headline, kicker, subheadline, summary, "
    "body, bylines, dateline, tags, contributors, language, issue, section, position, photos, state, "
    "state_reason, changed_fields, author) SELECT publication_id, id, revision, headline, kicker, "
    "subheadline, summary, body, bylines, dateline, tags, contributors, language, issue, section, position, photos, "
    "state, state_reason, n.n_changed_fields::text[], $4 "
    // Each article's changed fields as an array literal of their own.
    "FROM articles JOIN unnest($2::text[], $3::text[]) AS n(n_id, n_changed_fields) ON id = n.n_id "
    "WHERE publication_id = $1"};
const Statement kSelectRevision{"select_article_revision",
                                "SELECT " GALLEY_REVISION_COLUMNS " FROM article_revisions "
                                "WHERE publication_id = $1 AND article_id = $2 AND revision = $3::bigint"};
// Articles as a change published them: the revision named, placed in time
// when that revision was made, with the article's corrections (the caller
// drops the later ones). Killed articles are left out: never served again.
const Statement kSelectPublishedVersions{
    "select_published_versions",
    "SELECT a.publication_id, a.id, r.headline, r.kicker, r.subheadline, r.summary, r.body, r.bylines, "
    "r.dateline, r.tags, r.language, r.section, r.position, 'PUBLISHED', r.revision, "
    GALLEY_SQL_MICROS("a.create_time") ", " GALLEY_SQL_MICROS("r.create_time") ", a.owner, r.revision, true, "
    GALLEY_SQL_MICROS("r.create_time") ", '', a.corrections "
    "FROM unnest($1::text[], $2::text[], $3::bigint[]) AS k(publication_id, article_id, revision) "
    "JOIN articles a ON a.publication_id = k.publication_id AND a.id = k.article_id AND a.state <> 'KILLED' "
    "JOIN article_revisions r "
    "ON r.publication_id = k.publication_id AND r.article_id = k.article_id AND r.revision = k.revision"};
const Statement kListRevisions{"list_article_revisions",
                               "SELECT " GALLEY_REVISION_COLUMNS " FROM article_revisions "
                               "WHERE publication_id = $1 AND article_id = $2 AND revision < $3::bigint "
                               "ORDER BY revision DESC LIMIT $4::integer"};

// Lists of working copies read `articles`; lists of what readers see read
// the view `published_articles`, which has the same columns.
const ListTable& ArticleListTable(domain::ArticleView view) {
  static const std::vector<ListColumn> kColumns{{"name", "id", domain::FieldType::kString},
       {"state", "state", domain::FieldType::kString},
       {"issue", "issue", domain::FieldType::kString},
       {"section", "section", domain::FieldType::kString},
       {"tags", "tags", domain::FieldType::kStringList},
       {"contributors", "contributors", domain::FieldType::kStringList},
       {"language", "language", domain::FieldType::kString},
       {"owner", "owner", domain::FieldType::kString},
       {"position", "position", domain::FieldType::kInteger},
       {"create_time", "create_time", domain::FieldType::kTimestamp},
       {"update_time", "update_time", domain::FieldType::kTimestamp}};
  static const ListTable kWorkingCopies{
      "list_articles", GALLEY_ARTICLE_COLUMNS, "articles", "id", kColumns, {"publication_id = $1", "delete_time IS NULL"}};
  static const ListTable kPublished{"list_published_articles", GALLEY_ARTICLE_COLUMNS, "published_articles", "id",
                                    kColumns, {"publication_id = $1"}};
  return view == domain::ArticleView::kPublished ? kPublished : kWorkingCopies;
}

// Working copies search `articles`; what readers see, the view
// `published_articles`, which has the same columns (windowed_search.h).
const SearchSource& ArticleSearchSource(domain::ArticleView view) {
  static const SearchSource kWorkingCopies{GALLEY_ARTICLE_COLUMNS, "articles", {"delete_time IS NULL"}};
  static const SearchSource kPublished{GALLEY_ARTICLE_COLUMNS, "published_articles", {}};
  return view == domain::ArticleView::kPublished ? kPublished : kWorkingCopies;
}

#undef GALLEY_CONTENT_PARAMS
#undef GALLEY_REVISION_COLUMNS
#undef GALLEY_ARTICLE_COLUMNS
#undef GALLEY_CONTENT_COLUMNS

// Reads the content columns starting at column `first`.
domain::ArticleContent ReadContent(const pqxx::row& row, int first) {
  domain::ArticleContent content;
  content.headline = row[first].as<std::string>();
  content.kicker = row[first + 1].as<std::string>();
  content.subheadline = row[first + 2].as<std::string>();
  content.summary = row[first + 3].as<std::string>();
  content.body = domain::DecodeBody(pqxx::binarystring(row[first + 4]).str());
  content.bylines = domain::DecodeBylines(pqxx::binarystring(row[first + 5]).str());
  content.dateline = row[first + 6].as<std::string>();
  content.tags = ReadTextArray(row[first + 7]);
  content.language = row[first + 8].as<std::string>();
  content.section = row[first + 9].is_null() ? "" : row[first + 9].as<std::string>();
  content.position = row[first + 10].as<int>();
  return content;
}

domain::Article ReadArticle(const pqxx::row& row) {
  domain::Article article;
  article.publication_id = row[0].as<std::string>();
  article.id = row[1].as<std::string>();
  article.content = ReadContent(row, 2);
  article.state = row[13].as<std::string>();
  article.revision = row[14].as<std::int64_t>();
  article.create_time = TimestampOf(row[15]);
  article.update_time = TimestampOf(row[16]);
  article.owner = row[17].as<std::string>();
  article.published_revision = row[18].is_null() ? 0 : row[18].as<std::int64_t>();
  article.live = row[19].as<bool>();
  article.publish_time = OptionalTimestampOf(row[20]);
  article.state_reason = row[21].as<std::string>();
  article.corrections = domain::DecodeCorrections(pqxx::binarystring(row[22]).str());
  return article;
}

domain::ArticleRevision ReadRevision(const pqxx::row& row) {
  domain::ArticleRevision revision;
  revision.publication_id = row[0].as<std::string>();
  revision.article_id = row[1].as<std::string>();
  revision.content = ReadContent(row, 2);
  revision.state = row[13].as<std::string>();
  revision.number = row[14].as<std::int64_t>();
  revision.changed_fields = ReadTextArray(row[15]);
  revision.author = row[16].as<std::string>();
  revision.create_time = TimestampOf(row[17]);
  revision.state_reason = row[18].as<std::string>();
  return revision;
}

std::string ArticleNameOf(const std::string& publication_id, const std::string& id) {
  return domain::ArticleName().Format({publication_id, id});
}

domain::Article Existing(Transaction& tx, const Statement& statement, const std::string& publication_id,
                         const std::string& id) {
  const auto rows = tx.Exec(statement, publication_id, id);
  if (rows.empty()) throw domain::NotFound(ArticleNameOf(publication_id, id));
  return ReadArticle(rows[0]);
}

// The section, contributors and photos the content names must exist in
// this publication (kMissingReferences).
void CheckReferences(Transaction& tx, const std::string& publication_id, const domain::ArticleContent& content) {
  struct Reference {
    std::string field;
    std::string what;  // "section …", for the message
    std::string kind;
    std::vector<std::string> ids;  // publication, [issue,] id
  };
  std::vector<Reference> references;
  if (!content.section.empty()) {
    references.push_back({"article.section", "section " + content.section, "section",
                          domain::SectionName().Parse("article.section", content.section)});
  }
  for (std::size_t i = 0; i < content.bylines.size(); ++i) {
    const std::string& name = content.bylines[i].contributor;
    if (name.empty()) continue;
    references.push_back({"article.bylines[" + std::to_string(i) + "].contributor", "contributor " + name,
                          "contributor", domain::ContributorName().Parse("article.bylines", name)});
  }
  for (std::size_t i = 0; i < content.body.size(); ++i) {
    const std::string& name = content.body[i].photo;
    if (name.empty()) continue;
    references.push_back({"article.body[" + std::to_string(i) + "].photo", "photo " + name, "photo",
                          domain::PhotoName().Parse("article.body", name)});
  }
  std::vector<bool> missing(references.size(), false);
  std::vector<std::string> kinds, issues, ids;
  for (std::size_t i = 0; i < references.size(); ++i) {
    const Reference& reference = references[i];
    // Another publication's resource is missing from this one unasked.
    missing[i] = reference.ids.front() != publication_id;
    kinds.push_back(reference.kind);
    issues.push_back(reference.ids.size() == 3 ? reference.ids[1] : "");
    ids.push_back(reference.ids.back());
  }
  if (!references.empty()) {
    for (const auto& row : tx.Exec(kMissingReferences, publication_id, TextArrayLiteral(kinds),
                                   TextArrayLiteral(issues), TextArrayLiteral(ids))) {
      missing.at(row[0].as<std::size_t>() - 1) = true;
    }
  }
  domain::FieldViolations violations;
  for (std::size_t i = 0; i < references.size(); ++i) {
    if (missing[i]) violations.Add(references[i].field, "there is no " + references[i].what + " in this publication");
  }
  violations.ThrowIfAny();
}

// Runs `statement` with the article ids and its content as $1..$16, the
// content's search vector (domain/search_text.h) as $17..$20 and `extra`
// after them: the row and its index in one write.
template <typename... Extra>
pqxx::result ExecWithContent(Transaction& tx, const Statement& statement, const std::string& publication_id,
                             const std::string& id, const domain::ArticleContent& content, Extra&&... extra) {
  const auto& c = content;
  const domain::SearchDocument search = domain::IndexArticle(content);
  return tx.Exec(statement, publication_id, id, c.headline, c.kicker, c.subheadline, c.summary,
                 pqxx::binarystring(domain::EncodeBody(c.body)), pqxx::binarystring(domain::EncodeBylines(c.bylines)),
                 c.dateline, TextArrayLiteral(c.tags), TextArrayLiteral(domain::ReferencedContributors(c)), c.language,
                 c.section, c.position, domain::IssueOfSection(c.section), TextArrayLiteral(domain::ReferencedPhotos(c)),
                 search.cjk_vector, search.latin_a, search.latin_b, search.latin_c, std::forward<Extra>(extra)...);
}

std::string MicrosOrEmpty(const std::optional<domain::Timestamp>& time) {
  return time ? std::to_string(time->time_since_epoch().count()) : "";
}

// The workflow fields an action changed, for its revision's changed_fields.
std::vector<std::string> ChangedWorkflowFields(const domain::Article& before, const domain::Article& after) {
  std::vector<std::string> changed;
  if (before.state != after.state) changed.emplace_back("state");
  if (before.state_reason != after.state_reason) changed.emplace_back("state_reason");
  if (before.published_revision != after.published_revision) changed.emplace_back("published_revision");
  if (before.publish_time != after.publish_time) changed.emplace_back("publish_time");
  if (!(before.corrections == after.corrections)) changed.emplace_back("corrections");
  return changed;
}

// An article saved, and the fields of it that changed.
struct SavedFields {
  std::string id;
  std::vector<std::string> changed;
};

// The revisions of articles of one publication just saved, in one statement.
void WriteRevisions(Transaction& tx, const std::string& publication_id, const std::vector<SavedFields>& saved,
                    const std::string& author) {
  std::vector<std::string> ids;
  std::vector<std::string> changed;
  for (const auto& article : saved) {
    ids.push_back(article.id);
    changed.push_back(TextArrayLiteral(article.changed));
  }
  tx.Exec(kInsertRevisions, publication_id, TextArrayLiteral(ids), TextArrayLiteral(changed), author);
}

void WriteRevision(Transaction& tx, const std::string& publication_id, const std::string& id,
                   const std::vector<std::string>& changed_fields, const std::string& author) {
  WriteRevisions(tx, publication_id, {{id, changed_fields}}, author);
}

// Adds the ids of the photos `article` shows to `photos`.
void AddPhotosShown(const domain::Article& article, std::set<std::string>& photos) {
  for (const auto& block : article.content.body) {
    if (!block.photo.empty()) photos.insert(domain::PhotoName().Parse("article.body", block.photo)[1]);
  }
}

}  // namespace

std::vector<domain::Article> ApplyActions(Transaction& tx, const std::vector<ArticleTransition>& transitions,
                                          const std::string& author) {
  if (transitions.empty()) return {};
  const std::string& publication_id = transitions.front().next.publication_id;
  std::vector<std::string> ids, states, revisions, published_revisions, live, publish_times, state_reasons,
      corrections, scheduled_corrections;
  std::vector<SavedFields> saved;
  for (const auto& [current, next] : transitions) {
    if (next.publication_id != publication_id) {
      throw domain::Internal("workflow actions saved together must be of one publication");
    }
    ids.push_back(next.id);
    states.push_back(next.state);
    revisions.push_back(std::to_string(next.revision));
    published_revisions.push_back(std::to_string(next.published_revision));
    live.push_back(next.live ? "true" : "false");
    publish_times.push_back(MicrosOrEmpty(next.publish_time));
    state_reasons.push_back(next.state_reason);
    corrections.push_back(domain::ToHex(domain::EncodeCorrections(next.corrections)));
    scheduled_corrections.push_back(next.scheduled_correction);
    saved.push_back({next.id, ChangedWorkflowFields(current, next)});
  }
  const auto rows = tx.Exec(kSetWorkflows, publication_id, TextArrayLiteral(ids), TextArrayLiteral(states),
                            TextArrayLiteral(revisions), TextArrayLiteral(published_revisions), TextArrayLiteral(live),
                            TextArrayLiteral(publish_times), TextArrayLiteral(state_reasons),
                            TextArrayLiteral(corrections), TextArrayLiteral(scheduled_corrections));
  WriteRevisions(tx, publication_id, saved, author);
  std::vector<domain::ChangeRecord> changes;
  std::set<std::string> photos;  // each once, in id order: the order their locks are taken in
  for (const auto& [current, next] : transitions) {
    auto change = domain::ArticleChangeOf(current, next);
    if (!change) continue;
    // Going live, the photos it shows are share-locked until commit, so
    // that an edit of one's caption either waits and then sees this article
    // live (and records PHOTO_UPDATED), or commits first (and this change's
    // readers read its new caption): consumers never keep a stale one.
    if (next.live) AddPhotosShown(next, photos);
    changes.push_back(std::move(*change));
  }
  if (!photos.empty()) {
    tx.Exec(kSharePhotos, publication_id, TextArrayLiteral({photos.begin(), photos.end()}));
  }
  for (auto& change : changes) tx.RecordChange(std::move(change));
  // The rows come back in no particular order; the callers get theirs.
  std::map<std::string, domain::Article> saved_rows;
  for (const auto& row : rows) {
    domain::Article article = ReadArticle(row);
    saved_rows.emplace(article.id, std::move(article));
  }
  std::vector<domain::Article> articles;
  for (const auto& id : ids) {
    const auto found = saved_rows.find(id);
    if (found == saved_rows.end()) throw domain::Internal("article " + id + " was not saved");
    articles.push_back(std::move(found->second));
  }
  return articles;
}

domain::Article ApplyAction(Transaction& tx, const domain::Article& current, const domain::Article& next,
                            const std::string& author) {
  return ApplyActions(tx, {{current, next}}, author).at(0);
}

std::vector<domain::Article> PublishedVersions(Transaction& tx, const std::vector<PublishedVersionKey>& keys) {
  std::vector<std::string> publication_ids;
  std::vector<std::string> article_ids;
  std::vector<std::string> revisions;
  for (const auto& key : keys) {
    publication_ids.push_back(key.publication_id);
    article_ids.push_back(key.article_id);
    revisions.push_back(std::to_string(key.revision));
  }
  std::vector<domain::Article> articles;
  for (const auto& row : tx.Exec(kSelectPublishedVersions, TextArrayLiteral(publication_ids),
                                 TextArrayLiteral(article_ids), TextArrayLiteral(revisions))) {
    domain::Article article = ReadArticle(row);
    auto& corrections = article.corrections;
    corrections.erase(std::remove_if(corrections.begin(), corrections.end(),
                                     [&](const domain::Correction& c) { return c.revision > article.revision; }),
                      corrections.end());
    articles.push_back(std::move(article));
  }
  return articles;
}

domain::Timestamp DatabaseNow(Transaction& tx) { return TimestampOf(tx.Exec(kNow).at(0)[0]); }

std::vector<domain::Article> LockArticlesInIssue(Transaction& tx, const std::string& publication_id,
                                                 const std::string& issue_name) {
  std::vector<domain::Article> articles;
  for (const auto& row : tx.Exec(kLockInIssue, publication_id, issue_name)) articles.push_back(ReadArticle(row));
  return articles;
}

std::optional<domain::Article> LockDueArticle(Transaction& tx) {
  const auto rows = tx.Exec(kLockDue);
  if (rows.empty()) return std::nullopt;
  domain::Article article = ReadArticle(rows[0]);
  article.scheduled_correction = rows[0][23].as<std::string>();
  return article;
}

namespace {

// Saves a new article as revision 1, in the publication's language unless
// it has its own.
domain::Article Insert(Transaction& tx, const domain::Article& article, const std::string& author) {
  domain::ArticleContent content = article.content;
  if (content.language.empty()) {
    content.language = tx.Exec(kPublicationLanguage, article.publication_id).at(0)[0].as<std::string>();
  }
  CheckReferences(tx, article.publication_id, content);
  if (!tx.Exec(kExistsEver, article.publication_id, article.id).empty()) throw domain::AlreadyExists(article.Name());
  const auto rows = ExecWithContent(tx, kInsert, article.publication_id, article.id, content, author);
  if (rows.empty()) throw domain::AlreadyExists(article.Name());
  WriteRevision(tx, article.publication_id, article.id, domain::ChangedArticleFields({}, content), author);
  return ReadArticle(rows[0]);
}

// Links each byline that names no contributor to the one contributor of
// the publication printed with that name, if there is exactly one.
void LinkBylines(Transaction& tx, const std::string& publication_id, domain::ArticleContent& content) {
  for (auto& byline : content.bylines) {
    if (!byline.contributor.empty()) continue;
    const auto rows = tx.Exec(kContributorsNamed, publication_id, byline.display_name);
    if (rows.size() == 1) {
      byline.contributor = domain::ContributorName().Format({publication_id, rows[0][0].as<std::string>()});
    }
  }
}

// An import's request-id record names every article it created, one per line.
std::string JoinNames(const std::vector<domain::Article>& articles) {
  std::string names;
  for (const auto& article : articles) names += (names.empty() ? "" : "\n") + article.Name();
  return names;
}

}  // namespace

domain::Article ArticleRepository::Create(domain::Article article,
                                          const std::optional<domain::IdempotencyKey>& request,
                                          const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    RequirePublication(tx, article.publication_id);
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, article.Name())) {
        const auto ids = domain::ArticleName().Parse("name", *earlier);
        return Existing(tx, kSelect, ids[0], ids[1]);
      }
    }
    return Insert(tx, article, mutation.author());
  });
}

std::vector<domain::Article> ArticleRepository::Import(const std::string& section,
                                                       std::vector<domain::ArticleContent> contents,
                                                       const std::optional<domain::IdempotencyKey>& request,
                                                       const Mutation& mutation) {
  const auto ids = domain::SectionName().Parse("section", section);
  std::vector<domain::Article> articles;
  for (auto& content : contents) {
    domain::Article article;
    article.publication_id = ids[0];
    article.id = domain::GenerateResourceId();
    article.content = std::move(content);
    article.content.section = section;
    articles.push_back(std::move(article));
  }
  return database_.Run(mutation, [&](Transaction& tx) {
    RequirePublication(tx, ids[0]);
    // Imports into one section take their places one after the other.
    if (tx.Exec(kLockSection, ids[0], ids[1], ids[2]).empty()) throw domain::NotFound(section);
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, JoinNames(articles))) {
        std::vector<domain::Article> imported;
        std::istringstream names(*earlier);
        for (std::string name; std::getline(names, name);) {
          const auto article_ids = domain::ArticleName().Parse("name", name);
          const auto rows = tx.Exec(kSelect, article_ids[0], article_ids[1]);
          if (!rows.empty()) imported.push_back(ReadArticle(rows[0]));  // unless deleted since
        }
        return imported;
      }
    }
    int position = tx.Exec(kLastPosition, section).at(0)[0].as<int>();
    std::vector<domain::Article> imported;
    for (auto& article : articles) {
      article.content.position = ++position;
      LinkBylines(tx, ids[0], article.content);
      imported.push_back(Insert(tx, article, mutation.author()));
    }
    return imported;
  });
}

domain::Article ArticleRepository::Get(const std::string& publication_id, const std::string& id,
                                       domain::ArticleView view, Deadline deadline) {
  return database_.Read(deadline, [&](Transaction& tx) {
    return Existing(tx, view == domain::ArticleView::kPublished ? kSelectPublished : kSelect, publication_id, id);
  });
}

ListPage<domain::Article> ArticleRepository::List(const std::string& publication_id, const domain::ListQuery& query,
                                                  domain::ArticleView view, Deadline deadline) {
  const ListSql list = BuildListSql(ArticleListTable(view), query, {publication_id});
  return database_.Run(deadline, [&](Transaction& tx) {
    RequirePublication(tx, publication_id);
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadArticle);
  });
}

ListSql ArticleRepository::FirstSearchWindowSql(const std::string& publication_id, const domain::SearchQuery& search,
                                                const domain::ListQuery& query, domain::ArticleView view,
                                                SearchTier tier) {
  return FirstWindowSql(ArticleSearchSource(view), publication_id, search, query, tier);
}

ListPage<ArticleMatch> ArticleRepository::Search(const std::string& publication_id, const domain::SearchQuery& search,
                                                const domain::ListQuery& query, domain::ArticleView view,
                                                Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    RequirePublication(tx, publication_id);
    const SearchHits found = RunWindowedSearch(tx, ArticleSearchSource(view), publication_id, search, query);
    ListPage<ArticleMatch> page;
    for (const auto& hit : found.hits) page.items.push_back(ArticleMatch{ReadArticle(hit.row), SearchScore(hit.tier)});
    page.next_after = found.next_after;
    return page;
  });
}

domain::Article ArticleRepository::Update(const std::string& publication_id, const std::string& id,
                                          const std::function<void(domain::Article&)>& change,
                                          const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Article current = Existing(tx, kLock, publication_id, id);
    domain::Article updated = current;
    change(updated);
    if (updated.content == current.content) return current;
    CheckReferences(tx, publication_id, updated.content);
    const auto rows = ExecWithContent(tx, kUpdate, publication_id, id, updated.content);
    WriteRevision(tx, publication_id, id, domain::ChangedArticleFields(current.content, updated.content), mutation.author());
    return ReadArticle(rows.at(0));
  });
}

domain::Article ArticleRepository::Act(const std::string& publication_id, const std::string& id,
                                       const std::function<void(domain::Article&, domain::Timestamp)>& act,
                                       const std::optional<domain::IdempotencyKey>& request,
                                       const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Article current = Existing(tx, kLock, publication_id, id);
    if (request) {
      if (ClaimRequestId(tx, *request, current.Name())) return current;
    }
    domain::Article next = current;
    act(next, DatabaseNow(tx));
    return ApplyAction(tx, current, next, mutation.author());
  });
}

void ArticleRepository::Delete(const std::string& publication_id, const std::string& id,
                               const std::function<void(const domain::Article&)>& check, const Mutation& mutation) {
  database_.Run(mutation, [&](Transaction& tx) {
    check(Existing(tx, kLock, publication_id, id));
    tx.Exec(kDelete, publication_id, id);
  });
}

std::vector<domain::ArticleRevision> ArticleRepository::ListRevisions(const std::string& publication_id,
                                                                      const std::string& article_id,
                                                                      std::int64_t before, int page_size,
                                                                      Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    // The record outlives the article: a deleted one's revisions still list.
    if (tx.Exec(kExistsEver, publication_id, article_id).empty()) {
      throw domain::NotFound(ArticleNameOf(publication_id, article_id));
    }
    const std::int64_t cursor = before > 0 ? before : std::numeric_limits<std::int64_t>::max();
    std::vector<domain::ArticleRevision> revisions;
    for (const auto& row : tx.Exec(kListRevisions, publication_id, article_id, cursor, page_size)) {
      revisions.push_back(ReadRevision(row));
    }
    return revisions;
  });
}

domain::ArticleRevision ArticleRepository::GetRevision(const std::string& publication_id,
                                                       const std::string& article_id, std::int64_t number,
                                                       Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    const auto rows = tx.Exec(kSelectRevision, publication_id, article_id, number);
    if (rows.empty()) {
      throw domain::NotFound(
          domain::ArticleRevisionName().Format({publication_id, article_id, std::to_string(number)}));
    }
    return ReadRevision(rows[0]);
  });
}

domain::Article ArticleRepository::Restore(const std::string& publication_id, const std::string& article_id,
                                           std::int64_t number,
                                           const std::function<void(const domain::Article&)>& check,
                                           const std::optional<domain::IdempotencyKey>& request,
                                           const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Article current = Existing(tx, kLock, publication_id, article_id);
    if (request) {
      if (ClaimRequestId(tx, *request, current.Name())) return current;
    }
    check(current);
    const auto old = tx.Exec(kSelectRevision, publication_id, article_id, number);
    if (old.empty()) {
      throw domain::NotFound(
          domain::ArticleRevisionName().Format({publication_id, article_id, std::to_string(number)}));
    }
    const domain::ArticleContent content = ReadRevision(old[0]).content;
    CheckReferences(tx, publication_id, content);
    const auto rows = ExecWithContent(tx, kUpdate, publication_id, article_id, content);
    WriteRevision(tx, publication_id, article_id, domain::ChangedArticleFields(current.content, content), mutation.author());
    return ReadArticle(rows.at(0));
  });
}

std::int64_t IndexUnsearched(Database& database, int batch) {
  const bool searchable = database.Run(Clock::now() + std::chrono::seconds(10), [](Transaction& tx) {
    return !tx.Exec(kSearchColumnExists).empty();
  });
  if (!searchable) return 0;
  std::int64_t indexed = 0;
  for (;;) {
    const std::int64_t done = database.Run(Clock::now() + std::chrono::seconds(60), [&](Transaction& tx) {
      std::int64_t rows = 0;
      for (const auto& row : tx.Exec(kUnsearchedArticles, batch)) {
        const auto search = domain::IndexArticle(ReadContent(row, 2));
        tx.Exec(kSetSearch, row[0].as<std::string>(), row[1].as<std::string>(), search.cjk_vector, search.latin_a,
                search.latin_b, search.latin_c);
        ++rows;
      }
      for (const auto& row : tx.Exec(kPublishedUnsearched, batch)) {
        const auto search = domain::IndexArticle(ReadContent(row, 2));
        tx.Exec(kSetPublishedSearch, row[0].as<std::string>(), row[1].as<std::string>(), search.cjk_vector,
                search.latin_a, search.latin_b, search.latin_c);
        ++rows;
      }
      return rows;
    });
    if (done == 0) break;
    indexed += done;
  }
  return indexed;
}

}  // namespace galley::store
