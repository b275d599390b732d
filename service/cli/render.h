// The table output of the resource commands (--output=table): a page of a
// List or Search response as a table with `next page: --page-token T` under
// it, anything else as aligned `field: value` lines of the fields that are
// set, in declaration order. An empty message prints nothing.
#pragma once

#include <google/protobuf/message.h>

#include <ostream>

#include "cli/output_style.h"

namespace galley::cli {

void RenderResponse(const google::protobuf::Message& response, const OutputStyle& style, std::ostream& out);

}  // namespace galley::cli
