#include "api/gatekeeper.h"

#include "api/request_context.h"
#include "auth/method_roles.h"

namespace galley::api {

namespace {

std::string MetadataValue(const grpc::ServerContext& context, const char* key) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(key);
  return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

// A string field of `message` by name, or "".
std::string StringField(const google::protobuf::Message& message, const char* name) {
  const auto* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING || field->is_repeated()) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// The resource a create names by its client-chosen id (AIP-133): `article_id`
// under `parent` is `{parent}/articles/{article_id}` (Galley's collections
// are all the resource's name plus "s"); "" if the request chose no id.
std::string ChosenResourceOf(const google::protobuf::Message& request) {
  static const std::string kSuffix = "_id";
  const auto* descriptor = request.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const std::string& field = descriptor->field(i)->name();
    if (field == "request_id" || field.size() <= kSuffix.size() ||
        field.compare(field.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
      continue;
    }
    const std::string id = StringField(request, field.c_str());
    if (id.empty()) continue;
    const std::string parent = StringField(request, "parent");
    const std::string collection = field.substr(0, field.size() - kSuffix.size()) + "s";
    return (parent.empty() ? "" : parent + "/") + collection + "/" + id;
  }
  return "";
}

// The resource a request is about: its `name`, the resource a create would
// have made, its `parent`, or the `name` of the resource it carries
// (UpdateArticleRequest.article.name).
std::string ResourceOf(const google::protobuf::Message& request) {
  if (auto value = StringField(request, "name"); !value.empty()) return value;
  if (auto value = ChosenResourceOf(request); !value.empty()) return value;
  if (auto value = StringField(request, "parent"); !value.empty()) return value;
  const auto* descriptor = request.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE || field->is_repeated()) continue;
    if (!request.GetReflection()->HasField(request, field)) continue;
    if (auto value = StringField(request.GetReflection()->GetMessage(request, field), "name"); !value.empty()) {
      return value;
    }
  }
  return "";
}

}  // namespace

store::Mutation Call::Mutation(const std::string& resource, const std::string& request_id) const {
  return store::Mutation{deadline_,
                         store::AuditEntry{caller_.principal, domain::RoleName(caller_.role), method_, resource,
                                           request_id}};
}

Call Gatekeeper::Authenticate(const grpc::ServerContext& context, const std::string& method) {
  const auto deadline = DeadlineOf(context);
  return Call(tokens_.Verify(MetadataValue(context, "authorization"), deadline), method, deadline);
}

void Gatekeeper::RequireRole(const Call& call, const std::string& method) {
  const domain::Caller& caller = call.caller();
  const auto access = auth::AccessFor(method);
  if (!access || !caller.AtLeast(access->minimum)) {
    const std::string needed = access ? domain::RoleName(access->minimum) : "an unlisted role";
    throw domain::Error(domain::ErrorCode::kPermissionDenied, "PERMISSION_DENIED",
                        method + " needs the role " + needed + " or above; " + caller.principal + " is " +
                            domain::RoleName(caller.role));
  }
}

void Gatekeeper::RecordFailure(const Call& call, const std::string& method, const google::protobuf::Message* request,
                               const grpc::Status& status) {
  const auto access = auth::AccessFor(method);
  if (!access || !access->mutation) return;
  const std::string resource = request != nullptr ? ResourceOf(*request) : "";
  const std::string request_id = request != nullptr ? StringField(*request, "request_id") : "";
  audit_.RecordFailure(call.Mutation(resource, request_id).audit, StatusCodeName(status.error_code()));
}

}  // namespace galley::api
