#include "store/keyset_query.h"

#include <gtest/gtest.h>

#include "domain/error.h"

namespace galley::store {
namespace {

const ListTable kTable{
    "list_things",
    "id, title",
    "things",
    "id",
    {{"name", "id", domain::FieldType::kString},
     {"title", "title", domain::FieldType::kString},
     {"create_time", "create_time", domain::FieldType::kTimestamp},
     {"tags", "tags", domain::FieldType::kStringList}},
    {"parent_id = $1"},
};

domain::ListQuery Query(const std::string& order, bool descending) {
  domain::ListQuery query;
  query.page_size = 10;
  query.order_by = {order, descending};
  return query;
}

TEST(BuildListSql, BindsFilterValuesAndNeverInlinesThem) {
  auto query = Query("name", false);
  query.filter.push_back({"title", domain::Comparison::kEqual, "x' OR 1=1 --"});
  const auto sql = BuildListSql(kTable, query, {"p1"});
  EXPECT_EQ(sql.sql,
            "SELECT id, title, id::text AS sort_key, id AS id_key FROM things WHERE parent_id = $1 AND "
            "title = $2::text ORDER BY id LIMIT $3::int");
  EXPECT_EQ(sql.params, (std::vector<std::string>{"p1", "x' OR 1=1 --", "11"}));
  EXPECT_TRUE(sql.sorted_by_id);
}

TEST(BuildListSql, ListFieldsFilterByContainment) {
  auto query = Query("name", false);
  query.filter.push_back({"tags", domain::Comparison::kEqual, "赣县"});
  const auto sql = BuildListSql(kTable, query, {"p1"});
  EXPECT_NE(sql.sql.find("tags @> ARRAY[$2::text]"), std::string::npos) << sql.sql;
  EXPECT_EQ(sql.params.at(1), "赣县");
}

TEST(BuildListSql, SeeksPastTheCursorInTheSortOrder) {
  auto query = Query("create_time", true);
  query.after = {"2026-05-12 00:00:00+00", "abc"};
  const auto sql = BuildListSql(kTable, query, {"p1"});
  EXPECT_NE(sql.sql.find("(create_time, id) < ($2::timestamptz, $3::text)"), std::string::npos) << sql.sql;
  EXPECT_NE(sql.sql.find("ORDER BY create_time DESC, id DESC"), std::string::npos) << sql.sql;
  EXPECT_FALSE(sql.sorted_by_id);
}

TEST(BuildListSql, NamesEachShapeDistinctly) {
  const auto a = BuildListSql(kTable, Query("name", false), {"p"});
  const auto b = BuildListSql(kTable, Query("name", true), {"p"});
  const auto a_again = BuildListSql(kTable, Query("name", false), {"other parent"});
  EXPECT_NE(a.name, b.name);
  EXPECT_EQ(a.name, a_again.name);
}

TEST(BuildListSql, RejectsACursorOfAnotherShape) {
  auto query = Query("title", false);
  query.after = {"only one part"};
  EXPECT_THROW(BuildListSql(kTable, query, {"p"}), domain::Error);
}

}  // namespace
}  // namespace galley::store
