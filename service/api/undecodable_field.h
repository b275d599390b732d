// Which string field made a request undecodable. gRPC cannot decode a
// request whose proto3 string is not valid UTF-8, and never hands it to
// Galley; protobuf names the field only in the line it logs as the parse
// fails. This keeps that name, on the thread whose parse failed, so that
// api/malformed_request.h can tell the client which field to fix.
#pragma once

#include <google/protobuf/descriptor.h>

#include <optional>
#include <string>
#include <vector>

namespace galley::api {

// Installs protobuf's log handler that notes the field (once per process;
// other lines go to the handler that was there before).
void NoteUndecodableFields();

// The full name ("galley.v1.Article.headline") of the string field whose
// invalid UTF-8 last failed a parse on this thread, and forgets it.
std::optional<std::string> TakeUndecodableField();

// The paths from `request` to the field named `full_name`, as a BadRequest
// names fields ("article.body.text"; no index: the element is not known).
std::vector<std::string> FieldPathsTo(const google::protobuf::Descriptor* request, const std::string& full_name);

}  // namespace galley::api
