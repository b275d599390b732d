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
#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"
#include "harness.h"

namespace galley::bench {

// A context whose deadline bounds a setup call.
std::unique_ptr<grpc::ClientContext> CallContext();
// Throws ScenarioFailure "what: CODE: message" unless `status` is OK.
void RequireOk(const grpc::Status& status, const std::string& what);

class Newsroom {
 public:
  static constexpr const char* kPublicationId = "bench-daily";
  static constexpr const char* kPublication = "publications/bench-daily";

  explicit Newsroom(const std::shared_ptr<grpc::Channel>& channel);

  // Creates the publication unless it exists.
  void EnsurePublication();
  // Creates a reporter unless one has that id.
  void EnsureReporter(const std::string& id, const std::string& display_name);
  // Creates issue `issue_id` with one section `section_id`; returns the
  // section's name.
  std::string CreateIssueWithSection(const std::string& issue_id, const std::string& section_id);
  // Creates article `id` from `article`; returns what the service made of it.
  v1::Article CreateArticle(const std::string& id, const v1::Article& article);
  void Submit(const std::string& name);
  void Approve(const std::string& name);
  // Creates article `id` (its text varied by `seed`, placed in `section`
  // unless it is empty), submits and approves it; returns its name.
  std::string PrepareApproved(const std::string& id, int seed, const std::string& section = "");
  // PublishArticle with etag "*": the call a scenario times.
  grpc::Status Publish(const std::string& name);

  v1::ArticleService::Stub& articles() { return *articles_; }
  v1::IssueService::Stub& issues() { return *issues_; }

 private:
  std::unique_ptr<v1::PublicationService::Stub> publications_;
  std::unique_ptr<v1::ArticleService::Stub> articles_;
  std::unique_ptr<v1::ContributorService::Stub> contributors_;
  std::unique_ptr<v1::IssueService::Stub> issues_;
};

// Prepares `count` approved articles with ids "{prefix}-{i}" (placed in
// `section` unless it is empty) on `threads` channels at once and returns
// their names, in order of i.
std::vector<std::string> PrepareApprovedArticles(const Harness& harness, const std::string& prefix, int count,
                                                 int threads, const std::string& section = "");
// Prepares and publishes them: fills the change log with `count` changes.
void PublishArticles(const Harness& harness, const std::string& prefix, int count, int threads);

}  // namespace galley::bench
