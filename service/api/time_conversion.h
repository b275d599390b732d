// Converts between the domain's timestamps and google.protobuf.Timestamp.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "domain/time.h"

namespace galley::api {

void ToProto(domain::Timestamp time, google::protobuf::Timestamp* out);
domain::Timestamp FromProto(const google::protobuf::Timestamp& time);

}  // namespace galley::api
