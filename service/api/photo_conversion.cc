#include "api/photo_conversion.h"

#include "api/time_conversion.h"

namespace galley::api {

void ToProto(const domain::Photo& photo, v1::Photo* out) {
  out->set_name(photo.Name());
  out->set_caption(photo.caption);
  out->set_credit(photo.credit);
  out->set_photographer(photo.photographer);
  out->set_alt_text(photo.alt_text);
  out->set_mime_type(photo.mime_type);
  out->set_width(photo.width);
  out->set_height(photo.height);
  out->set_size_bytes(photo.size_bytes);
  out->set_sha256(photo.sha256);
  api::ToProto(photo.create_time, out->mutable_create_time());
  api::ToProto(photo.update_time, out->mutable_update_time());
  out->set_etag(photo.Etag());
}

}  // namespace galley::api
