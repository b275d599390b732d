#include "corpus_loader.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <exception>
#include <mutex>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "domain/article.h"
#include "domain/digest.h"
#include "domain/search_text.h"
#include "store/text_array.h"

namespace galley::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kBatch = 2000;  // articles a COPY (and a transaction) carries
constexpr const char* kBulkMemory = "SET maintenance_work_mem = '1GB'";
const std::vector<std::string> kArticleTables{"articles", "article_revisions"};

const std::vector<std::string> kArticleColumns{
    "publication_id", "id",      "headline",   "kicker",      "subheadline", "summary",     "body",
    "bylines",        "dateline", "tags",      "contributors", "language",   "issue",       "section",
    "position",       "photos",   "state",     "revision",     "create_time", "update_time", "owner",
    "published_revision", "live", "publish_time", "corrections", "search", "published_search"};
const std::vector<std::string> kRevisionColumns{
    "publication_id", "article_id", "revision", "headline", "kicker",   "subheadline",    "summary", "body",
    "bylines",        "dateline",   "tags",     "contributors", "language", "issue",      "section", "position",
    "photos",         "state",      "state_reason", "changed_fields", "author", "create_time"};

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

std::string Bytea(const std::string& bytes) { return "\\x" + domain::ToHex(bytes); }

std::string Time(domain::Timestamp time) { return domain::FormatRfc3339(time); }

// The service's search vector is the CJK lexemes plus to_tsvector('english')
// of the Latin-script text. Generated text has only Han characters and
// punctuation, so the latter is empty and the vector is the CJK part alone;
// checked, so that a change of the generator cannot load wrong vectors.
std::string SearchVector(const domain::ArticleContent& content) {
  const domain::SearchDocument search = domain::IndexArticle(content);
  for (const std::string* latin : {&search.latin_a, &search.latin_b, &search.latin_c}) {
    const bool has_word = std::any_of(latin->begin(), latin->end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte >= 0x80 || std::isalnum(byte);
    });
    if (has_word) throw std::logic_error("generated text has Latin-script words: \"" + *latin + "\"");
  }
  return search.cjk_vector;
}

// The columns both tables share, from headline to photos, for one content.
struct ContentColumns {
  std::string headline, kicker, subheadline, summary, body, bylines, dateline, tags, contributors, language, issue,
      section, position, photos, search;
};

ContentColumns ColumnsOf(const domain::ArticleContent& c) {
  return {c.headline,
          c.kicker,
          c.subheadline,
          c.summary,
          Bytea(domain::EncodeBody(c.body)),
          Bytea(domain::EncodeBylines(c.bylines)),
          c.dateline,
          store::TextArrayLiteral(c.tags),
          store::TextArrayLiteral(domain::ReferencedContributors(c)),
          c.language,
          domain::IssueOfSection(c.section),
          c.section,
          std::to_string(c.position),
          store::TextArrayLiteral(domain::ReferencedPhotos(c)),
          SearchVector(c)};
}

// `published` is the content of the published revision, if there is one.
void WriteArticle(pqxx::stream_to& rows, const GeneratedArticle& generated, const ContentColumns& c,
                  const ContentColumns* published) {
  const domain::Article& a = generated.article;
  const std::string published_revision = std::to_string(a.published_revision);
  const std::string publish_time = a.publish_time ? Time(*a.publish_time) : "";
  // An article no action touched keeps the column's default.
  const std::string corrections = generated.touched_by_workflow ? domain::EncodeCorrections(a.corrections) : "";
  rows << std::make_tuple(a.publication_id, a.id, c.headline, c.kicker, c.subheadline, c.summary, c.body, c.bylines,
                          c.dateline, c.tags, c.contributors, c.language, c.issue, c.section, c.position, c.photos,
                          a.state, std::to_string(a.revision), Time(a.create_time), Time(a.update_time), a.owner,
                          a.published_revision == 0 ? nullptr : published_revision.c_str(),
                          a.live ? "true" : "false", a.publish_time ? publish_time.c_str() : nullptr,
                          Bytea(corrections), c.search, published ? published->search.c_str() : nullptr);
}

