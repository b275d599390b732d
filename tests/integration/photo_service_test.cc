// PhotoService through gRPC against a fresh PostgreSQL database per test:
// streamed uploads stored whole or not at all, and downloads that return
// exactly what was stored.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "domain/caller.h"
#include "domain/digest.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/photo_upload.h"
#include "support/sample_images.h"

namespace galley {
namespace {

using testing::ViolatedFields;

class PhotoServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  // Sends the metadata (unless `with_metadata` is false) and `bytes` in
  // chunks of `chunk_size`.
  grpc::Status Upload(const std::string& bytes, v1::Photo* out, const std::string& id = "",
                      std::size_t chunk_size = 7, bool with_metadata = true) {
    return testing::UploadPhoto(*stub_, {"publications/gannan-daily", id, bytes, chunk_size, with_metadata}, out);
  }

  // Downloads as an admin, or through `stub`.
  std::string Download(const std::string& name, grpc::Status* status, v1::PhotoService::Stub* stub = nullptr) {
    v1::DownloadPhotoRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    auto stream = (stub != nullptr ? stub : stub_.get())->DownloadPhoto(&context, request);
    std::string bytes;
    v1::DownloadPhotoResponse chunk;
    while (stream->Read(&chunk)) bytes += chunk.chunk();
    *status = stream->Finish();
    return bytes;
  }

  static grpc::Status Get(v1::PhotoService::Stub& stub, const std::string& name) {
    v1::GetPhotoRequest request;
    request.set_name(name);
    v1::Photo photo;
    grpc::ClientContext context;
    return stub.GetPhoto(&context, request, &photo);
  }

  v1::Article CreateArticleShowing(const std::string& photo, const std::string& id) {
    v1::Article article;
    article.set_headline("产业拔节生长");
    auto* block = article.add_body();
    block->set_kind(v1::Block::PHOTO);
    block->set_photo(photo);
    return articles_.Create("gannan-daily", id, article);
  }

  v1::Article RemovePhotos(v1::Article article) {
    article.clear_body();
    auto* paragraph = article.add_body();
    paragraph->set_kind(v1::Block::PARAGRAPH);
    paragraph->set_text("照片已撤下。");
    return articles_.Update(article, "body");
  }

  int StoredPhotos() {
    pqxx::connection connection(galley_.database().url());
    pqxx::nontransaction tx(connection);
    return tx.exec1("SELECT count(*) FROM photos")[0].as<int>();
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::PhotoService::Stub> stub_ = v1::PhotoService::NewStub(galley_.channel());
  testing::ArticleDriver articles_{galley_.channel()};
};

TEST_F(PhotoServiceTest, AnUploadIsStoredWholeAndDownloadsExactly) {
  const std::string png = testing::SamplePng(640, 480);
  v1::Photo photo;
  ASSERT_TRUE(Upload(png, &photo, "kangjin-aerial").ok());
  EXPECT_EQ(photo.name(), "publications/gannan-daily/photos/kangjin-aerial");
  EXPECT_EQ(photo.mime_type(), "image/png");
  EXPECT_EQ(photo.width(), 640);
  EXPECT_EQ(photo.height(), 480);
  EXPECT_EQ(photo.size_bytes(), static_cast<std::int64_t>(png.size()));
  EXPECT_EQ(photo.sha256(), domain::Sha256Hex(png));
  EXPECT_EQ(photo.credit(), "薛顺鑫摄");
  grpc::Status status;
  EXPECT_EQ(Download(photo.name(), &status), png);
  EXPECT_TRUE(status.ok());
}

TEST_F(PhotoServiceTest, TheTypeComesFromTheBytes) {
  for (const auto& [bytes, mime_type] : std::vector<std::pair<std::string, std::string>>{
           {testing::SampleJpeg(1920, 1080), "image/jpeg"},
           {testing::SampleGif(32, 16), "image/gif"},
           {testing::SampleWebp(800, 600), "image/webp"}}) {
    v1::Photo photo;
    ASSERT_TRUE(Upload(bytes, &photo).ok()) << mime_type;
    EXPECT_EQ(photo.mime_type(), mime_type);
  }
}

TEST_F(PhotoServiceTest, BadUploadsStoreNothing) {
  v1::Photo out;
  const std::string png = testing::SamplePng(64, 64);
  auto missing_metadata = Upload(png, &out, "", 7, /*with_metadata=*/false);
  EXPECT_EQ(missing_metadata.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(missing_metadata), std::vector<std::string>{"metadata"});
  auto empty_stream = Upload("", &out, "", 7, /*with_metadata=*/false);
  EXPECT_EQ(ViolatedFields(empty_stream), std::vector<std::string>{"metadata"});
  auto truncated = Upload(png.substr(0, png.size() - 5), &out);
  EXPECT_EQ(ViolatedFields(truncated), std::vector<std::string>{"chunk"});
  auto not_an_image = Upload("%PDF-1.4 a document named photo.jpg", &out);
  EXPECT_EQ(ViolatedFields(not_an_image), std::vector<std::string>{"chunk"});
  auto no_bytes = Upload("", &out);
  EXPECT_EQ(ViolatedFields(no_bytes), std::vector<std::string>{"chunk"});
  EXPECT_EQ(StoredPhotos(), 0);
}

TEST_F(PhotoServiceTest, ATooLargeUploadIsRefusedWhileStreaming) {
  // A valid image just over the 25 MiB limit: refused by size, not content.
  std::string big = testing::SamplePng(64, 64);
  big.insert(33, std::string(25 * 1024 * 1024, '\0'));
  v1::Photo out;
  const auto status = Upload(big, &out, "", 1024 * 1024);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(StoredPhotos(), 0);
}

TEST_F(PhotoServiceTest, ACancelledUploadStoresNothing) {
  grpc::ClientContext context;
  v1::Photo out;
  auto stream = stub_->UploadPhoto(&context, &out);
  v1::UploadPhotoRequest metadata;
  metadata.mutable_metadata()->set_parent("publications/gannan-daily");
  stream->Write(metadata);
  v1::UploadPhotoRequest chunk;
  chunk.set_chunk(testing::SamplePng(64, 64));
  stream->Write(chunk);
  context.TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(StoredPhotos(), 0);
}

TEST_F(PhotoServiceTest, MetadataUpdatesAreGuardedAndPhotographersMustExist) {
  v1::Photo photo;
  ASSERT_TRUE(Upload(testing::SamplePng(64, 64), &photo, "p1").ok());
  v1::UpdatePhotoRequest update;
  *update.mutable_photo() = photo;
  update.mutable_photo()->set_alt_text("储能工厂航拍");
  update.mutable_update_mask()->add_paths("alt_text");
  v1::Photo updated;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->UpdatePhoto(&context, update, &updated).ok());
  }
  EXPECT_EQ(updated.alt_text(), "储能工厂航拍");
  update.mutable_photo()->set_etag(updated.etag());
  update.mutable_photo()->set_photographer("publications/gannan-daily/contributors/nobody");
  update.mutable_update_mask()->set_paths(0, "photographer");
  grpc::ClientContext context;
  EXPECT_EQ(ViolatedFields(stub_->UpdatePhoto(&context, update, &updated)),
            std::vector<std::string>{"photo.photographer"});
}

