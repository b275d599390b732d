#include "domain/list_query.h"

#include <gtest/gtest.h>

#include "domain/error.h"

namespace galley::domain {
namespace {

const std::vector<QueryableField> kFields{
    {"name", FieldType::kString, false, true},
    {"display_name", FieldType::kString, true, true},
    {"language", FieldType::kString, true, false},
    {"create_time", FieldType::kTimestamp, true, true},
};

std::string FilterError(const std::string& filter) {
  try {
    ParseFilter(filter, kFields);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.field_violations().at(0).field, "filter");
    return error.field_violations().at(0).description;
  }
  return "";
}

TEST(ResolvePageSize, DefaultsCapsAndRejectsNegative) {
  EXPECT_EQ(ResolvePageSize(0), 50);
  EXPECT_EQ(ResolvePageSize(7), 7);
  EXPECT_EQ(ResolvePageSize(1000), 1000);
  EXPECT_EQ(ResolvePageSize(5000), 1000);
  EXPECT_THROW(ResolvePageSize(-1), Error);
}

TEST(ParseFilter, ParsesTermsJoinedByAnd) {
  const auto terms = ParseFilter(R"(language = "zh-Hans" AND create_time >= "2026-05-12T00:00:00+08:00")", kFields);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].field, "language");
  EXPECT_EQ(terms[0].comparison, Comparison::kEqual);
  EXPECT_EQ(terms[0].value, "zh-Hans");
  EXPECT_EQ(terms[1].comparison, Comparison::kGreaterOrEqual);
  EXPECT_EQ(terms[1].value, "2026-05-12T00:00:00+08:00");
}

TEST(ParseFilter, KeepsQuotedTextWhole) {
  const auto terms = ParseFilter(R"(display_name = "赣南 AND \"日报\"")", kFields);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].value, "赣南 AND \"日报\"");
}

TEST(ParseFilter, EmptyMeansEverything) { EXPECT_TRUE(ParseFilter("  ", kFields).empty()); }

TEST(ParseFilter, ExplainsWhatIsWrong) {
  EXPECT_NE(FilterError("colour = \"red\"").find("cannot filter on `colour`"), std::string::npos);
  EXPECT_NE(FilterError("name = \"x\"").find("cannot filter on `name`"), std::string::npos);
  EXPECT_NE(FilterError("language ~ \"x\"").find(""), std::string::npos);
  EXPECT_NE(FilterError("language = \"x").find("closing quote"), std::string::npos);
  EXPECT_NE(FilterError("language = x OR language = y").find("expected AND"), std::string::npos);
  EXPECT_NE(FilterError("create_time > \"yesterday\"").find("RFC 3339"), std::string::npos);
  EXPECT_NE(FilterError("(language = x)").find("parentheses"), std::string::npos);
  EXPECT_NE(FilterError("language =").find("expected a term"), std::string::npos);
}

TEST(ParseOrderBy, AcceptsSortableFieldsWithDirection) {
  EXPECT_EQ(ParseOrderBy("", kFields, "name").field, "name");
  const auto order = ParseOrderBy("create_time desc", kFields, "name");
  EXPECT_EQ(order.field, "create_time");
  EXPECT_TRUE(order.descending);
  EXPECT_FALSE(ParseOrderBy(" display_name  asc ", kFields, "name").descending);
}

TEST(ParseOrderBy, RejectsUnsortableOrMalformed) {
  EXPECT_THROW(ParseOrderBy("language", kFields, "name"), Error);
  EXPECT_THROW(ParseOrderBy("name sideways", kFields, "name"), Error);
  EXPECT_THROW(ParseOrderBy("name desc extra", kFields, "name"), Error);
}

TEST(ListQuery, FingerprintDependsOnFilterAndOrderButNotPosition) {
  ListQuery a;
  a.order_by = {"name", false};
  ListQuery b = a;
  b.after = {"x"};
  b.page_size = 7;
  EXPECT_EQ(a.Fingerprint("p"), b.Fingerprint("p"));
  b.order_by.descending = true;
  EXPECT_NE(a.Fingerprint("p"), b.Fingerprint("p"));
  ListQuery c = a;
  c.filter.push_back({"language", Comparison::kEqual, "en"});
  EXPECT_NE(a.Fingerprint("p"), c.Fingerprint("p"));
  EXPECT_NE(a.Fingerprint("p"), a.Fingerprint("q"));
}

TEST(IsRfc3339Timestamp, RequiresAZone) {
  EXPECT_TRUE(IsRfc3339Timestamp("2026-05-12T08:00:00Z"));
  EXPECT_TRUE(IsRfc3339Timestamp("2026-05-12T08:00:00.123456+08:00"));
  EXPECT_FALSE(IsRfc3339Timestamp("2026-05-12T08:00:00"));
  EXPECT_FALSE(IsRfc3339Timestamp("2026-05-12"));
  EXPECT_FALSE(IsRfc3339Timestamp("2026-13-12T08:00:00Z"));
  EXPECT_FALSE(IsRfc3339Timestamp("2026-02-30T08:00:00Z"));
  EXPECT_FALSE(IsRfc3339Timestamp("0000-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace galley::domain
