// `galley call Service/Method '{json}'`: any unary method of the API from the
// command line, the request and response as JSON (proto field names). It
// reads the method's types from the descriptors compiled into the binary, so
// every method of every service works without code of its own here.
#include <google/protobuf/util/json_util.h>

#include <memory>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"
#include "cli/unary_call.h"

namespace galley::cli {

namespace pb = google::protobuf;

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

  std::unique_ptr<pb::Message> request = NewMessage(method->input_type());
  std::unique_ptr<pb::Message> response = NewMessage(method->output_type());
  const std::string json = options.positional().size() > 1 ? options.positional()[1] : "{}";
  if (const auto parsed = pb::util::JsonStringToMessage(json, request.get()); !parsed.ok()) {
    throw app::UsageError("galley call: the request is not a " + method->input_type()->full_name() +
                          " in JSON: " + std::string(parsed.message()));
  }

  const grpc::Status status = CallUnary(options, *method, *request, *response);
  if (!status.ok()) return ReportFailure(status);
  PrintJson(*response);
  return app::kExitOk;
}

}  // namespace galley::cli
