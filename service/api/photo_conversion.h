// Photos from the domain to the API's messages (PhotoService, and the change
// feed's PHOTO_UPDATED payloads).
#pragma once

#include "domain/photo.h"
#include "galley/v1/photo.pb.h"

namespace galley::api {

void ToProto(const domain::Photo& photo, v1::Photo* out);

}  // namespace galley::api
