#include "domain/etag.h"

#include <gtest/gtest.h>

#include "domain/error.h"

namespace galley::domain {
namespace {

TEST(MakeEtag, ChangesWithVersionAndResource) {
  EXPECT_EQ(MakeEtag("publications/a", 1), MakeEtag("publications/a", 1));
  EXPECT_NE(MakeEtag("publications/a", 1), MakeEtag("publications/a", 2));
  EXPECT_NE(MakeEtag("publications/a", 1), MakeEtag("publications/b", 1));
}

TEST(CheckEtag, AcceptsCurrentOrAbsentAndAbortsOnStale) {
  const auto current = MakeEtag("publications/a", 2);
  EXPECT_NO_THROW(CheckEtag("publications/a", current, current));
  EXPECT_NO_THROW(CheckEtag("publications/a", "", current));
  try {
    CheckEtag("publications/a", MakeEtag("publications/a", 1), current);
    FAIL() << "a stale etag was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kAborted);
    EXPECT_EQ(error.reason(), "ETAG_MISMATCH");
  }
}

TEST(CheckEtag, StarMatchesAnyVersion) {
  EXPECT_NO_THROW(CheckEtag("publications/a", kAnyEtag, MakeEtag("publications/a", 7)));
}

TEST(RequireEtag, NamesTheFieldWhenTheEtagIsMissing) {
  FieldViolations violations;
  RequireEtag(violations, "publication.etag", "*");
  EXPECT_TRUE(violations.empty());
  RequireEtag(violations, "publication.etag", "");
  try {
    violations.ThrowIfAny();
    FAIL() << "a missing etag was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.field_violations().at(0).field, "publication.etag");
  }
}

}  // namespace
}  // namespace galley::domain
