#include "api/photo_requests.h"

#include "domain/article.h"
#include "domain/publication.h"
#include "domain/request_id.h"

namespace galley::api {

namespace {

// The client-settable fields only; the rest come from the bytes.
domain::Photo FromProto(const v1::Photo& photo) {
  domain::Photo out;
  out.caption = photo.caption();
  out.credit = photo.credit();
  out.photographer = photo.photographer();
  out.alt_text = photo.alt_text();
  return out;
}

}  // namespace

domain::Photo ParseUploadPhotoMetadata(const v1::UploadPhotoRequest& first) {
  if (!first.has_metadata()) throw domain::InvalidField("metadata", "the first message must carry the metadata");
  const v1::UploadPhotoMetadata& metadata = first.metadata();
  const auto parent = domain::PublicationName().Parse("metadata.parent", metadata.parent());
  domain::FieldViolations violations;
  domain::Photo photo = FromProto(metadata.photo());
  domain::CheckPhoto(violations, "metadata.photo", photo);
  if (!metadata.photo_id().empty()) domain::CheckResourceId(violations, "metadata.photo_id", metadata.photo_id());
  domain::CheckRequestId(violations, "metadata.request_id", metadata.request_id());
  violations.ThrowIfAny();
  photo.publication_id = parent[0];
  photo.id = metadata.photo_id().empty() ? domain::GenerateResourceId() : metadata.photo_id();
  return photo;
}

std::vector<std::string> ParseGetPhoto(const v1::GetPhotoRequest& request) {
  return domain::PhotoName().Parse("name", request.name());
}

ParsedList ParseListPhotos(const v1::ListPhotosRequest& request, const domain::PageTokenCodec& page_tokens) {
  return ParseChildListRequest(request, domain::PublicationName(), "photos", domain::PhotoQueryFields(),
                               "create_time desc", page_tokens);
}

UpdateCommand<domain::Photo> ParseUpdatePhoto(const v1::UpdatePhotoRequest& request) {
  return ParseMaskedUpdate<domain::Photo>(
      "photo", request.has_photo(), request.photo(), request.update_mask(), domain::PhotoName(),
      domain::PhotoFields(), FromProto(request.photo()), domain::ApplyPhotoUpdate,
      [](auto& violations, const auto& photo) { domain::CheckPhoto(violations, "photo", photo); });
}

std::vector<std::string> ParseDeletePhoto(const v1::DeletePhotoRequest& request) {
  return domain::PhotoName().Parse("name", request.name());
}

std::vector<std::string> ParseDownloadPhoto(const v1::DownloadPhotoRequest& request) {
  return domain::PhotoName().Parse("name", request.name());
}

}  // namespace galley::api
