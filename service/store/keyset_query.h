// Builds the SQL of a List call from a parsed domain::ListQuery: filter terms
// become comparisons against whitelisted columns with bound parameters, and
// the page cursor becomes a keyset condition `(sort_column, id) > (...)`, so
// that the database seeks straight to the page through an index and page
// 1000 costs what page 1 costs. No client text ever becomes SQL text.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <pqxx/result>

#include "domain/list_query.h"

namespace galley::store {

struct ListColumn {
  std::string field;   // the API field name, as in domain::QueryableField
  std::string column;  // the SQL column (or expression) it maps to
  domain::FieldType type = domain::FieldType::kString;
};

struct ListTable {
  std::string statement_prefix;  // "list_publications": names the prepared statement
  std::string select_list;       // columns the repository maps to its resource
  std::string from;              // table (with any join)
  std::string id_column;         // the unique tie-breaker, e.g. "id"
  std::vector<ListColumn> columns;
  std::vector<std::string> scope_conditions;  // fixed conditions with $1.. params, e.g. "parent_id = $1"
  const char* id_cast = "::text";              // the id column's type, for its cursor parameter
};

struct ListSql {
  std::string name;  // unique per SQL shape, for the prepared statement
  std::string sql;   // selects select_list, then sort_key text, then id_key
  std::vector<std::string> params;
  bool sorted_by_id = false;  // then the cursor is the id alone
};

template <typename Resource>
struct ListPage {
  std::vector<Resource> items;
  std::vector<std::string> next_after;  // the next page's cursor; empty on the last page
};

// The conditions of a list: the table's scope, the filter's terms and the
// cursor's keyset condition, joined by AND, with their parameters
// (`scope_params` first).
struct ListFilter {
  std::string where;
  std::vector<std::string> params;
  std::string sort_column;
  bool sorted_by_id = false;
};
ListFilter BuildListFilter(const ListTable& table, const domain::ListQuery& query,
                           std::vector<std::string> scope_params);
// The ORDER BY list that goes with `filter`: the sort column, then the id.
std::string ListOrder(const ListTable& table, const ListFilter& filter, bool descending);

// `scope_params` bind the table's scope conditions ($1.. in order); the
// query adds its own after them. The result selects page_size + 1 rows so the
// caller can tell whether another page follows.
ListSql BuildListSql(const ListTable& table, const domain::ListQuery& query,
                     std::vector<std::string> scope_params);

// The cursor that continues a listing after `row`.
std::vector<std::string> CursorAfter(const ListSql& list, const pqxx::row& row);

// Reads up to `page_size` rows of a list query with `read_row`, and the
// cursor of the next page if the query found one more row.
template <typename ReadRow>
auto ReadListPage(const ListSql& list, const pqxx::result& rows, int page_size, ReadRow read_row) {
  ListPage<decltype(read_row(rows[0]))> page;
  const auto count = std::min<pqxx::result::size_type>(rows.size(), page_size);
  for (pqxx::result::size_type i = 0; i < count; ++i) page.items.push_back(read_row(rows[i]));
  if (rows.size() > count && count > 0) page.next_after = CursorAfter(list, rows[count - 1]);
  return page;
}

}  // namespace galley::store
