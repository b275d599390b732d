#include "api/photo_service.h"

#include "api/list_request.h"
#include "api/masked_update.h"
#include "api/photo_conversion.h"
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

domain::Photo FromProto(const v1::Photo& photo) {
  domain::Photo out;
  out.caption = photo.caption();
  out.credit = photo.credit();
  out.photographer = photo.photographer();
  out.alt_text = photo.alt_text();
  return out;
}

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
    if (!message.has_metadata()) throw domain::InvalidField("metadata", "the first message must carry the metadata");
    metadata = message.metadata();
    const auto parent = domain::PublicationName().Parse("metadata.parent", metadata.parent());
    domain::FieldViolations violations;
    domain::Photo photo = FromProto(metadata.photo());
    domain::CheckPhoto(violations, "metadata.photo", photo);
    if (!metadata.photo_id().empty()) domain::CheckResourceId(violations, "metadata.photo_id", metadata.photo_id());
    domain::CheckRequestId(violations, "metadata.request_id", metadata.request_id());
    violations.ThrowIfAny();

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
    photo.publication_id = parent[0];
    photo.id = metadata.photo_id().empty() ? domain::GenerateResourceId() : metadata.photo_id();
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
    const auto ids = domain::PhotoName().Parse("name", request->name());
    ToProto(photos_.Get(ids[0], ids[1], AudienceOf(call), call.deadline()), response);
  });
}

grpc::Status PhotoService::ListPhotos(grpc::ServerContext* context, const v1::ListPhotosRequest* request,
                                      v1::ListPhotosResponse* response) {
  return gate_.Handle(*context, "galley.v1.PhotoService/ListPhotos", request, [&](const Call& call) {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    const auto list = ParseListRequest("photos:" + request->parent(), request->page_size(), request->filter(),
                                       request->order_by(), request->page_token(), domain::PhotoQueryFields(),
                                       "create_time desc", page_tokens_);
    const auto page = photos_.List(parent[0], list.query, call.deadline());
    for (const auto& photo : page.items) ToProto(photo, response->add_photos());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status PhotoService::UpdatePhoto(grpc::ServerContext* context, const v1::UpdatePhotoRequest* request,
                                       v1::Photo* response) {
  return gate_.Handle(*context, "galley.v1.PhotoService/UpdatePhoto", request, [&](const Call& call) {
    if (!request->has_photo()) throw domain::InvalidField("photo", "is required");
    const auto ids = domain::PhotoName().Parse("photo.name", request->photo().name());
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    const auto mask = domain::ResolveUpdateMask(paths, domain::PhotoFields());
    const auto updated = photos_.Update(
        ids[0], ids[1],
        MaskedUpdate<domain::Photo>("photo", request->photo().etag(), mask, FromProto(request->photo()),
                                    domain::ApplyPhotoUpdate,
                                    [](auto& violations, const auto& photo) {
                                      domain::CheckPhoto(violations, "photo", photo);
                                    }),
        call.Mutation(request->photo().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status PhotoService::DeletePhoto(grpc::ServerContext* context, const v1::DeletePhotoRequest* request,
                                       google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.PhotoService/DeletePhoto", request, [&](const Call& call) {
    const auto ids = domain::PhotoName().Parse("name", request->name());
    photos_.Delete(
        ids[0], ids[1],
        [&](const domain::Photo& photo) { domain::CheckEtag(photo.Name(), request->etag(), photo.Etag()); },
        call.Mutation(request->name(), ""));
  });
}

grpc::Status PhotoService::DownloadPhoto(grpc::ServerContext* context, const v1::DownloadPhotoRequest* request,
                                         grpc::ServerWriter<v1::DownloadPhotoResponse>* writer) {
  return gate_.Handle(*context, "galley.v1.PhotoService/DownloadPhoto", request, [&](const Call& call) {
    const auto ids = domain::PhotoName().Parse("name", request->name());
    const std::string bytes = photos_.Bytes(ids[0], ids[1], AudienceOf(call), call.deadline());
    v1::DownloadPhotoResponse chunk;
    for (std::size_t offset = 0; offset < bytes.size() && !context->IsCancelled(); offset += kDownloadChunkBytes) {
      chunk.set_chunk(bytes.substr(offset, kDownloadChunkBytes));
      if (!writer->Write(chunk)) break;  // the client went away
    }
  });
}

}  // namespace galley::api
