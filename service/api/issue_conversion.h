// Issues from the domain to the API's messages.
#pragma once

#include "domain/issue.h"
#include "galley/v1/issue.pb.h"

namespace galley::api {

void ToProto(const domain::Issue& issue, v1::Issue* out);

}  // namespace galley::api
