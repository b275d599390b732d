// A first run that shows something: `galley dev --sample-page FILE` (as
// scripts/dev runs it) imports that page of print text into 赣南日报's issue of
// 2026-05-12 through the API, so a newcomer can list, read and search real
// articles at once. It does so once per data directory, not on every start.
#pragma once

#include <grpcpp/channel.h>

#include <filesystem>
#include <memory>
#include <string>

namespace galley::app {

struct SampleEdition {
  std::filesystem::path page;    // the page's text
  std::filesystem::path marker;  // written once the page is in; its presence skips the import
  std::string token;             // an admin token to call with
};

// Creates the publication, the issue and its section a01 (要闻) where they are
// missing, imports the page there, and writes the marker. A failure is
// logged and leaves no marker, so the next start tries again; request ids
// keep a retried import from placing the page twice.
void ImportSampleEditionOnce(const std::shared_ptr<grpc::Channel>& channel, const SampleEdition& sample);

}  // namespace galley::app
