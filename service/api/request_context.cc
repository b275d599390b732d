#include "api/request_context.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>

#include "domain/digest.h"

namespace galley::api {

bool ClientCancelled(const grpc::ServerContextBase& context) {
  return context.IsCancelled() && std::chrono::system_clock::now() < context.deadline();
}

store::Deadline DeadlineOf(const grpc::ServerContextBase& context) {
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return store::Deadline::max();
  const auto left = deadline - std::chrono::system_clock::now();
  return store::Clock::now() + std::chrono::duration_cast<store::Clock::duration>(left);
}

std::optional<domain::IdempotencyKey> IdempotencyKeyOf(const std::string& principal, const std::string& method,
                                                       const google::protobuf::Message& request,
                                                       const std::string& request_id) {
  if (request_id.empty()) return std::nullopt;
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  // Clear the id itself, wherever the request keeps it.
  if (const auto* field = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  // The principal first, NUL-terminated: principals hold no NUL, so no
  // request's bytes can make two callers' fingerprints meet.
  std::string bytes = principal + '\0';
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);  // map order must not change the hash
    copy->SerializeToCodedStream(&coded);
  }
  return domain::IdempotencyKey{method, request_id, domain::Sha256(bytes)};
}

}  // namespace galley::api
