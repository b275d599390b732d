// `galley photo upload FILE ...` and `galley photo download NAME`: the two
// streaming methods of PhotoService, which `galley call` and the table-built
// verbs (galley_nouns.cc) cannot make.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"
#include "cli/resource_command.h"
#include "galley/v1/photo_service.grpc.pb.h"

namespace galley::cli {

namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;

std::vector<app::OptionSpec> WithClientFlags(std::vector<app::OptionSpec> specs) {
  for (auto& spec : ClientOptionSpecs()) specs.push_back(std::move(spec));
  return specs;
}

// Upload prints the photo it made, as every resource command prints.
std::vector<app::OptionSpec> WithCommandFlags(std::vector<app::OptionSpec> specs) {
  for (auto& spec : CommandOptionSpecs()) specs.push_back(std::move(spec));
  return specs;
}

}  // namespace

int RunPhotoUpload(const app::Args& args) {
  app::Options options("photo upload FILE", "Uploads an image file (JPEG, PNG, WebP or GIF) as a photo.",
                       WithCommandFlags({{"parent", "", "", "the publication, e.g. publications/gannan-daily"},
                                        {"id", "", "", "the photo id (generated if empty)"},
                                        {"caption", "", "", "what the photo shows"},
                                        {"credit", "", "", "the credit as printed, e.g. 薛顺鑫摄"},
                                        {"photographer", "", "", "a contributor name"},
                                        {"alt-text", "", "", "a description for readers who cannot see it"},
                                        {"request-id", "", "", "makes the upload safe to retry"}}));
  if (!options.Parse(args, 1)) return app::kExitOk;
  if (options.positional().empty()) throw app::UsageError("galley photo upload: give the image file");
  std::ifstream file(options.positional()[0], std::ios::binary);
  if (!file) throw app::UsageError("galley photo upload: cannot read " + options.positional()[0]);
  auto stub = v1::PhotoService::NewStub(Connect(options));
  auto context = NewContext(options);
  v1::Photo photo;
  auto stream = stub->UploadPhoto(context.get(), &photo);
  v1::UploadPhotoRequest metadata;
  auto* m = metadata.mutable_metadata();
  m->set_parent(options.Get("parent"));
  m->set_photo_id(options.Get("id"));
  m->set_request_id(options.Get("request-id"));
  m->mutable_photo()->set_caption(options.Get("caption"));
  m->mutable_photo()->set_credit(options.Get("credit"));
  m->mutable_photo()->set_photographer(options.Get("photographer"));
  m->mutable_photo()->set_alt_text(options.Get("alt-text"));
  bool open = stream->Write(metadata);
  std::string buffer(kChunkBytes, '\0');
  while (open && file) {
    file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (file.gcount() == 0) break;
    v1::UploadPhotoRequest chunk;
    chunk.set_chunk(buffer.substr(0, static_cast<std::size_t>(file.gcount())));
    open = stream->Write(chunk);  // false once the server has answered
  }
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) return ReportFailure(status);
  PrintResponse(photo, options);
  return app::kExitOk;
}

int RunPhotoDownload(const app::Args& args) {
  app::Options options("photo download NAME", "Writes a photo's bytes to stdout (or --file FILE).",
                       WithClientFlags({{"file", "", "", "write to this file instead of stdout"}}));
  if (!options.Parse(args, 1)) return app::kExitOk;
  if (options.positional().empty()) throw app::UsageError("galley photo download: give the photo name");
  auto stub = v1::PhotoService::NewStub(Connect(options));
  auto context = NewContext(options);
  v1::DownloadPhotoRequest request;
  request.set_name(options.positional()[0]);
  auto stream = stub->DownloadPhoto(context.get(), request);
  std::string bytes;
  v1::DownloadPhotoResponse chunk;
  while (stream->Read(&chunk)) bytes += chunk.chunk();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) return ReportFailure(status);
  if (options.Get("file").empty()) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  } else {
    std::ofstream(options.Get("file"), std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  return app::kExitOk;
}

}  // namespace galley::cli
