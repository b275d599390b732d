// `galley feed follow [--after N]`: prints the change feed as JSON lines as
// changes commit, and reconnects by itself when the server goes away,
// resuming after the last change printed, so nothing is skipped or repeated.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"
#include "galley/v1/feed_service.grpc.pb.h"

namespace galley::cli {

namespace {

constexpr std::chrono::milliseconds kFirstRetryDelay{200};
constexpr std::chrono::seconds kMaxRetryDelay{5};

// Worth reconnecting: the server restarted, is shutting down (calls that
// reach it then are CANCELLED; this client never cancels its own), is
// unreachable or busy for now.
bool Transient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED;
}

void PrintLine(const v1::Change& change) {
  google::protobuf::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(change, &json, print);
  std::cout << json << std::endl;  // flushed: a consumer reads each line as it comes
}

}  // namespace

int RunFeedFollow(const app::Args& args) {
  std::vector<app::OptionSpec> specs{
      {"after", "", "0", "print the changes after this sequence (the last one you processed)"},
      {"publication", "", "", "only this publication's changes, e.g. publications/gannan-daily"},
      {"format", "", "galley", "galley: each change as Galley's JSON; ninjs: its sequence, type and IPTC ninjs 2.1 document"}};
  for (auto& spec : ClientOptionSpecs()) specs.push_back(std::move(spec));
  app::Options options("feed follow",
                       "Prints every change after --after as one JSON line each, then follows new ones as they\n"
                       "commit, until interrupted. Reconnects by itself when the server restarts. With\n"
                       "--format=ninjs a line is {\"sequence\", \"type\", \"ninjs\": the change's IPTC ninjs document}.",
                       specs);
  if (!options.Parse(args, 0)) return app::kExitOk;
  std::int64_t after = 0;
  try {
    after = std::stoll(options.Get("after"));
  } catch (const std::exception&) {
    throw app::UsageError("galley feed follow: --after must be a sequence number");
  }
  if (after < 0) throw app::UsageError("galley feed follow: --after must not be negative");
  const std::string format = options.Get("format");
  if (format != "galley" && format != "ninjs") {
    throw app::UsageError("galley feed follow: --format must be galley or ninjs, got '" + format + "'");
  }
  const bool ninjs = format == "ninjs";
  const std::string token = TokenOf(options);
  auto stub = v1::FeedService::NewStub(Connect(options));
  auto delay = std::chrono::milliseconds(kFirstRetryDelay);
  for (;;) {
    grpc::ClientContext context;  // no deadline: a follower follows for as long as it runs
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::StreamChangesRequest request;
    request.set_after_sequence(after);
    request.set_publication(options.Get("publication"));
    request.set_include_ninjs(ninjs);
    auto stream = stub->StreamChanges(&context, request);
    v1::StreamChangesResponse message;
    while (stream->Read(&message)) {
      for (const auto& change : message.changes()) {
        if (ninjs) {
          std::cout << "{\"sequence\":" << change.sequence() << ",\"type\":\""
                    << v1::Change::Type_Name(change.type()) << "\",\"ninjs\":" << change.ninjs() << '}' << std::endl;
        } else {
          PrintLine(change);
        }
        after = change.sequence();
      }
      delay = kFirstRetryDelay;
    }
    const grpc::Status status = stream->Finish();
    if (!Transient(status.error_code())) return ReportFailure(status);
    std::cerr << "galley feed follow: " << status.error_message() << "; resuming after " << after << " in "
              << delay.count() << " ms\n";
    std::this_thread::sleep_for(delay);
    delay = std::min<std::chrono::milliseconds>(delay * 2, kMaxRetryDelay);
  }
}

}  // namespace galley::cli
