// The parts of every List request (AIP-132, -158, -160): page size, an
// AIP-160 filter, `order_by`, and the keyset cursor its page token carries.
// Each service says which fields may be filtered and sorted; the store turns
// the parsed query into SQL with bound parameters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace galley::domain {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

// 0 means the default; above the maximum is capped; negative is INVALID_ARGUMENT.
int ResolvePageSize(std::int32_t requested);

// kStringList: a list field; `field = "x"` means the list contains x.
enum class FieldType { kString, kTimestamp, kDate, kInteger, kStringList };

struct QueryableField {
  std::string name;  // as clients write it: `display_name`
  FieldType type = FieldType::kString;
  bool filterable = true;
  bool sortable = false;
};

enum class Comparison { kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };

// One `field op value` of a filter; a filter is the AND of its terms.
struct FilterTerm {
  std::string field;
  Comparison comparison = Comparison::kEqual;
  std::string value;  // unquoted; RFC 3339 for times, YYYY-MM-DD for dates
};

struct OrderBy {
  std::string field;  // ties are always broken by the resource id
  bool descending = false;
};

struct ListQuery {
  int page_size = kDefaultPageSize;
  std::vector<FilterTerm> filter;
  OrderBy order_by;
  std::vector<std::string> after;  // sort key of the last row served; empty on page 1

  // Identifies the query apart from its position, so that a page token only
  // continues the listing it came from.
  std::string Fingerprint(const std::string& scope) const;
};

// Parses the AIP-160 subset Galley supports: terms `field op value` joined by
// AND, with ops = != < <= > >=, and values that are "quoted strings" or bare
// words. Throws INVALID_ARGUMENT for `filter` naming the problem.
std::vector<FilterTerm> ParseFilter(const std::string& text, const std::vector<QueryableField>& fields);

// `field` or `field desc` (or `asc`); empty gives `default_field` ascending.
OrderBy ParseOrderBy(const std::string& text, const std::vector<QueryableField>& fields,
                     const std::string& default_field);

// True for an RFC 3339 time with a zone, such as `2026-05-12T08:00:00+08:00`.
bool IsRfc3339Timestamp(const std::string& text);

// True for a calendar date `YYYY-MM-DD` that exists (no 2026-02-30).
bool IsIsoDate(const std::string& text);

}  // namespace galley::domain
