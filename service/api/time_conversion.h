// Converts between the domain's timestamps and google.protobuf.Timestamp.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "domain/time.h"

namespace galley::api {

void ToProto(domain::Timestamp time, google::protobuf::Timestamp* out);
// Throws INVALID_ARGUMENT for `field` outside what google.protobuf.Timestamp
// allows (years 1 to 9999, nanos 0 to 999,999,999): such a time is no time
// at all, and its seconds would overflow the microseconds they become.
domain::Timestamp FromProto(const std::string& field, const google::protobuf::Timestamp& time);

}  // namespace galley::api
