// Text as SearchArticles indexes and queries it (DESIGN.md §2). PostgreSQL's
// text search does not segment Chinese, so Chinese (and Japanese, Korean)
// text is cut here into character unigrams and bigrams, the proven approach:
// any term of two or more characters is found as the AND of its bigrams, a
// single character as its unigram, all through one GIN index. Latin-script
// text is left to PostgreSQL's `english` configuration (words, stemming), so
// mixed text is found both ways (migrations/0011_article_search.sql).
#pragma once

#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/list_query.h"

namespace galley::domain {

// What the store turns into an article's tsvector: the CJK lexemes as a
// tsvector literal with positions and weights, and the Latin-script text of
// each weight class for to_tsvector('english', …).
struct SearchDocument {
  std::string cjk_vector;  // "'稀':1A '稀土':1A '土':2A …"
  std::string latin_a;     // the headline
  std::string latin_b;     // kicker, subheadline, summary, tags, byline names
  std::string latin_c;     // the body, captions and credits, the dateline
};

SearchDocument IndexArticle(const ArticleContent& content);

struct SearchQuery {
  std::string cjk_query;  // a tsquery: "'稀土'", "'老旧' & '旧小' & '小区'"; "" when none
  std::string latin;      // for plainto_tsquery('english', …); "" when none
  std::vector<std::string> terms;  // what was asked for, as written, for snippets

  // Binds page tokens to the query (with the rest of the request).
  std::string Fingerprint() const { return cjk_query + '\n' + latin; }
};

// Throws INVALID_ARGUMENT for `field` when the query is empty, too long
// (over 200 characters) or holds nothing to search for.
SearchQuery ParseSearchQuery(const std::string& field, const std::string& text);

// A short passage (about 80 characters) of the article around the first
// place a term occurs, as HTML: the text escaped, each occurrence in <em>.
// The headline's start when no term occurs literally (a stemmed match).
std::string SearchSnippet(const ArticleContent& content, const SearchQuery& query);

// What a search may filter on (state, issue, section, tags, language,
// owner) and its one order, `relevance` (descending).
const std::vector<QueryableField>& ArticleSearchFields();

}  // namespace galley::domain
