// The JSON and ninjs text the feed hands partners (domain/json_writer.h,
// domain/ninjs.h), and RFC 3339 times (domain/time.h). The schema itself
// is checked against real feed output in tests/integration/ninjs_feed_test.
#include "domain/ninjs.h"

#include <gtest/gtest.h>

#include "domain/json_writer.h"

namespace galley::domain {
namespace {

TEST(JsonWriter, NestsObjectsAndArraysWithCommasWhereTheyBelong) {
  JsonWriter json;
  json.BeginObject().Key("a").Number(1).Key("b").BeginArray().String("x").BeginObject().EndObject().Number(-2);
  json.EndArray().Member("empty", "").Member("c", "引\"号\"").EndObject();
  EXPECT_EQ(json.text(), R"({"a":1,"b":["x",{},-2],"c":"引\"号\""})");
}

TEST(FormatRfc3339, IsUtcWithMicroseconds) {
  EXPECT_EQ(FormatRfc3339(Timestamp(std::chrono::microseconds(1778572800123456))), "2026-05-12T08:00:00.123456Z");
  EXPECT_EQ(FormatRfc3339(Timestamp(std::chrono::microseconds(0))), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339(Timestamp(std::chrono::microseconds(-1))), "1969-12-31T23:59:59.999999Z");
}

Change PublishedChange() {
  Change change;
  change.sequence = 9;
  change.type = ChangeType::kArticlePublished;
  change.publication_id = "gannan-daily";
  change.resource = "publications/gannan-daily/articles/kangjin";
  change.commit_time = Timestamp(std::chrono::microseconds(1778572800000000));
  Article article;
  article.publication_id = "gannan-daily";
  article.id = "kangjin";
  article.revision = 3;
  article.content.headline = "A & B <C>";
  article.content.body = {{"PARAGRAPH", "x < y & \"z\"", "", ""},
                          {"PHOTO", "图", "publications/gannan-daily/photos/gone", "某某摄"}};
  change.article = article;
  return change;
}

TEST(NinjsOf, EscapesTextForHtmlAndJson) {
  const std::string ninjs = NinjsOf(PublishedChange());
  EXPECT_NE(ninjs.find(R"("headlines":[{"role":"main","value":"A & B <C>"}])"), std::string::npos) << ninjs;
  EXPECT_NE(ninjs.find(R"(<p>x &lt; y &amp; &quot;z&quot;</p>)"), std::string::npos) << ninjs;
  EXPECT_NE(ninjs.find(R"("text/plain","charcount":11,"value":"x < y & \"z\"")"), std::string::npos) << ninjs;
}

TEST(NinjsOf, APhotoThatIsGoneIsStillAnAssociationByName) {
  const std::string ninjs = NinjsOf(PublishedChange());
  EXPECT_NE(ninjs.find(R"("associations":[{"name":"gone","uri":"urn:galley:publications/gannan-daily/photos/gone",)"
                       R"("type":"picture"}])"),
            std::string::npos)
      << ninjs;
}

TEST(NinjsOf, AKilledArticlesEarlierPublicationIsACanceledTombstone) {
  Change change = PublishedChange();
  change.article.reset();
  EXPECT_EQ(NinjsOf(change), R"({"uri":"urn:galley:publications/gannan-daily/articles/kangjin","type":"text",)"
                             R"("versioncreated":"2026-05-12T08:00:00.000000Z","pubstatus":"canceled",)"
                             R"("ednote":"killed since: remove every copy"})");
}

}  // namespace
}  // namespace galley::domain