// The columns of the revision of `generated` that is published, if any.
const ContentColumns* PublishedColumns(const GeneratedArticle& generated, const std::vector<ContentColumns>& columns) {
  for (const auto& revision : generated.revisions) {
    if (revision.number == generated.article.published_revision) return &columns[revision.content];
  }
  return nullptr;
}

void WriteRevision(pqxx::stream_to& rows, const GeneratedArticle& generated, const GeneratedRevision& r,
                   const ContentColumns& c, const std::string& author) {
  const domain::Article& a = generated.article;
  rows << std::make_tuple(a.publication_id, a.id, std::to_string(r.number), c.headline, c.kicker, c.subheadline,
                          c.summary, c.body, c.bylines, c.dateline, c.tags, c.contributors, c.language, c.issue,
                          c.section, c.position, c.photos, r.state, std::string(),
                          store::TextArrayLiteral(r.changed_fields), author, Time(r.create_time));
}

struct IndexDefinition {
  std::string name;
  std::string sql;
};

// The secondary indexes of `table` (not those behind a primary key or a
// unique constraint, which the load needs and keeps).
std::vector<IndexDefinition> SecondaryIndexes(pqxx::work& tx, const std::string& table) {
  std::vector<IndexDefinition> indexes;
  for (const auto& row : tx.exec_params("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                                        "JOIN pg_class c ON c.oid = i.indexrelid "
                                        "WHERE i.indrelid = $1::regclass AND NOT i.indisunique ORDER BY c.relname",
                                        table)) {
    indexes.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
  }
  return indexes;
}

