#include "cli/request_flags.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace galley::cli {

namespace pb = google::protobuf;

namespace {

constexpr const char* kTimestampType = "google.protobuf.Timestamp";
constexpr const char* kFieldMaskType = "google.protobuf.FieldMask";

std::string FlagNameOf(const pb::FieldDescriptor& field) {
  std::string name = field.name();
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string Dotted(const FieldPath& path) {
  std::string dotted;
  for (const auto* field : path) dotted += (dotted.empty() ? "" : ".") + field->name();
  return dotted;
}

bool IsMessageOf(const pb::FieldDescriptor& field, const char* type) {
  return field.type() == pb::FieldDescriptor::TYPE_MESSAGE && field.message_type()->full_name() == type;
}

// The mask an Update builds itself from the flags given.
bool IsUpdateMask(const pb::FieldDescriptor& field) {
  return field.name() == "update_mask" && IsMessageOf(field, kFieldMaskType);
}

std::string EnumValues(const pb::EnumDescriptor& type) {
  std::string values;
  for (int i = 0; i < type.value_count(); ++i) {
    const pb::EnumValueDescriptor& value = *type.value(i);
    if (value.number() == 0) continue;  // *_UNSPECIFIED: what an unset flag already means
    values += (values.empty() ? "" : "|") + value.name();
  }
  return values;
}

std::string SingleValueDescription(const pb::FieldDescriptor& field) {
  if (IsMessageOf(field, kTimestampType)) return "RFC 3339 time, e.g. 2026-05-12T06:00:00+08:00";
  if (IsMessageOf(field, kFieldMaskType)) return "comma-separated field names";
  switch (field.type()) {
    case pb::FieldDescriptor::TYPE_ENUM:
      return EnumValues(*field.enum_type());
    case pb::FieldDescriptor::TYPE_MESSAGE:
      return "JSON " + field.message_type()->full_name() + " object";
    case pb::FieldDescriptor::TYPE_BOOL:
      return "switch, no value";
    default:
      return field.type_name();
  }
}

}  // namespace

FieldPath FindFieldPath(const pb::Descriptor& request, const std::string& dotted) {
  FieldPath path;
  const pb::Descriptor* type = &request;
  for (std::size_t start = 0; start <= dotted.size();) {
    const std::size_t dot = std::min(dotted.find('.', start), dotted.size());
    const pb::FieldDescriptor* field = type == nullptr ? nullptr : type->FindFieldByName(dotted.substr(start, dot - start));
    if (field == nullptr) throw std::logic_error(request.full_name() + " has no field " + dotted);
    path.push_back(field);
    type = field->message_type();
    start = dot + 1;
  }
  return path;
}

const pb::FieldDescriptor* ResourceField(const pb::Descriptor& request) {
  for (int i = 0; i < request.field_count(); ++i) {
    const pb::FieldDescriptor* field = request.field(i);
    if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE && !field->is_repeated() &&
        field->message_type()->file()->package() == request.file()->package()) {
      return field;
    }
  }
  return nullptr;
}

std::string ValueDescription(const pb::FieldDescriptor& field) {
  if (!field.is_repeated()) return SingleValueDescription(field);
  if (field.type() == pb::FieldDescriptor::TYPE_MESSAGE) {
    return "JSON array of " + field.message_type()->full_name() + " objects";
  }
  return "list of " + SingleValueDescription(field) + ", comma-separated or a JSON array";
}

std::vector<RequestFlag> RequestFlagsOf(const Noun& noun, const Verb& verb, const pb::Descriptor& request,
                                        const std::vector<app::OptionSpec>& taken) {
  const pb::FieldDescriptor* resource = ResourceField(request);
  const FieldPath positional = verb.positional.empty() ? FieldPath{} : FindFieldPath(request, verb.positional);
  for (const auto& tweak : verb.tweaks) (void)FindFieldPath(request, tweak.field);  // a typo fails at once
  std::set<std::string> names;
  for (const auto& spec : taken) names.insert(spec.name);

  std::vector<RequestFlag> flags;
  // The etag goes with an update to guard it, and is not one of its changes.
  const auto in_mask = [&](const FieldPath& path) {
    return path.size() == 2 && path[0] == resource && path[1]->name() != "etag";
  };
  const bool is_update = request.FindFieldByName("update_mask") != nullptr;
  const auto settable = [&](const FieldPath& path) {
    if (path.size() < 2 || noun.resource_fields == nullptr) return true;
    if (path.back()->name() == "etag") return is_update;  // guards an update; a new resource has none
    const auto& fields = noun.resource_fields->mutable_fields;
    return std::find(fields.begin(), fields.end(), path.back()->name()) != fields.end();
  };
  const auto add = [&](const FieldPath& path) {
    if (IsUpdateMask(*path.back()) || path == positional || !settable(path)) return;
    RequestFlag flag{FlagNameOf(*path.back()), path, "", ValueDescription(*path.back()), in_mask(path), false};
    const auto tweak = std::find_if(verb.tweaks.begin(), verb.tweaks.end(),
                                    [&](const FlagTweak& t) { return t.field == Dotted(path); });
    if (tweak != verb.tweaks.end()) {
      if (!tweak->flag.empty()) flag.flag = tweak->flag;
      if (!tweak->help.empty()) flag.help = tweak->help + " (" + flag.help + ")";
      flag.default_value = tweak->default_value;
    }
    if (!names.insert(flag.flag).second) return;  // the first, request-level field keeps the name
    flags.push_back(std::move(flag));
  };
  for (int i = 0; i < request.field_count(); ++i) {
    if (request.field(i) != resource) add({request.field(i)});
  }
  if (resource != nullptr) {
    const pb::Descriptor& type = *resource->message_type();
    for (int i = 0; i < type.field_count(); ++i) add({resource, type.field(i)});
  }
  for (const auto& file : verb.file_flags) {
    const FieldPath path = FindFieldPath(request, file.field);
    const auto type = file.form == FileForm::kStory ? pb::FieldDescriptor::TYPE_MESSAGE : pb::FieldDescriptor::TYPE_STRING;
    if (path.back()->type() != type || path.back()->is_repeated()) {
      throw std::logic_error("--" + file.flag + " cannot fill " + file.field);
    }
    if (!names.insert(file.flag).second) throw std::logic_error("--" + file.flag + " is taken");
    flags.push_back({file.flag, path, "", file.help + " (a file, - for stdin)", in_mask(path), true, file.form});
  }
  return flags;
}

std::vector<app::OptionSpec> OptionSpecsOf(const std::vector<RequestFlag>& flags) {
  std::vector<app::OptionSpec> specs;
  for (const auto& flag : flags) {
    const bool is_switch = !flag.from_file && !flag.path.back()->is_repeated() &&
                           flag.path.back()->type() == pb::FieldDescriptor::TYPE_BOOL;
    specs.push_back({flag.flag, "", flag.default_value, flag.help, is_switch});
  }
  return specs;
}

}  // namespace galley::cli
