// A field's value as text for a person: enums by name, timestamps in
// RFC 3339, repeated scalars joined, messages as one line (output_style.h).
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "cli/output_style.h"

namespace galley::cli {

// Whether a proto3 field holds a value worth showing: set, or non-empty if repeated.
bool IsShown(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field);

// A singular or repeated field of `message`, "" if unset.
std::string FieldText(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field,
                      const OutputStyle& style);

// Element `index` of repeated `field`.
std::string ElementText(const google::protobuf::Message& message, const google::protobuf::FieldDescriptor& field,
                        int index, const OutputStyle& style);

// The field `dotted` ("article.headline") names, "" where a message on the
// way is unset or the path does not exist.
std::string PathText(const google::protobuf::Message& message, const std::string& dotted, const OutputStyle& style);

// `message` as one line: its style's LineFormat, else its shown scalar
// fields two spaces apart.
std::string OneLine(const google::protobuf::Message& message, const OutputStyle& style);

// Timestamps are shown as a value, not as a message of seconds and nanos.
bool IsTimestamp(const google::protobuf::FieldDescriptor& field);

}  // namespace galley::cli
