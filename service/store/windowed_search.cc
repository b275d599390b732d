#include "store/windowed_search.h"

#include <optional>

#include "domain/error.h"

namespace galley::store {

namespace {

constexpr int kFirstWindowDays = 1;
constexpr int kWindowGrowth = 4;  // each window this many times the last: at most ~4x the rows a page needs
// Past this (about 180 years), the last window takes everything older.
constexpr int kLongestWindowDays = 65536;

// $2 and $3 are the query's CJK tsquery and Latin-script words.
#define GALLEY_SEARCH_QUERY "galley_search_query($2, $3)"
constexpr const char* kHeadlineMatch = "ts_filter(search, '{a}') @@ " GALLEY_SEARCH_QUERY;
constexpr const char* kElsewhereMatch =
    "search @@ " GALLEY_SEARCH_QUERY " AND NOT ts_filter(search, '{a}') @@ " GALLEY_SEARCH_QUERY;
#undef GALLEY_SEARCH_QUERY

const std::vector<ListColumn>& SearchColumns() {
  static const std::vector<ListColumn> kColumns{{"state", "state", domain::FieldType::kString},
                                                {"issue", "issue", domain::FieldType::kString},
                                                {"section", "section", domain::FieldType::kString},
                                                {"tags", "tags", domain::FieldType::kStringList},
                                                {"language", "language", domain::FieldType::kString},
                                                {"owner", "owner", domain::FieldType::kString},
                                                {"update_time", "update_time", domain::FieldType::kTimestamp}};
  return kColumns;
}

struct Cursor {
  SearchTier tier = SearchTier::kHeadline;
  std::string time;  // update_time as PostgreSQL wrote it
  std::string id;
};

std::optional<Cursor> ParseCursor(const std::vector<std::string>& after) {
  if (after.empty()) return std::nullopt;
  if (after.size() != 3 || (after[0] != "1" && after[0] != "2")) {
    throw domain::InvalidField("page_token", "does not belong to this search; start again without one");
  }
  return Cursor{after[0] == "1" ? SearchTier::kHeadline : SearchTier::kElsewhere, after[1], after[2]};
}

std::vector<std::string> CursorOf(SearchTier tier, const pqxx::row& row) {
  return {tier == SearchTier::kHeadline ? "1" : "2", row["sort_key"].as<std::string>(),
          row["id_key"].as<std::string>()};
}

// A window: from `days` before `anchor` (0: from the beginning) up to the
// previous window's lower edge (none for a tier's first), and after the
// cursor on a continued one.
struct Window {
  std::string anchor;
  int days = kFirstWindowDays;
  std::optional<std::pair<std::string, int>> below;  // the previous window's anchor and days
};

std::string EdgeOf(std::vector<std::string>& params, const std::string& anchor, int days) {
  params.push_back(anchor);
  const std::string anchor_param = "$" + std::to_string(params.size());
  params.push_back(std::to_string(days));
  return anchor_param + "::timestamptz - $" + std::to_string(params.size()) + "::integer * interval '1 day'";
}

// Finds the window's matches without an order (so that PostgreSQL cannot
// choose to walk the time index, testing every row's vector, in the hope of
// stopping early), then orders those few and keeps a page and one more.
ListSql WindowSql(const SearchSource& source, const std::string& publication_id, const domain::SearchQuery& search,
                  const domain::ListQuery& query, SearchTier tier, const Window& window,
                  const std::optional<Cursor>& after) {
  std::vector<std::string> params{publication_id, search.cjk_query, search.latin};
  ListTable table;
  table.from = source.from;
  table.id_column = "id";
  table.columns = SearchColumns();
  table.scope_conditions = {"publication_id = $1"};
  table.scope_conditions.insert(table.scope_conditions.end(), source.scope_conditions.begin(),
                                source.scope_conditions.end());
  table.scope_conditions.push_back(tier == SearchTier::kHeadline ? kHeadlineMatch : kElsewhereMatch);
  if (window.days > 0) table.scope_conditions.push_back("update_time >= " + EdgeOf(params, window.anchor, window.days));
  if (window.below) {
    table.scope_conditions.push_back("update_time < " + EdgeOf(params, window.below->first, window.below->second));
  }
  domain::ListQuery window_query;
  window_query.filter = query.filter;
  window_query.order_by = {"update_time", true};
  if (after) window_query.after = {after->time, after->id};
  ListFilter filter = BuildListFilter(table, window_query, std::move(params));

  ListSql out;
  out.params = std::move(filter.params);
  out.params.push_back(std::to_string(query.page_size + 1));
  const std::string order = ListOrder(table, filter, true);
  out.sql = "WITH found AS MATERIALIZED (SELECT id, update_time FROM " + source.from + " WHERE " + filter.where +
            ") SELECT " + source.select_list + ", update_time::text AS sort_key, id AS id_key FROM " + source.from +
            " WHERE publication_id = $1 AND id IN (SELECT id FROM found ORDER BY " + order + " LIMIT $" +
            std::to_string(out.params.size()) + "::int) ORDER BY " + order;
  return out;
}

// The time of the newest row older than `days` before `anchor`, if any.
std::optional<std::string> NewestOlderThan(Transaction& tx, const SearchSource& source,
                                           const std::string& publication_id, const std::string& anchor, int days) {
  // Named apart from the column: ORDER BY update_time would otherwise sort
  // by the text and walk every row.
  std::string sql = "SELECT update_time::text AS newest FROM " + source.from + " WHERE publication_id = $1";
  for (const auto& condition : source.scope_conditions) sql += " AND " + condition;
  sql += " AND update_time < $2::timestamptz - $3::integer * interval '1 day' ORDER BY update_time DESC LIMIT 1";
  const auto rows = tx.ExecPlannedEachTime(sql, publication_id, anchor, std::to_string(days));
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

}  // namespace

SearchHits RunWindowedSearch(Transaction& tx, const SearchSource& source, const std::string& publication_id,
                             const domain::SearchQuery& search, const domain::ListQuery& query) {
  const std::optional<Cursor> cursor = ParseCursor(query.after);
  SearchHits out;
  std::vector<std::string> last_cursor;
  for (const SearchTier tier : {SearchTier::kHeadline, SearchTier::kElsewhere}) {
    if (cursor && tier < cursor->tier) continue;  // that tier's hits were on earlier pages
    const bool continues = cursor && tier == cursor->tier;
    Window window{continues ? cursor->time : "now", kFirstWindowDays, std::nullopt};
    for (bool first = true;; first = false) {
      const ListSql sql =
          WindowSql(source, publication_id, search, query, tier, window, first && continues ? cursor : std::nullopt);
      for (const auto& row : tx.ExecPlannedEachTime(sql.sql, pqxx::prepare::make_dynamic_params(sql.params))) {
        if (static_cast<int>(out.hits.size()) == query.page_size) {
          out.next_after = std::move(last_cursor);  // one more hit: another page follows
          return out;
        }
        out.hits.push_back({tier, row});
        last_cursor = CursorOf(tier, row);
      }
      if (window.days == 0) break;  // it reached back to the beginning
      const auto older = NewestOlderThan(tx, source, publication_id, window.anchor, window.days);
      if (!older) break;  // the tier is exhausted
      const int days = window.days < kLongestWindowDays ? window.days * kWindowGrowth : 0;
      window = Window{*older, days, std::make_pair(window.anchor, window.days)};
    }
  }
  return out;
}

ListSql FirstWindowSql(const SearchSource& source, const std::string& publication_id,
                       const domain::SearchQuery& search, const domain::ListQuery& query, SearchTier tier) {
  return WindowSql(source, publication_id, search, query, tier, Window{"now", kFirstWindowDays, std::nullopt},
                   std::nullopt);
}

double SearchScore(SearchTier tier) { return tier == SearchTier::kHeadline ? 1.0 : 0.5; }

}  // namespace galley::store
