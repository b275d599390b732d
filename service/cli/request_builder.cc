#include "cli/request_builder.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/story_file.h"
#include "cli/unary_call.h"

namespace galley::cli {

namespace pb = google::protobuf;

namespace {

std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

std::string UpperCase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool ParseJson(const std::string& text, pb::Value* value) {
  return pb::util::JsonStringToMessage(text, value).ok();
}

pb::Value StringValue(const std::string& text) {
  pb::Value value;
  value.set_string_value(text);
  return value;
}

// One element of a list flag, or a single value: the text as a JSON string,
// which the parser accepts for every scalar type (numbers too); enum names
// in any case, since they are all upper case.
pb::Value ScalarValue(const pb::FieldDescriptor& field, const std::string& text) {
  if (field.type() == pb::FieldDescriptor::TYPE_BOOL && (text == "true" || text == "false")) {
    pb::Value value;
    value.set_bool_value(text == "true");
    return value;
  }
  return StringValue(field.type() == pb::FieldDescriptor::TYPE_ENUM ? UpperCase(text) : text);
}

bool TakesJson(const pb::FieldDescriptor& field) {
  if (field.type() != pb::FieldDescriptor::TYPE_MESSAGE) return false;
  const std::string& type = field.message_type()->full_name();
  return type != "google.protobuf.Timestamp" && type != "google.protobuf.FieldMask";
}

// The JSON value a flag's text stands for; false if it is not JSON where
// JSON is the only form the field takes.
bool ToJsonValue(const pb::FieldDescriptor& field, const std::string& text, pb::Value* value) {
  if (field.is_repeated()) {
    if (Trimmed(text).rfind('[', 0) == 0) return ParseJson(text, value);
    if (TakesJson(field)) {  // one object: a list of one
      if (!ParseJson(text, value->mutable_list_value()->add_values())) return false;
      return true;
    }
    std::istringstream items(text);
    std::string item;
    auto* list = value->mutable_list_value();
    while (std::getline(items, item, ',')) {
      if (!Trimmed(item).empty()) *list->add_values() = ScalarValue(field, Trimmed(item));
    }
    return true;
  }
  if (TakesJson(field)) return ParseJson(text, value);
  *value = ScalarValue(field, text);
  return true;
}

// Field names as in the .proto, as the flags' paths spell them.
std::string ToJson(const pb::Message& message) {
  pb::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  std::string json;
  (void)pb::util::MessageToJsonString(message, &json, print);
  return json;
}

// Whether `value` fits `field`: parsed alone into the message that holds the
// field, so that the error can name the one flag it came from.
bool Fits(const pb::FieldDescriptor& field, const pb::Value& value, std::string* error) {
  pb::Struct alone;
  (*alone.mutable_fields())[field.name()] = value;
  auto holder = NewMessage(field.containing_type());
  const auto parsed = pb::util::JsonStringToMessage(ToJson(alone), holder.get());
  if (!parsed.ok()) *error = std::string(parsed.message());
  return parsed.ok();
}

void Put(pb::Struct& root, const FieldPath& path, pb::Value value) {
  pb::Struct* holder = &root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    holder = (*holder->mutable_fields())[path[i]->name()].mutable_struct_value();
  }
  (*holder->mutable_fields())[path.back()->name()] = std::move(value);
}

std::string ReadFileOrStdin(const app::Options& options, const std::string& flag) {
  if (options.Get(flag) != "-") return options.ReadFile(flag);
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

void SetUpdateMask(pb::Message& request, const std::vector<std::string>& paths) {
  const pb::FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("update_mask");
  if (field == nullptr || field->type() != pb::FieldDescriptor::TYPE_MESSAGE) return;
  pb::Message* mask = request.GetReflection()->MutableMessage(&request, field);
  const pb::FieldDescriptor* mask_paths = mask->GetDescriptor()->FindFieldByName("paths");
  for (const auto& path : paths) mask->GetReflection()->AddString(mask, mask_paths, path);
}

}  // namespace

void BuildRequest(const Verb& verb, const std::vector<RequestFlag>& flags, const app::Options& options,
                  pb::Message& request) {
  const std::string command = "galley " + options.command();
  pb::Struct root;
  if (!verb.positional.empty()) {
    if (options.positional().empty()) throw app::UsageError(command + ": give the " + verb.positional);
    Put(root, FindFieldPath(*request.GetDescriptor(), verb.positional), StringValue(options.positional()[0]));
  }
  std::vector<std::string> mask;
  // A story file comes first, so that flags given with it change what it says.
  for (const auto& flag : flags) {
    if (flag.file_form != FileForm::kStory || !options.IsSet(flag.flag)) continue;
    const std::string json = ToJson(ReadStory(command + ": --" + flag.flag, ReadFileOrStdin(options, flag.flag)));
    pb::Value value;
    (void)ParseJson(json, &value);
    Put(root, flag.path, std::move(value));
    mask.insert(mask.end(), StoryFields().begin(), StoryFields().end());
  }
  for (const auto& flag : flags) {
    if (flag.file_form == FileForm::kStory) continue;
    const bool given = options.IsSet(flag.flag);
    if (!given && flag.default_value.empty()) continue;
    const pb::FieldDescriptor& field = *flag.path.back();
    const std::string text = flag.from_file ? ReadFileOrStdin(options, flag.flag) : options.Get(flag.flag);
    pb::Value value;
    std::string error = "not JSON";
    if (!ToJsonValue(field, text, &value) || !Fits(field, value, &error)) {
      throw app::UsageError(command + ": --" + flag.flag + " takes " + ValueDescription(field) + ", not '" + text +
                            "' (" + error + ")");
    }
    Put(root, flag.path, std::move(value));
    if (given && flag.in_mask && std::find(mask.begin(), mask.end(), field.name()) == mask.end()) {
      mask.push_back(field.name());
    }
  }
  if (const auto parsed = pb::util::JsonStringToMessage(ToJson(root), &request); !parsed.ok()) {
    throw app::UsageError(command + ": " + std::string(parsed.message()));
  }
  SetUpdateMask(request, mask);
}

}  // namespace galley::cli
