#include "support/photo_upload.h"

namespace galley::testing {

grpc::Status UploadPhoto(v1::PhotoService::Stub& stub, const PhotoUpload& upload, v1::Photo* out) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + upload.deadline);
  v1::Photo photo;
  auto stream = stub.UploadPhoto(&context, out != nullptr ? out : &photo);
  bool open = true;
  if (upload.with_metadata) {
    v1::UploadPhotoRequest metadata;
    metadata.mutable_metadata()->set_parent(upload.parent);
    metadata.mutable_metadata()->set_photo_id(upload.id);
    metadata.mutable_metadata()->mutable_photo()->set_caption("赣州康晋储能技术有限公司航拍图");
    metadata.mutable_metadata()->mutable_photo()->set_credit("薛顺鑫摄");
    open = stream->Write(metadata);
  }
  // A server that refused the stream early stops reading: Finish says why.
  for (std::size_t offset = 0; open && offset < upload.bytes.size(); offset += upload.chunk_size) {
    v1::UploadPhotoRequest chunk;
    chunk.set_chunk(upload.bytes.substr(offset, upload.chunk_size));
    open = stream->Write(chunk);
  }
  stream->WritesDone();
  return stream->Finish();
}

}  // namespace galley::testing
