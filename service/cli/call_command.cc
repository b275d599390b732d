// `galley call Service/Method '{json}'`: any unary method of the API from the
// command line, the request and response as JSON (proto field names). It
// reads the method's types from the descriptors compiled into the binary, so
// every method of every service works without code of its own here.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <future>
#include <iostream>
#include <memory>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"

namespace galley::cli {

namespace {

namespace pb = google::protobuf;

const pb::MethodDescriptor* FindMethod(const std::string& full_name) {
  const auto slash = full_name.rfind('/');
  if (slash == std::string::npos) return nullptr;
  const pb::ServiceDescriptor* service =
      pb::DescriptorPool::generated_pool()->FindServiceByName(full_name.substr(0, slash));
  return service == nullptr ? nullptr : service->FindMethodByName(full_name.substr(slash + 1));
}

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

int RunCallCommand(const app::Args& args) {
  app::Options options("call <package.Service/Method> [JSON request]",
                       "Calls one unary method with a JSON request and prints the JSON response, e.g.\n"
                       "  galley call galley.v1.IssueService/GetIssue "
                       "'{\"name\": \"publications/gannan-daily/issues/2026-05-12\"}'",
                       ClientOptionSpecs());
  if (!options.Parse(args, 2)) return app::kExitOk;
  if (options.positional().empty()) throw app::UsageError("galley call: name the method, e.g. galley.v1.PublicationService/ListPublications");
  const std::string method_name = options.positional()[0];
  const pb::MethodDescriptor* method = FindMethod(method_name);
  if (method == nullptr) throw app::UsageError("galley call: no method " + method_name + " in this galley's API");
  if (method->client_streaming() || method->server_streaming()) {
    throw app::UsageError("galley call: " + method_name + " streams; only unary methods can be called this way");
  }

  const pb::Message* request_type = pb::MessageFactory::generated_factory()->GetPrototype(method->input_type());
  const pb::Message* response_type = pb::MessageFactory::generated_factory()->GetPrototype(method->output_type());
  std::unique_ptr<pb::Message> request(request_type->New());
  std::unique_ptr<pb::Message> response(response_type->New());
  const std::string json = options.positional().size() > 1 ? options.positional()[1] : "{}";
  if (const auto parsed = pb::util::JsonStringToMessage(json, request.get()); !parsed.ok()) {
    throw app::UsageError("galley call: the request is not a " + method->input_type()->full_name() +
                          " in JSON: " + std::string(parsed.message()));
  }

  grpc::GenericStub stub(Connect(options));
  auto context = NewContext(options);
  const grpc::ByteBuffer request_bytes = ToByteBuffer(*request);
  grpc::ByteBuffer response_bytes;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), "/" + method->service()->full_name() + "/" + method->name(), grpc::StubOptions(),
                 &request_bytes, &response_bytes, [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) return ReportFailure(status);
  if (!FromByteBuffer(response_bytes, *response)) {
    std::cerr << "galley call: the response is not a " << method->output_type()->full_name() << '\n';
    return app::kExitFailure;
  }
  PrintJson(*response);
  return app::kExitOk;
}

}  // namespace galley::cli
