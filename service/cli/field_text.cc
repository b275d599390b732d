#include "cli/field_text.h"

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include <sstream>

namespace galley::cli {

namespace pb = google::protobuf;

namespace {

constexpr const char* kListSeparator = ", ";

std::string Rfc3339(const pb::Message& message) {
  pb::Timestamp timestamp;
  timestamp.CopyFrom(message);
  return pb::util::TimeUtil::ToString(timestamp);
}

std::string DoubleText(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// `index` < 0: the singular field.
std::string ValueText(const pb::Message& message, const pb::FieldDescriptor& field, int index,
                      const OutputStyle& style) {
  const pb::Reflection& r = *message.GetReflection();
  const bool one = index < 0;
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      if (field.type() == pb::FieldDescriptor::TYPE_BYTES) {
        const std::size_t size = (one ? r.GetString(message, &field) : r.GetRepeatedString(message, &field, index)).size();
        return "(" + std::to_string(size) + " bytes)";
      }
      return one ? r.GetString(message, &field) : r.GetRepeatedString(message, &field, index);
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(one ? r.GetInt32(message, &field) : r.GetRepeatedInt32(message, &field, index));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(one ? r.GetInt64(message, &field) : r.GetRepeatedInt64(message, &field, index));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(one ? r.GetUInt32(message, &field) : r.GetRepeatedUInt32(message, &field, index));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(one ? r.GetUInt64(message, &field) : r.GetRepeatedUInt64(message, &field, index));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return DoubleText(one ? r.GetDouble(message, &field) : r.GetRepeatedDouble(message, &field, index));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return DoubleText(one ? r.GetFloat(message, &field) : r.GetRepeatedFloat(message, &field, index));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return (one ? r.GetBool(message, &field) : r.GetRepeatedBool(message, &field, index)) ? "true" : "false";
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return (one ? r.GetEnum(message, &field) : r.GetRepeatedEnum(message, &field, index))->name();
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      const pb::Message& value = one ? r.GetMessage(message, &field) : r.GetRepeatedMessage(message, &field, index);
      return IsTimestamp(field) ? Rfc3339(value) : OneLine(value, style);
    }
  }
  return "";
}

}  // namespace

bool IsTimestamp(const pb::FieldDescriptor& field) {
  return field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
         field.message_type()->full_name() == pb::Timestamp::descriptor()->full_name();
}

bool IsShown(const pb::Message& message, const pb::FieldDescriptor& field) {
  const pb::Reflection& reflection = *message.GetReflection();
  return field.is_repeated() ? reflection.FieldSize(message, &field) > 0 : reflection.HasField(message, &field);
}

std::string FieldText(const pb::Message& message, const pb::FieldDescriptor& field, const OutputStyle& style) {
  if (!field.is_repeated()) return IsShown(message, field) ? ValueText(message, field, -1, style) : "";
  std::string text;
  for (int i = 0; i < message.GetReflection()->FieldSize(message, &field); ++i) {
    text += (i > 0 ? kListSeparator : "") + ElementText(message, field, i, style);
  }
  return text;
}

std::string ElementText(const pb::Message& message, const pb::FieldDescriptor& field, int index,
                        const OutputStyle& style) {
  return ValueText(message, field, index, style);
}

std::string PathText(const pb::Message& message, const std::string& dotted, const OutputStyle& style) {
  const pb::Message* holder = &message;
  std::size_t start = 0;
  for (auto dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', start)) {
    const pb::FieldDescriptor* field = holder->GetDescriptor()->FindFieldByName(dotted.substr(start, dot - start));
    if (field == nullptr || field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE || field->is_repeated() ||
        !IsShown(*holder, *field)) {
      return "";
    }
    holder = &holder->GetReflection()->GetMessage(*holder, field);
    start = dot + 1;
  }
  const pb::FieldDescriptor* field = holder->GetDescriptor()->FindFieldByName(dotted.substr(start));
  return field == nullptr ? "" : FieldText(*holder, *field, style);
}

std::string OneLine(const pb::Message& message, const OutputStyle& style) {
  if (const auto format = style.lines.find(message.GetDescriptor()->full_name()); format != style.lines.end()) {
    return format->second(message);
  }
  std::string line;
  const pb::Descriptor& type = *message.GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    const bool scalar = field.cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE || IsTimestamp(field);
    if (!scalar || field.is_repeated() || !IsShown(message, field)) continue;
    line += (line.empty() ? "" : "  ") + FieldText(message, field, style);
  }
  return line;
}

}  // namespace galley::cli
