#include "app/sample_edition.h"

#include <grpcpp/client_context.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/publication_service.grpc.pb.h"

namespace galley::app {

namespace {

constexpr const char* kPublication = "publications/gannan-daily";
constexpr const char* kIssue = "publications/gannan-daily/issues/2026-05-12";
constexpr const char* kSection = "publications/gannan-daily/issues/2026-05-12/sections/a01";
constexpr std::chrono::seconds kCallDeadline{30};

class SampleImportFailed : public std::runtime_error {
 public:
  SampleImportFailed(const std::string& step, const grpc::Status& status)
      : std::runtime_error(step + ": " + status.error_message()) {}
};

std::unique_ptr<grpc::ClientContext> ContextFor(const SampleEdition& sample) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  context->AddMetadata("authorization", "Bearer " + sample.token);
  return context;
}

// What is there already (a developer made it by hand, or a start before
// this one got that far) is as good as made.
void RequireMadeOrThere(const std::string& step, const grpc::Status& status) {
  if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) throw SampleImportFailed(step, status);
}

void MakeTheIssue(const std::shared_ptr<grpc::Channel>& channel, const SampleEdition& sample) {
  v1::CreatePublicationRequest publication;
  publication.set_publication_id("gannan-daily");
  publication.mutable_publication()->set_display_name("赣南日报");
  publication.mutable_publication()->set_language("zh-Hans");
  publication.mutable_publication()->set_time_zone("Asia/Shanghai");
  v1::Publication created_publication;
  RequireMadeOrThere("creating " + std::string(kPublication),
                     v1::PublicationService::NewStub(channel)->CreatePublication(ContextFor(sample).get(), publication,
                                                                                 &created_publication));
  auto issues = v1::IssueService::NewStub(channel);
  v1::CreateIssueRequest issue;
  issue.set_parent(kPublication);
  issue.mutable_issue()->set_issue_date("2026-05-12");
  v1::Issue created_issue;
  RequireMadeOrThere("creating " + std::string(kIssue), issues->CreateIssue(ContextFor(sample).get(), issue, &created_issue));
  v1::CreateSectionRequest section;
  section.set_parent(kIssue);
  section.set_section_id("a01");
  section.mutable_section()->set_display_name("要闻");
  section.mutable_section()->set_page_number(1);
  v1::Section created_section;
  RequireMadeOrThere("creating " + std::string(kSection),
                     issues->CreateSection(ContextFor(sample).get(), section, &created_section));
}

std::string ReadPage(const std::filesystem::path& page) {
  std::ifstream file(page);
  std::stringstream text;
  text << file.rdbuf();
  if (!file || text.str().empty()) throw std::runtime_error("cannot read the sample page " + page.string());
  return text.str();
}

}  // namespace

void ImportSampleEditionOnce(const std::shared_ptr<grpc::Channel>& channel, const SampleEdition& sample) {
  if (std::filesystem::exists(sample.marker)) {
    spdlog::info("the sample page was imported on an earlier start ({}); not again", sample.marker.string());
    return;
  }
  try {
    const std::string text = ReadPage(sample.page);
    MakeTheIssue(channel, sample);
    v1::ImportArticlesRequest request;
    request.set_section(kSection);
    request.set_text(text);
    request.set_request_id("galley-dev-sample-page");
    v1::ImportArticlesResponse imported;
    const auto status = v1::ArticleService::NewStub(channel)->ImportArticles(ContextFor(sample).get(), request, &imported);
    if (!status.ok()) throw SampleImportFailed("importing " + sample.page.string(), status);
    std::ofstream(sample.marker) << "imported " << sample.page.string() << " into " << kSection << '\n';
    spdlog::info("imported the sample page {} into {}: {} draft articles (try: galley article list {})",
                 sample.page.string(), kSection, imported.articles_size(), kPublication);
  } catch (const std::exception& error) {
    spdlog::warn("could not import the sample page (the next start tries again): {}", error.what());
  }
}

}  // namespace galley::app
