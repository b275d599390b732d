#include "store/keyset_query.h"

#include <stdexcept>

#include "domain/digest.h"
#include "domain/error.h"

namespace galley::store {

namespace {

const ListColumn& FindColumn(const ListTable& table, const std::string& field) {
  for (const auto& column : table.columns) {
    if (column.field == field) return column;
  }
  // The domain validated the field against the same list: a mismatch is a bug.
  throw std::logic_error("no column for list field " + field);
}

const char* SqlOperator(domain::Comparison comparison) {
  switch (comparison) {
    case domain::Comparison::kEqual: return "=";
    case domain::Comparison::kNotEqual: return "<>";
    case domain::Comparison::kLess: return "<";
    case domain::Comparison::kLessOrEqual: return "<=";
    case domain::Comparison::kGreater: return ">";
    case domain::Comparison::kGreaterOrEqual: return ">=";
  }
  return "=";
}

const char* Cast(domain::FieldType type) {
  switch (type) {
    case domain::FieldType::kTimestamp: return "::timestamptz";
    case domain::FieldType::kDate: return "::date";
    case domain::FieldType::kInteger: return "::bigint";  // wide enough for every integer sort key
    case domain::FieldType::kString:
    case domain::FieldType::kStringList: return "::text";
  }
  return "::text";
}

}  // namespace

ListFilter BuildListFilter(const ListTable& table, const domain::ListQuery& query,
                           std::vector<std::string> scope_params) {
  ListFilter out;
  out.params = std::move(scope_params);
  // Every value is bound as text and cast in SQL to the column's type.
  auto param = [&out](std::string value, const char* cast) {
    out.params.push_back(std::move(value));
    return "$" + std::to_string(out.params.size()) + cast;
  };

  std::vector<std::string> conditions = table.scope_conditions;
  for (const auto& term : query.filter) {
    const ListColumn& column = FindColumn(table, term.field);
    if (column.type == domain::FieldType::kStringList) {
      // "Contains" (the domain allows only =), written so a GIN index serves it.
      conditions.push_back(column.column + " @> ARRAY[" + param(term.value, "::text") + "]");
      continue;
    }
    conditions.push_back(column.column + ' ' + SqlOperator(term.comparison) + ' ' + param(term.value, Cast(column.type)));
  }

  const ListColumn& sort = FindColumn(table, query.order_by.field);
  out.sort_column = sort.column;
  out.sorted_by_id = sort.column == table.id_column;
  const char* after = query.order_by.descending ? " < " : " > ";
  if (!query.after.empty()) {
    const std::size_t expected = out.sorted_by_id ? 1 : 2;
    if (query.after.size() != expected) {
      throw domain::InvalidField("page_token", "does not belong to this listing; start again without one");
    }
    if (out.sorted_by_id) {
      conditions.push_back(table.id_column + after + param(query.after[0], table.id_cast));
    } else {
      // Bound one after the other: the order of $n must not depend on the
      // compiler's order of evaluating operands.
      const std::string sort_value = param(query.after[0], Cast(sort.type));
      const std::string id_value = param(query.after[1], table.id_cast);
      conditions.push_back('(' + sort.column + ", " + table.id_column + ')' + after + '(' + sort_value + ", " +
                           id_value + ')');
    }
  }
  for (std::size_t i = 0; i < conditions.size(); ++i) out.where += (i == 0 ? "" : " AND ") + conditions[i];
  if (out.where.empty()) out.where = "true";
  return out;
}

std::string ListOrder(const ListTable& table, const ListFilter& filter, bool descending) {
  const char* direction = descending ? " DESC" : "";
  return (filter.sorted_by_id ? std::string() : filter.sort_column + direction + ", ") + table.id_column + direction;
}

ListSql BuildListSql(const ListTable& table, const domain::ListQuery& query,
                     std::vector<std::string> scope_params) {
  ListFilter filter = BuildListFilter(table, query, std::move(scope_params));
  ListSql out;
  out.params = std::move(filter.params);
  out.params.push_back(std::to_string(query.page_size + 1));
  out.sql = "SELECT " + table.select_list + ", " + filter.sort_column + "::text AS sort_key, " + table.id_column +
            " AS id_key FROM " + table.from + " WHERE " + filter.where + " ORDER BY " +
            ListOrder(table, filter, query.order_by.descending) + " LIMIT $" + std::to_string(out.params.size()) +
            "::int";
  out.sorted_by_id = filter.sorted_by_id;
  out.name = table.statement_prefix + '_' + domain::Sha256Hex(out.sql).substr(0, 16);
  return out;
}

std::vector<std::string> CursorAfter(const ListSql& list, const pqxx::row& row) {
  if (list.sorted_by_id) return {row["id_key"].as<std::string>()};
  return {row["sort_key"].as<std::string>(), row["id_key"].as<std::string>()};
}

}  // namespace galley::store
