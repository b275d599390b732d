#include "cli/unary_call.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <future>
#include <vector>

#include "cli/client.h"

namespace galley::cli {

namespace pb = google::protobuf;

namespace {

grpc::ByteBuffer ToByteBuffer(const pb::Message& message) {
  const std::string bytes = message.SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool FromByteBuffer(const grpc::ByteBuffer& buffer, pb::Message& message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const auto& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return message.ParseFromString(bytes);
}

}  // namespace

const pb::MethodDescriptor* FindMethod(const std::string& full_name) {
  const auto slash = full_name.rfind('/');
  if (slash == std::string::npos) return nullptr;
  const pb::ServiceDescriptor* service =
      pb::DescriptorPool::generated_pool()->FindServiceByName(full_name.substr(0, slash));
  return service == nullptr ? nullptr : service->FindMethodByName(full_name.substr(slash + 1));
}

std::unique_ptr<pb::Message> NewMessage(const pb::Descriptor* type) {
  return std::unique_ptr<pb::Message>(pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

grpc::Status CallUnary(const app::Options& options, const pb::MethodDescriptor& method, const pb::Message& request,
                       pb::Message& response) {
  grpc::GenericStub stub(Connect(options));
  auto context = NewContext(options);
  const grpc::ByteBuffer request_bytes = ToByteBuffer(request);
  grpc::ByteBuffer response_bytes;
  // The generic stub's unary call is asynchronous only; wait for it here.
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), "/" + method.service()->full_name() + "/" + method.name(), grpc::StubOptions(),
                 &request_bytes, &response_bytes, [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) return status;
  if (!FromByteBuffer(response_bytes, response)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "the response is not a " + method.output_type()->full_name());
  }
  return status;
}

}  // namespace galley::cli
