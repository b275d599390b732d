// How SearchArticles finds its page among a million articles in
// milliseconds. Results rank in two tiers, the articles whose headline
// matches first, then the others that match, each newest first (the order
// the API documents). Ranking every match, as a first design did with
// ts_rank, reads every matching row and its search vector from TOAST: a
// two-character term matches one article in fifty, and ranking 20 000 of
// them took two seconds.
//
// So each tier is searched one time window at a time, newest first, until
// the page is full: the day before the reference time (`now`, or the last
// result's time when a page token continues a tier), then 4, 16, 64 … days.
// A window's statement intersects two bitmaps, the term's GIN index and the
// time index, so it reads only the rows that match inside the window: a
// common term costs a window or two, a rare one a few index probes. Before
// each next window, one probe finds the newest article older than the last
// window, and the next window starts there, so that a stretch with no
// articles (an archive that ends years ago) costs one probe, not windows.
// The headline tier has an index of its own over the headline's lexemes
// (migration 0012).
//
// The statements are planned for their values each time (not prepared): the
// plan that suits a window of a day and the one that suits ten years differ.
#pragma once

#include <string>
#include <vector>

#include <pqxx/row>

#include "domain/list_query.h"
#include "domain/search_text.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

enum class SearchTier { kHeadline = 1, kElsewhere = 2 };

// Where the rows come from: articles (working copies) or the view of
// published versions; both have the columns the statements name
// (publication_id, id, search, update_time and the filterable ones).
struct SearchSource {
  std::string select_list;
  std::string from;
  std::vector<std::string> scope_conditions;  // beyond the publication
};

struct SearchHit {
  SearchTier tier;
  pqxx::row row;  // source.select_list, then sort_key and id_key
};

struct SearchHits {
  std::vector<SearchHit> hits;          // at most query.page_size, best first
  std::vector<std::string> next_after;  // the next page's cursor; empty on the last page
};

// Runs a search in `tx`. `query` brings the filter, the page size and
// `after`, a cursor from an earlier page's next_after (or none); one that is
// not throws INVALID_ARGUMENT for `page_token`.
SearchHits RunWindowedSearch(Transaction& tx, const SearchSource& source, const std::string& publication_id,
                             const domain::SearchQuery& search, const domain::ListQuery& query);

// The statement of a tier's first window on a first page, with its
// parameters (tests EXPLAIN it).
ListSql FirstWindowSql(const SearchSource& source, const std::string& publication_id,
                       const domain::SearchQuery& search, const domain::ListQuery& query, SearchTier tier);

// The score a hit of `tier` carries in the API (SearchResult.score).
double SearchScore(SearchTier tier);

}  // namespace galley::store