TEST_F(PhotoServiceTest, ReadersSeeOnlyPhotosThatPublishedArticlesShow) {
  v1::Photo photo;
  const std::string png = testing::SamplePng(64, 64);
  ASSERT_TRUE(Upload(png, &photo, "shown").ok());
  const auto reader = v1::PhotoService::NewStub(galley_.ChannelAs(domain::Role::kReader, "website"));
  grpc::Status status;
  EXPECT_EQ(Get(*reader, photo.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Download(photo.name(), &status, reader.get()), "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  // Only once the article showing it is live.
  auto article = CreateArticleShowing(photo.name(), "story");
  EXPECT_EQ(Get(*reader, photo.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  article = articles_.Live(article);
  EXPECT_TRUE(Get(*reader, photo.name()).ok());
  EXPECT_EQ(Download(photo.name(), &status, reader.get()), png);
  EXPECT_TRUE(status.ok()) << status.error_message();

  // An edit that drops it changes the working copy, not what readers see.
  article = RemovePhotos(article);
  EXPECT_TRUE(Get(*reader, photo.name()).ok());

  articles_.Unpublish(article, "图片版权待核实");
  EXPECT_EQ(Get(*reader, photo.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Get(*stub_, photo.name()).ok());  // editors still see it
}

TEST_F(PhotoServiceTest, APhotoALiveRevisionShowsCannotBeDeleted) {
  v1::Photo photo;
  ASSERT_TRUE(Upload(testing::SamplePng(64, 64), &photo, "shown").ok());
  auto article = articles_.Live(CreateArticleShowing(photo.name(), "story"));
  // Dropped from the working copy, but still what readers see.
  RemovePhotos(article);
  v1::DeletePhotoRequest remove;
  remove.set_name(photo.name());
  remove.set_etag("*");
  google::protobuf::Empty empty;
  grpc::ClientContext context;
  const auto status = stub_->DeletePhoto(&context, remove, &empty);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("published articles showing it"), std::string::npos) << status.error_message();
  EXPECT_EQ(StoredPhotos(), 1);
}

TEST_F(PhotoServiceTest, AnUnusedPhotoIsDeletedAndGone) {
  v1::Photo photo;
  ASSERT_TRUE(Upload(testing::SamplePng(64, 64), &photo, "unused").ok());
  v1::DeletePhotoRequest remove;
  remove.set_name(photo.name());
  remove.set_etag(photo.etag());
  google::protobuf::Empty empty;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DeletePhoto(&context, remove, &empty).ok());
  }
  grpc::Status status;
  Download(photo.name(), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace galley
