// The content the scenarios work on, made through the public API the way an
// editorial tool makes it: one publication, and articles taken through
// create, submit and approve ahead of time, so that a scenario times only
// the step it measures (PublishArticle, say). Every call must succeed:
// otherwise it throws ScenarioFailure naming the call.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "harness.h"

namespace galley::bench {

class Newsroom {
 public:
  static constexpr const char* kPublication = "publications/bench-daily";

  explicit Newsroom(const std::shared_ptr<grpc::Channel>& channel);

  // Creates the publication unless it exists.
  void EnsurePublication();
  // Creates article `id` (its text varied by `seed`), submits and approves
  // it; returns its name.
  std::string PrepareApproved(const std::string& id, int seed);
  // PublishArticle with etag "*": the call a scenario times.
  grpc::Status Publish(const std::string& name);

 private:
  std::unique_ptr<v1::PublicationService::Stub> publications_;
  std::unique_ptr<v1::ArticleService::Stub> articles_;
};

// Prepares `count` approved articles with ids "{prefix}-{i}" on `threads`
// channels at once and returns their names, in order of i.
std::vector<std::string> PrepareApprovedArticles(const Harness& harness, const std::string& prefix, int count,
                                                 int threads);
// Prepares and publishes them: fills the change log with `count` changes.
void PublishArticles(const Harness& harness, const std::string& prefix, int count, int threads);

}  // namespace galley::bench
