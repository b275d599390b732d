// `galley publication create|get|list|update`: PublicationService from the
// command line, printing resources as JSON.
#include <iostream>

#include "app/commands.h"
#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"
#include "galley/v1/publication_service.grpc.pb.h"

namespace galley::cli {

namespace {

constexpr const char* kUsage =
    "usage: galley publication <create|get|list|update> [flags]\n"
    "  create --id ID --display-name NAME [--language zh-Hans] [--time-zone Asia/Shanghai] [--request-id ID]\n"
    "  get NAME                     e.g. publications/gannan-daily\n"
    "  list [--filter F] [--order-by O] [--page-size N] [--page-token T]\n"
    "  update NAME --etag E [--display-name ...] [--language ...] [--time-zone ...]\n"
    "run `galley publication <verb> --help` for every flag\n";

std::vector<app::OptionSpec> WithClientFlags(std::vector<app::OptionSpec> specs) {
  for (auto& spec : ClientOptionSpecs()) specs.push_back(std::move(spec));
  return specs;
}

// Makes one call through `call` and prints `response` or the failure.
template <typename Call>
int Run(const app::Options& options, const google::protobuf::Message& response, Call call) {
  auto stub = v1::PublicationService::NewStub(Connect(options));
  auto context = NewContext(options);
  const grpc::Status status = call(*stub, context.get());
  if (!status.ok()) return ReportFailure(status);
  PrintJson(response);
  return app::kExitOk;
}

int Create(const app::Args& args) {
  app::Options options("publication create", "Creates a publication.",
                       WithClientFlags({{"id", "", "", "the publication id, e.g. gannan-daily (generated if empty)"},
                                        {"display-name", "", "", "the name readers know, e.g. 赣南日报"},
                                        {"language", "", "zh-Hans", "default language (BCP 47)"},
                                        {"time-zone", "", "Asia/Shanghai", "IANA time zone"},
                                        {"request-id", "", "", "makes the call safe to retry"}}));
  if (!options.Parse(args)) return app::kExitOk;
  v1::CreatePublicationRequest request;
  request.set_publication_id(options.Get("id"));
  request.set_request_id(options.Get("request-id"));
  request.mutable_publication()->set_display_name(options.Get("display-name"));
  request.mutable_publication()->set_language(options.Get("language"));
  request.mutable_publication()->set_time_zone(options.Get("time-zone"));
  v1::Publication response;
  return Run(options, response, [&](auto& stub, grpc::ClientContext* context) {
    return stub.CreatePublication(context, request, &response);
  });
}

int Get(const app::Args& args) {
  app::Options options("publication get", "Prints one publication: galley publication get publications/ID",
                       WithClientFlags({}));
  if (!options.Parse(args, 1)) return app::kExitOk;
  if (options.positional().empty()) throw app::UsageError("galley publication get: give the publication name");
  v1::GetPublicationRequest request;
  request.set_name(options.positional()[0]);
  v1::Publication response;
  return Run(options, response, [&](auto& stub, grpc::ClientContext* context) {
    return stub.GetPublication(context, request, &response);
  });
}

int List(const app::Args& args) {
  app::Options options("publication list", "Lists publications, one page at a time.",
                       WithClientFlags({{"filter", "", "", "e.g. language = \"zh-Hans\""},
                                        {"order-by", "", "", "name, display_name or create_time, then desc"},
                                        {"page-size", "", "0", "0 means 50"},
                                        {"page-token", "", "", "next_page_token of the previous page"}}));
  if (!options.Parse(args)) return app::kExitOk;
  v1::ListPublicationsRequest request;
  request.set_filter(options.Get("filter"));
  request.set_order_by(options.Get("order-by"));
  request.set_page_size(options.GetInt("page-size", -1000000, 1000000));
  request.set_page_token(options.Get("page-token"));
  v1::ListPublicationsResponse response;
  return Run(options, response, [&](auto& stub, grpc::ClientContext* context) {
    return stub.ListPublications(context, request, &response);
  });
}

int Update(const app::Args& args) {
  app::Options options("publication update",
                       "Changes the given fields of a publication: galley publication update publications/ID ...",
                       WithClientFlags({{"display-name", "", "", "new display name"},
                                        {"language", "", "", "new default language"},
                                        {"time-zone", "", "", "new time zone"},
                                        {"etag", "", "", "the etag you read (required; \"*\" overwrites whatever is stored)"}}));
  if (!options.Parse(args, 1)) return app::kExitOk;
  if (options.positional().empty()) throw app::UsageError("galley publication update: give the publication name");
  v1::UpdatePublicationRequest request;
  auto* publication = request.mutable_publication();
  publication->set_name(options.positional()[0]);
  publication->set_etag(options.Get("etag"));
  if (options.IsSet("display-name")) {
    publication->set_display_name(options.Get("display-name"));
    request.mutable_update_mask()->add_paths("display_name");
  }
  if (options.IsSet("language")) {
    publication->set_language(options.Get("language"));
    request.mutable_update_mask()->add_paths("language");
  }
  if (options.IsSet("time-zone")) {
    publication->set_time_zone(options.Get("time-zone"));
    request.mutable_update_mask()->add_paths("time_zone");
  }
  v1::Publication response;
  return Run(options, response, [&](auto& stub, grpc::ClientContext* context) {
    return stub.UpdatePublication(context, request, &response);
  });
}

}  // namespace

int RunPublicationCommand(const app::Args& args) {
  if (args.empty() || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? app::kExitUsage : app::kExitOk;
  }
  const app::Args rest(args.begin() + 1, args.end());
  if (args[0] == "create") return Create(rest);
  if (args[0] == "get") return Get(rest);
  if (args[0] == "list") return List(rest);
  if (args[0] == "update") return Update(rest);
  throw app::UsageError("galley publication: unknown verb '" + args[0] + "' (create, get, list, update)");
}

}  // namespace galley::cli
