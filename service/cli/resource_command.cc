#include "cli/resource_command.h"

#include <iostream>
#include <stdexcept>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/render.h"
#include "cli/request_builder.h"
#include "cli/request_flags.h"
#include "cli/unary_call.h"

namespace galley::cli {

namespace pb = google::protobuf;

namespace {

constexpr const char* kTableOutput = "table";
constexpr const char* kJsonOutput = "json";

std::string NounUsage(const Noun& noun) {
  std::string text = "usage: galley " + noun.name + " <verb> [flags]\n\n" + noun.summary + "\n\nverbs:\n";
  for (const auto& verb : noun.verbs) {
    std::string line = "  " + verb.name + (verb.positional.empty() ? "" : " " + PositionalPlaceholder(verb));
    if (line.size() < 24) line.resize(24, ' ');
    text += line + " " + verb.summary + '\n';
  }
  return text + "\nRun `galley " + noun.name + " <verb> --help` for the flags of each verb.\n";
}

std::string OutputOf(const app::Options& options) {
  const std::string output = options.Get("output");
  if (output != kTableOutput && output != kJsonOutput) {
    throw app::UsageError("galley " + options.command() + ": --output must be table or json, got '" + output + "'");
  }
  return output;
}

int RunVerb(const Noun& noun, const Verb& verb, const app::Args& args) {
  const pb::MethodDescriptor* method = FindMethod(verb.method);
  if (method == nullptr) throw std::logic_error("galley " + noun.name + " " + verb.name + ": no method " + verb.method);
  const std::vector<app::OptionSpec> own = CommandOptionSpecs();
  const std::vector<RequestFlag> flags = RequestFlagsOf(noun, verb, *method->input_type(), own);
  std::vector<app::OptionSpec> specs = OptionSpecsOf(flags);
  specs.insert(specs.end(), own.begin(), own.end());
  const std::string placeholder = verb.positional.empty() ? "" : " " + PositionalPlaceholder(verb);
  app::Options options(noun.name + " " + verb.name + placeholder,
                       verb.summary + " (" + method->full_name() + ")", specs);
  if (!options.Parse(args, verb.positional.empty() ? 0 : 1)) return app::kExitOk;
  (void)OutputOf(options);  // a bad --output fails before the call
  auto request = NewMessage(method->input_type());
  BuildRequest(verb, flags, options, *request);
  auto response = NewMessage(method->output_type());
  const grpc::Status status = CallUnary(options, *method, *request, *response);
  if (!status.ok()) return ReportFailure(status);
  PrintResponse(*response, options);
  return app::kExitOk;
}

}  // namespace

void PrintResponse(const pb::Message& response, const app::Options& options) {
  if (OutputOf(options) == kJsonOutput) {
    PrintJson(response);
  } else {
    RenderResponse(response, GalleyOutputStyle(), std::cout);
  }
}

std::vector<app::OptionSpec> CommandOptionSpecs() {
  std::vector<app::OptionSpec> specs{
      {"output", "", kTableOutput, "table (for people) or json (for scripts; field names as in the .proto)"}};
  for (auto& spec : ClientOptionSpecs()) specs.push_back(std::move(spec));
  return specs;
}

std::string PositionalPlaceholder(const Verb& verb) {
  std::string last = verb.positional.substr(verb.positional.rfind('.') + 1);
  for (auto& c : last) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return last;
}

int RunResourceCommand(const Noun& noun, const app::Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << NounUsage(noun);
    return args.empty() ? app::kExitUsage : app::kExitOk;
  }
  const app::Args rest(args.begin() + 1, args.end());
  for (const auto& verb : noun.verbs) {
    if (verb.name != args[0]) continue;
    return verb.run ? verb.run(rest) : RunVerb(noun, verb, rest);
  }
  std::string verbs;
  for (const auto& verb : noun.verbs) verbs += (verbs.empty() ? "" : ", ") + verb.name;
  throw app::UsageError("galley " + noun.name + ": unknown verb '" + args[0] + "' (" + verbs + ")");
}

}  // namespace galley::cli
