// Streams a photo to PhotoService.UploadPhoto the way an editorial tool does:
// the metadata message first (a caption and a credit from the sample page),
// then the bytes in chunks. Shared by the tests that upload photos.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "galley/v1/photo_service.grpc.pb.h"

namespace galley::testing {

struct PhotoUpload {
  std::string parent;  // publications/{publication}
  std::string id;      // empty: the server picks one
  std::string bytes;
  std::size_t chunk_size = 64 << 10;
  bool with_metadata = true;  // false: a stream that breaks the protocol
  std::chrono::seconds deadline{20};
};

// The call's status; `out` receives the stored photo when it succeeds.
grpc::Status UploadPhoto(v1::PhotoService::Stub& stub, const PhotoUpload& upload, v1::Photo* out = nullptr);

}  // namespace galley::testing
