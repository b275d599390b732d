// What each workflow action means to the change log (domain/change.h).
#include "domain/change.h"

#include <gtest/gtest.h>

namespace galley::domain {
namespace {

Article At(const std::string& state, bool live, std::int64_t published_revision) {
  Article article;
  article.publication_id = "gannan-daily";
  article.id = "kangjin";
  article.state = state;
  article.live = live;
  article.published_revision = published_revision;
  article.state_reason = "原因";
  return article;
}

std::string TypeOf(const std::optional<ChangeRecord>& change) {
  return change ? ChangeTypeName(change->type) : "none";
}

TEST(ArticleChangeOf, GoingLiveIsPublishedAndANewLiveVersionACorrection) {
  const auto published = ArticleChangeOf(At("APPROVED", false, 0), At("PUBLISHED", true, 4));
  EXPECT_EQ(TypeOf(published), "ARTICLE_PUBLISHED");
  EXPECT_EQ(published->revision, 4);
  EXPECT_EQ(published->resource, "publications/gannan-daily/articles/kangjin");
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("PUBLISHED", true, 4), At("PUBLISHED", true, 6))), "ARTICLE_CORRECTED");
  // Live again after being taken down: published, not corrected.
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("UNPUBLISHED", false, 4), At("PUBLISHED", true, 8))), "ARTICLE_PUBLISHED");
  // A scheduled republication of a live article goes live when it fires.
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("PUBLISHED", true, 4), At("SCHEDULED", true, 4))), "none");
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("SCHEDULED", true, 4), At("PUBLISHED", true, 7))), "ARTICLE_CORRECTED");
}

TEST(ArticleChangeOf, TakingDownIsATombstoneWithTheReason) {
  const auto unpublished = ArticleChangeOf(At("PUBLISHED", true, 4), At("UNPUBLISHED", false, 4));
  EXPECT_EQ(TypeOf(unpublished), "ARTICLE_UNPUBLISHED");
  EXPECT_EQ(unpublished->reason, "原因");
  EXPECT_EQ(unpublished->revision, 0);
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("PUBLISHED", true, 4), At("KILLED", false, 4))), "ARTICLE_KILLED");
  // Killed after being unpublished: consumers must still purge their copies.
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("UNPUBLISHED", false, 4), At("KILLED", false, 4))), "ARTICLE_KILLED");
}

TEST(ArticleChangeOf, WhatReadersNeverSawIsNoChange) {
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("DRAFT", false, 0), At("SUBMITTED", false, 0))), "none");
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("SUBMITTED", false, 0), At("APPROVED", false, 0))), "none");
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("APPROVED", false, 0), At("SCHEDULED", false, 0))), "none");
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("SCHEDULED", false, 0), At("UNPUBLISHED", false, 0))), "none");
  EXPECT_EQ(TypeOf(ArticleChangeOf(At("DRAFT", false, 0), At("KILLED", false, 0))), "none");
}

TEST(ChangeType, NamesRoundTrip) {
  for (const auto type : {ChangeType::kArticlePublished, ChangeType::kArticleCorrected,
                          ChangeType::kArticleUnpublished, ChangeType::kArticleKilled, ChangeType::kIssuePublished}) {
    EXPECT_EQ(ParseChangeType(ChangeTypeName(type)), type);
  }
  EXPECT_THROW(ParseChangeType("ARTICLE_EDITED"), Error);
}

}  // namespace
}  // namespace galley::domain
