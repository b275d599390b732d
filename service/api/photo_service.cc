#include "api/photo_service.h"

#include "api/photo_conversion.h"
#include "api/photo_requests.h"
#include "api/request_context.h"
#include "api/status.h"
#include "api/time_conversion.h"
#include "domain/article.h"
#include "domain/digest.h"
#include "domain/image_info.h"
#include "domain/publication.h"

namespace galley::api {

namespace {

constexpr std::size_t kDownloadChunkBytes = 64 * 1024;

store::PhotoAudience AudienceOf(const Call& call) {
  return call.caller().Editorial() ? store::PhotoAudience::kEditorial : store::PhotoAudience::kReaders;
}

}  // namespace

grpc::Status PhotoService::UploadPhoto(grpc::ServerContext* context,
                                       grpc::ServerReader<v1::UploadPhotoRequest>* reader, v1::Photo* response) {
  bool cancelled = false;
  // Out here so that a failed upload is audited against the photo it named.
  v1::UploadPhotoMetadata metadata;
  const grpc::Status status =
      gate_.Handle(*context, "galley.v1.PhotoService/UploadPhoto", &metadata, [&](const Call& call) {
    v1::UploadPhotoRequest message;
    if (!reader->Read(&message)) throw domain::InvalidField("metadata", "the stream ended before its metadata");
    metadata = message.metadata();
    domain::Photo photo = ParseUploadPhotoMetadata(message);

    // The limit holds while streaming: nothing past it is ever buffered.
    std::string bytes;
    while (reader->Read(&message)) {
      if (message.has_metadata()) throw domain::InvalidField("metadata", "may come only in the first message");
      if (static_cast<std::int64_t>(bytes.size() + message.chunk().size()) > max_bytes_) {
        throw domain::Error(domain::ErrorCode::kResourceExhausted, "PHOTO_TOO_LARGE",
                            "the photo is larger than the limit of " + std::to_string(max_bytes_) + " bytes");
      }
      bytes += message.chunk();
    }
    if (context->IsCancelled()) {
      cancelled = true;
      return;
    }
    const auto image = domain::InspectImage(bytes);
    if (!image) {
      throw domain::InvalidField("chunk", bytes.empty() ? "no image bytes were sent"
                                                        : "the bytes are not a complete JPEG, PNG, WebP or GIF image");
    }
    photo.mime_type = image->mime_type;
    photo.width = image->width;
    photo.height = image->height;
    photo.size_bytes = static_cast<std::int64_t>(bytes.size());
    photo.sha256 = domain::Sha256Hex(bytes);
    // The request id stands for the metadata and the bytes' digest.
    v1::UploadPhotoMetadata fingerprinted = metadata;
    fingerprinted.mutable_photo()->set_sha256(photo.sha256);
    const auto key = IdempotencyKeyOf(call.caller().principal, "UploadPhoto", fingerprinted, metadata.request_id());
    ToProto(photos_.Create(photo, bytes, key, call.Mutation(photo.Name(), metadata.request_id())), response);
  });
  return cancelled ? grpc::Status(grpc::StatusCode::CANCELLED, "the upload was cancelled; nothing was stored")
                   : status;
}

grpc::Status PhotoService::GetPhoto(grpc::ServerContext* context, const v1::GetPhotoRequest* request,
                                    v1::Photo* response) {
  return gate_.Handle(*context, "galley.v1.PhotoService/GetPhoto", request, [&](const Call& call) {
    const auto ids = ParseGetPhoto(*request);
    ToProto(photos_.Get(ids[0], ids[1], AudienceOf(call), call.deadline()), response);
  });
}

grpc::Status PhotoService::ListPhotos(grpc::ServerContext* context, const v1::ListPhotosRequest* request,
                                      v1::ListPhotosResponse* response) {
  return gate_.Handle(*context, "galley.v1.PhotoService/ListPhotos", request, [&](const Call& call) {
    const auto list = ParseListPhotos(*request, page_tokens_);
    const auto page = photos_.List(list.parent[0], list.query, call.deadline());
    for (const auto& photo : page.items) ToProto(photo, response->add_photos());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status PhotoService::UpdatePhoto(grpc::ServerContext* context, const v1::UpdatePhotoRequest* request,
                                       v1::Photo* response) {
  return gate_.Handle(*context, "galley.v1.PhotoService/UpdatePhoto", request, [&](const Call& call) {
    const auto update = ParseUpdatePhoto(*request);
    const auto updated =
        photos_.Update(update.ids[0], update.ids[1], update.change, call.Mutation(request->photo().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status PhotoService::DeletePhoto(grpc::ServerContext* context, const v1::DeletePhotoRequest* request,
                                       google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.PhotoService/DeletePhoto", request, [&](const Call& call) {
    const auto ids = ParseDeletePhoto(*request);
    photos_.Delete(
        ids[0], ids[1],
        [&](const domain::Photo& photo) { domain::CheckEtag(photo.Name(), request->etag(), photo.Etag()); },
        call.Mutation(request->name(), ""));
  });
}

grpc::Status PhotoService::DownloadPhoto(grpc::ServerContext* context, const v1::DownloadPhotoRequest* request,
                                         grpc::ServerWriter<v1::DownloadPhotoResponse>* writer) {
  return gate_.Handle(*context, "galley.v1.PhotoService/DownloadPhoto", request, [&](const Call& call) {
    const auto ids = ParseDownloadPhoto(*request);
    const std::string bytes = photos_.Bytes(ids[0], ids[1], AudienceOf(call), call.deadline());
    v1::DownloadPhotoResponse chunk;
    for (std::size_t offset = 0; offset < bytes.size() && !context->IsCancelled(); offset += kDownloadChunkBytes) {
      chunk.set_chunk(bytes.substr(offset, kDownloadChunkBytes));
      if (!writer->Write(chunk)) break;  // the client went away
    }
  });
}

}  // namespace galley::api
