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

Photo SamplePhoto() {
  Photo photo;
  photo.publication_id = "gannan-daily";
  photo.id = "kangjin-aerial";
  photo.caption = "赣州康晋储能技术有限公司航拍图";
  photo.credit = "薛顺鑫摄";
  photo.photographer = "publications/gannan-daily/contributors/xue-shunxin";
  photo.alt_text = "厂区航拍";
  photo.mime_type = "image/jpeg";
  photo.width = 4000;
  photo.height = 3000;
  photo.size_bytes = 5 << 20;
  photo.sha256 = std::string(64, 'a');
  photo.version = 7;
  photo.create_time = Timestamp(std::chrono::microseconds(1778572800123456));
  photo.update_time = Timestamp(std::chrono::microseconds(1778576400654321));
  return photo;
}

TEST(PhotoChangeOf, OnlyWhatReadersSeeMakesAChange) {
  const Photo before = SamplePhoto();
  Photo after = before;
  after.version = 8;
  EXPECT_FALSE(PhotoChangeOf(before, after));
  for (auto field : {&Photo::caption, &Photo::credit, &Photo::photographer, &Photo::alt_text}) {
    Photo edited = before;
    edited.*field += "改";
    const auto change = PhotoChangeOf(before, edited);
    ASSERT_TRUE(change);
    EXPECT_EQ(TypeOf(change), "PHOTO_UPDATED");
    EXPECT_EQ(change->resource, "publications/gannan-daily/photos/kangjin-aerial");
    EXPECT_EQ(change->photo->caption, edited.caption);
  }
}

TEST(PhotoSnapshot, RoundTripsEveryFieldAndRefusesCorruptBytes) {
  const Photo photo = SamplePhoto();
  const Photo back = DecodePhotoSnapshot(EncodePhotoSnapshot(photo));
  EXPECT_EQ(back.Name(), photo.Name());
  EXPECT_EQ(back.caption, photo.caption);
  EXPECT_EQ(back.credit, photo.credit);
  EXPECT_EQ(back.photographer, photo.photographer);
  EXPECT_EQ(back.alt_text, photo.alt_text);
  EXPECT_EQ(back.mime_type, photo.mime_type);
  EXPECT_EQ(back.width, photo.width);
  EXPECT_EQ(back.height, photo.height);
  EXPECT_EQ(back.size_bytes, photo.size_bytes);
  EXPECT_EQ(back.sha256, photo.sha256);
  EXPECT_EQ(back.version, photo.version);
  EXPECT_EQ(back.create_time, photo.create_time);
  EXPECT_EQ(back.update_time, photo.update_time);
  const std::string bytes = EncodePhotoSnapshot(photo);
  EXPECT_THROW(DecodePhotoSnapshot(bytes.substr(0, bytes.size() - 1)), Error);
  EXPECT_THROW(DecodePhotoSnapshot(bytes + "x"), Error);
}

}  // namespace
}  // namespace galley::domain
