#include "api/undecodable_field.h"

#include <google/protobuf/stubs/logging.h>

#include <cstring>
#include <mutex>

namespace galley::api {

namespace {

thread_local std::optional<std::string> undecodable_field;
google::protobuf::LogHandler* previous_handler = nullptr;

// "String field 'galley.v1.Article.headline' contains invalid UTF-8 data when
// parsing a protocol buffer. …" (protobuf 3.21, wire_format_lite.cc).
void NoteOrPass(google::protobuf::LogLevel level, const char* filename, int line, const std::string& message) {
  constexpr const char* kStart = "String field '";
  constexpr const char* kEnd = "' contains invalid UTF-8 data when parsing";
  const std::size_t end = message.find(kEnd);
  if (message.rfind(kStart, 0) == 0 && end != std::string::npos) {
    undecodable_field = message.substr(std::strlen(kStart), end - std::strlen(kStart));
    return;  // the client's mistake, answered as INVALID_ARGUMENT; not the server's to log
  }
  if (previous_handler != nullptr) previous_handler(level, filename, line, message);
}

constexpr int kMaxDepth = 8;

void CollectPaths(const google::protobuf::Descriptor* message, const std::string& full_name, const std::string& prefix,
                  int depth, std::vector<std::string>& paths) {
  if (depth > kMaxDepth) return;
  for (int i = 0; i < message->field_count(); ++i) {
    const auto* field = message->field(i);
    const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    if (field->full_name() == full_name) {
      paths.push_back(path);
    } else if (field->message_type() != nullptr) {
      CollectPaths(field->message_type(), full_name, path, depth + 1, paths);
    }
  }
}

}  // namespace

void NoteUndecodableFields() {
  static std::once_flag installed;
  std::call_once(installed, [] { previous_handler = google::protobuf::SetLogHandler(NoteOrPass); });
}

std::optional<std::string> TakeUndecodableField() {
  std::optional<std::string> field;
  field.swap(undecodable_field);
  return field;
}

std::vector<std::string> FieldPathsTo(const google::protobuf::Descriptor* request, const std::string& full_name) {
  std::vector<std::string> paths;
  if (request != nullptr) CollectPaths(request, full_name, "", 0, paths);
  return paths;
}

}  // namespace galley::api
