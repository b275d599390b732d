// PhotoService's requests, checked and converted to what the store takes:
// all that a call does before it touches the database (the service runs
// exactly these; tests/fuzz/service_request_fuzz.cc feeds them arbitrary
// requests). Each returns a value fit to store or throws domain::Error
// (INVALID_ARGUMENT naming the field). The image bytes of an upload are
// checked as they stream in (domain/image_info.h).
#pragma once

#include <string>
#include <vector>

#include "api/list_request.h"
#include "api/masked_update.h"
#include "domain/page_token.h"
#include "domain/photo.h"
#include "galley/v1/photo_service.pb.h"

namespace galley::api {

// The first message of an upload, which must carry the metadata: the new
// photo with its parent and id (chosen or generated), but no bytes yet.
domain::Photo ParseUploadPhotoMetadata(const v1::UploadPhotoRequest& first);
std::vector<std::string> ParseGetPhoto(const v1::GetPhotoRequest& request);
ParsedList ParseListPhotos(const v1::ListPhotosRequest& request, const domain::PageTokenCodec& page_tokens);
UpdateCommand<domain::Photo> ParseUpdatePhoto(const v1::UpdatePhotoRequest& request);
std::vector<std::string> ParseDeletePhoto(const v1::DeletePhotoRequest& request);
std::vector<std::string> ParseDownloadPhoto(const v1::DownloadPhotoRequest& request);

}  // namespace galley::api
