#include "domain/update_mask.h"

#include <gtest/gtest.h>

#include "domain/error.h"

namespace galley::domain {
namespace {

const ResourceFields kFields{{"display_name", "language"}, {"name", "etag", "create_time"}};

ErrorCode CodeOf(const std::vector<std::string>& paths) {
  try {
    ResolveUpdateMask(paths, kFields);
  } catch (const Error& error) {
    EXPECT_EQ(error.field_violations().at(0).field, "update_mask");
    return error.code();
  }
  return ErrorCode::kInternal;
}

TEST(ResolveUpdateMask, ReturnsTheNamedFields) {
  EXPECT_EQ(ResolveUpdateMask({"language"}, kFields), (std::set<std::string>{"language"}));
}

TEST(ResolveUpdateMask, RefusesMorePathsThanItTakesWithOneViolation) {
  const std::vector<std::string> paths(kMaxUpdateMaskPaths + 1, "display_name");
  try {
    ResolveUpdateMask(paths, kFields);
    FAIL() << "accepted";
  } catch (const Error& error) {
    ASSERT_EQ(error.field_violations().size(), 1u);
    EXPECT_EQ(error.field_violations()[0].field, "update_mask");
  }
}

TEST(ResolveUpdateMask, StarMeansEveryMutableField) {
  EXPECT_EQ(ResolveUpdateMask({"*"}, kFields), (std::set<std::string>{"display_name", "language"}));
}

TEST(ResolveUpdateMask, RejectsEmptyUnknownAndOutputOnlyPaths) {
  EXPECT_EQ(CodeOf({}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({"colour"}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({"etag"}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf({"*", "language"}), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace galley::domain
