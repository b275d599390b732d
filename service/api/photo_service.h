// galley.v1.PhotoService: uploads and downloads as streams of chunks, the
// bytes checked by their content and stored whole with their metadata.
#pragma once

#include <cstdint>

#include "api/gatekeeper.h"
#include "domain/page_token.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "store/photo_repository.h"

namespace galley::api {

class PhotoService final : public galley::v1::PhotoService::Service {
 public:
  PhotoService(Gatekeeper& gate, store::PhotoRepository& photos, const domain::PageTokenCodec& page_tokens, std::int64_t max_bytes)
      : gate_(gate), photos_(photos), page_tokens_(page_tokens), max_bytes_(max_bytes) {}

  grpc::Status UploadPhoto(grpc::ServerContext* context, grpc::ServerReader<v1::UploadPhotoRequest>* reader,
                           v1::Photo* response) override;
  grpc::Status GetPhoto(grpc::ServerContext* context, const v1::GetPhotoRequest* request,
                        v1::Photo* response) override;
  grpc::Status ListPhotos(grpc::ServerContext* context, const v1::ListPhotosRequest* request,
                          v1::ListPhotosResponse* response) override;
  grpc::Status UpdatePhoto(grpc::ServerContext* context, const v1::UpdatePhotoRequest* request,
                           v1::Photo* response) override;
  grpc::Status DeletePhoto(grpc::ServerContext* context, const v1::DeletePhotoRequest* request,
                           google::protobuf::Empty* response) override;
  grpc::Status DownloadPhoto(grpc::ServerContext* context, const v1::DownloadPhotoRequest* request,
                             grpc::ServerWriter<v1::DownloadPhotoResponse>* writer) override;

 private:
  Gatekeeper& gate_;
  store::PhotoRepository& photos_;
  const domain::PageTokenCodec& page_tokens_;
  const std::int64_t max_bytes_;
};

}  // namespace galley::api
