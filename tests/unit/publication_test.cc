#include "domain/publication.h"

#include <gtest/gtest.h>

namespace galley::domain {
namespace {

std::vector<std::string> ViolatedFields(const Publication& publication) {
  FieldViolations violations;
  CheckPublication(violations, "publication", publication);
  std::vector<std::string> fields;
  try {
    violations.ThrowIfAny();
  } catch (const Error& error) {
    for (const auto& violation : error.field_violations()) fields.push_back(violation.field);
  }
  return fields;
}

Publication Gannan() {
  Publication publication;
  publication.id = "gannan-daily";
  publication.display_name = "赣南日报";
  publication.language = "zh-Hans";
  publication.time_zone = "Asia/Shanghai";
  return publication;
}

TEST(CheckPublication, AcceptsTheGannanDaily) { EXPECT_TRUE(ViolatedFields(Gannan()).empty()); }

TEST(CheckPublication, ReportsEveryBadFieldAtOnce) {
  Publication publication;
  EXPECT_EQ(ViolatedFields(publication), (std::vector<std::string>{"publication.display_name", "publication.language",
                                                                   "publication.time_zone"}));
}

TEST(CheckPublication, RejectsUnknownZonesAndMalformedLanguages) {
  auto publication = Gannan();
  publication.time_zone = "Asia/Gannan";
  publication.language = "chinese please";
  EXPECT_EQ(ViolatedFields(publication),
            (std::vector<std::string>{"publication.language", "publication.time_zone"}));
}

TEST(IsKnownTimeZone, UsesTheZoneDatabaseSafely) {
  EXPECT_TRUE(IsKnownTimeZone("Asia/Shanghai"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone("../../etc/passwd"));
  EXPECT_FALSE(IsKnownTimeZone("/etc/passwd"));
  EXPECT_FALSE(IsKnownTimeZone("zone.tab"));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus_Mons"));
}

TEST(IsLanguageTag, AcceptsCommonBcp47Tags) {
  for (const std::string tag : {"zh", "zh-Hans", "zh-Hans-CN", "en", "en-GB", "yue-Hant-HK", "es-419"}) {
    EXPECT_TRUE(IsLanguageTag(tag)) << tag;
  }
  for (const std::string tag : {"", "z", "zh_Hans", "zh-", "english", "zh-Hans-"}) {
    EXPECT_FALSE(IsLanguageTag(tag)) << tag;
  }
}

TEST(ApplyPublicationUpdate, ChangesOnlyMaskedFields) {
  auto target = Gannan();
  Publication update;
  update.display_name = "赣南日报社";
  update.language = "en";
  ApplyPublicationUpdate(target, update, {"display_name"});
  EXPECT_EQ(target.display_name, "赣南日报社");
  EXPECT_EQ(target.language, "zh-Hans");
}

}  // namespace
}  // namespace galley::domain
