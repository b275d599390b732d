// Which flags a verb takes, derived from its request message: each scalar,
// enum, Timestamp, repeated or message field becomes --field-name, and so do
// the fields of the resource the request carries (CreateIssueRequest.issue),
// flattened. Request-level fields win a clash.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "app/options.h"
#include "cli/verb.h"

namespace galley::cli {

using FieldPath = std::vector<const google::protobuf::FieldDescriptor*>;

struct RequestFlag {
  std::string flag;  // without dashes: "display-name"
  FieldPath path;    // from the request: {publication} {display_name}
  std::string default_value;
  std::string help;
  bool in_mask = false;      // a field of the resource but its etag: an Update's mask names it when given
  bool from_file = false;    // the value is a file whose text fills the field
  FileForm file_form = FileForm::kText;
};

// The field `dotted` ("article.name") names in `request`; throws
// std::logic_error if there is none (a mistake in the verb table).
FieldPath FindFieldPath(const google::protobuf::Descriptor& request, const std::string& dotted);

// The resource message field of a request (CreateArticleRequest.article):
// its first singular field of a message type from the request's package;
// nullptr if it has none (GetArticleRequest).
const google::protobuf::FieldDescriptor* ResourceField(const google::protobuf::Descriptor& request);

// "string", "int32", "RFC 3339 time", "DRAFT|SUBMITTED|...": what a flag's
// help says its value is.
std::string ValueDescription(const google::protobuf::FieldDescriptor& field);

// The flags of `noun`'s `verb`, whose request is `request`. The positional
// field, an update_mask (built from the flags given) and the resource's
// output-only fields have none, nor a field whose flag would shadow one of
// `taken` (the command's own flags).
std::vector<RequestFlag> RequestFlagsOf(const Noun& noun, const Verb& verb, const google::protobuf::Descriptor& request,
                                        const std::vector<app::OptionSpec>& taken);

std::vector<app::OptionSpec> OptionSpecsOf(const std::vector<RequestFlag>& flags);

}  // namespace galley::cli
