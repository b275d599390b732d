#include "domain/resource_name.h"

#include <gtest/gtest.h>

namespace galley::domain {
namespace {

const NamePattern kSection("publications/{publication}/issues/{issue}/sections/{section}");

TEST(NamePattern, ParsesAndFormatsNestedNames) {
  const auto ids = kSection.Parse("name", "publications/gannan-daily/issues/2026-05-12/sections/a03");
  EXPECT_EQ(ids, (std::vector<std::string>{"gannan-daily", "2026-05-12", "a03"}));
  EXPECT_EQ(kSection.Format(ids), "publications/gannan-daily/issues/2026-05-12/sections/a03");
}

TEST(NamePattern, RejectsNamesOfAnotherShapeNamingTheField) {
  for (const std::string bad :
       {"", "publications", "publications/x", "publications/x/issues/y/sections/", "issues/x/publications/y/sections/z",
        "publications/x/issues/y/sections/z/extra", "publications/Gannan/issues/y/sections/z",
        "publications/x/issues/y/sections/赣南", "publications//issues/y/sections/z"}) {
    try {
      kSection.Parse("article.section", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument) << bad;
      ASSERT_EQ(error.field_violations().size(), 1u);
      EXPECT_EQ(error.field_violations()[0].field, "article.section");
    }
  }
}

TEST(IsValidResourceId, FollowsAip122) {
  EXPECT_TRUE(IsValidResourceId("gannan-daily"));
  EXPECT_TRUE(IsValidResourceId("2026-05-12"));
  EXPECT_TRUE(IsValidResourceId(std::string(63, 'a')));
  EXPECT_FALSE(IsValidResourceId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidResourceId("-a"));
  EXPECT_FALSE(IsValidResourceId("a-"));
  EXPECT_FALSE(IsValidResourceId("A"));
  EXPECT_FALSE(IsValidResourceId("a_b"));
  EXPECT_FALSE(IsValidResourceId(""));
}

TEST(GenerateResourceId, GivesValidDistinctIds) {
  const auto a = GenerateResourceId();
  const auto b = GenerateResourceId();
  EXPECT_TRUE(IsValidResourceId(a));
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace galley::domain