// Runs `work(i)` for i in [0, count) on a thread each; rethrows the first failure.
template <typename Work>
void OnThreads(int count, const Work& work) {
  std::mutex mutex;
  std::exception_ptr failure;
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      try {
        work(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

CorpusLoader::CorpusLoader(std::string database_url, const SampleTextModel& text, CorpusLayout layout)
    : database_url_(std::move(database_url)), text_(text), layout_(std::move(layout)) {}

LoadStatistics CorpusLoader::LoadArticles(std::int64_t from, std::int64_t to, int threads) const {
  const auto start = Clock::now();

  // One table's indexes per connection, rebuilt side by side.
  std::vector<std::vector<IndexDefinition>> indexes;
  {
    pqxx::connection connection(database_url_);
    pqxx::work tx(connection);
    for (const auto& table : kArticleTables) {
      indexes.push_back(SecondaryIndexes(tx, table));
      for (const auto& index : indexes.back()) tx.exec("DROP INDEX " + tx.quote_name(index.name));
    }
    tx.commit();
  }

  LoadStatistics statistics;
  std::mutex mutex;
  std::vector<Publication> published;
  const std::int64_t per_thread = ((to - from) / threads + 1);
  OnThreads(threads, [&](int t) {
    const std::int64_t begin = std::min(to, from + per_thread * t);
    const std::int64_t end = std::min(to, begin + per_thread);
    std::vector<Publication> mine;
    const std::int64_t revisions = CopyArticles(begin, end, mine);
    std::lock_guard<std::mutex> lock(mutex);
    statistics.revisions += revisions;
    published.insert(published.end(), mine.begin(), mine.end());
  });
  std::sort(published.begin(), published.end(),
            [](const Publication& a, const Publication& b) { return a.index < b.index; });
  AppendChanges(published);

  const auto indexing = Clock::now();
  OnThreads(static_cast<int>(kArticleTables.size()), [&](int t) {
    pqxx::connection connection(database_url_);
    pqxx::nontransaction tx(connection);
    tx.exec(kBulkMemory);
    for (const auto& index : indexes[static_cast<std::size_t>(t)]) tx.exec(index.sql);
    // Analyzed and vacuumed now, so the scenarios get settled plans and
    // autovacuum does not wake in the middle of one.
    tx.exec("VACUUM (ANALYZE) " + tx.quote_name(kArticleTables[static_cast<std::size_t>(t)]));
  });
  statistics.articles = to - from;
  statistics.published = static_cast<std::int64_t>(published.size());
  statistics.index_seconds = Seconds(Clock::now() - indexing);
  statistics.seconds = Seconds(Clock::now() - start);
  return statistics;
}

void CorpusLoader::LoadIssues(std::int64_t from, std::int64_t to) const {
  pqxx::connection connection(database_url_);
  pqxx::work tx(connection);
  pqxx::stream_to issues(tx, "issues",
                         std::vector<std::string>{"publication_id", "id", "issue_date", "issue_number", "create_time",
                                                  "update_time"});
  std::vector<GeneratedIssue> loaded;
  for (std::int64_t i = from / CorpusLayout::kArticlesPerIssue; i < to / CorpusLayout::kArticlesPerIssue; ++i) {
    const GeneratedIssue issue = IssueAt(i);
    issues << std::make_tuple(layout_.publication_id, issue.id, issue.id, std::to_string(issue.number),
                              Time(issue.create_time), Time(issue.create_time));
    loaded.push_back(issue);
  }
  issues.complete();
  pqxx::stream_to sections(tx, "sections",
                           std::vector<std::string>{"publication_id", "issue_id", "id", "display_name", "page_number",
                                                    "position", "create_time", "update_time"});
  for (const auto& issue : loaded) {
    for (int s = 0; s < CorpusLayout::kSectionsPerIssue; ++s) {
      sections << std::make_tuple(layout_.publication_id, issue.id, SectionId(s), SectionDisplayName(s),
                                  std::to_string(s + 1), std::to_string(s + 1), Time(issue.create_time),
                                  Time(issue.create_time));
    }
  }
  sections.complete();
  tx.commit();
}

std::int64_t CorpusLoader::CopyArticles(std::int64_t from, std::int64_t to,
                                        std::vector<Publication>& published) const {
  pqxx::connection connection(database_url_);
  std::int64_t revisions = 0;
  for (std::int64_t batch = from; batch < to; batch += kBatch) {
    std::vector<GeneratedArticle> articles;
    std::vector<std::vector<ContentColumns>> columns;
    for (std::int64_t i = batch; i < std::min(to, batch + kBatch); ++i) {
      articles.push_back(GenerateArticle(text_, layout_, i));
      columns.emplace_back();
      for (const auto& content : articles.back().contents) columns.back().push_back(ColumnsOf(content));
      const domain::Article& article = articles.back().article;
      if (article.live) published.push_back({i, article.published_revision, *article.publish_time});
    }
    pqxx::work tx(connection);
    pqxx::stream_to article_rows(tx, "articles", kArticleColumns);
    for (std::size_t k = 0; k < articles.size(); ++k) {
      WriteArticle(article_rows, articles[k], columns[k].back(), PublishedColumns(articles[k], columns[k]));
    }
    article_rows.complete();
    pqxx::stream_to revision_rows(tx, "article_revisions", kRevisionColumns);
    for (std::size_t k = 0; k < articles.size(); ++k) {
      for (const auto& revision : articles[k].revisions) {
        WriteRevision(revision_rows, articles[k], revision, columns[k][revision.content], layout_.author);
        ++revisions;
      }
    }
    revision_rows.complete();
    tx.commit();
  }
  return revisions;
}

// The ARTICLE_PUBLISHED rows of the published articles, in index order
// (which is publish-time order), after the log's head, and the
// notification every commit that appends to the log sends.
void CorpusLoader::AppendChanges(const std::vector<Publication>& published) const {
  pqxx::connection connection(database_url_);
  pqxx::work tx(connection);
  std::int64_t sequence = tx.exec("SELECT COALESCE(max(sequence), 0) FROM changes").at(0)[0].as<std::int64_t>();
  pqxx::stream_to changes(tx, "changes",
                          std::vector<std::string>{"sequence", "type", "publication_id", "resource", "article_id",
                                                   "revision", "commit_time"});
  for (const auto& publication : published) {
    const std::string id = GeneratedArticleId(publication.index);
    changes << std::make_tuple(std::to_string(++sequence), std::string("ARTICLE_PUBLISHED"), layout_.publication_id,
                               domain::ArticleName().Format({layout_.publication_id, id}), id,
                               std::to_string(publication.revision), Time(publication.time));
  }
  changes.complete();
  tx.exec_params("SELECT pg_notify('galley_changes', $1)", std::to_string(sequence));
  tx.commit();
}

}  // namespace galley::bench
