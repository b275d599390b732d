#include "article_write_scenarios.h"

#include <chrono>
#include <cstdio>

#include "galley/v1/article_service.grpc.pb.h"
#include "measure.h"
#include "newsroom.h"

namespace galley::bench {

namespace {

using Articles = v1::ArticleService;
using Clock = std::chrono::steady_clock;
constexpr int kIssueArticles = 100;
constexpr int kPreparingThreads = 4;

ScenarioResult UpdateHeadlines(BenchContext& context, const std::shared_ptr<Corpus>& corpus) {
  const CallFactory calls = UnaryCalls<Articles, v1::UpdateArticleRequest, v1::Article>(
      &Articles::Stub::UpdateArticle,
      [corpus](std::mt19937_64& random) {
        v1::UpdateArticleRequest request;
        request.mutable_article()->set_name(corpus->AnyArticle(random));
        request.mutable_article()->set_etag("*");
        request.mutable_article()->set_headline(corpus->text().Phrase(random, 12));
        request.mutable_update_mask()->add_paths("headline");
        return request;
      },
      [](const v1::Article& article) { return article.revision() < 2 ? "no new revision" : ""; });
  ScenarioResult result =
      MeasureClosedLoop(context, calls, "call", ThroughputOptions(context.options, std::chrono::seconds(5)));
  if (context.pgbench_write_rate > 0) {
    char note[64];
    std::snprintf(note, sizeof note, "rate / pgbench -N: x%.2f", result.rate / context.pgbench_write_rate);
    result.notes.push_back(note);
  }
  return result;
}

// Issues of 100 approved articles, made through the API, then published
// one after the other; only the PublishIssue calls are timed and sampled.
ScenarioResult PublishIssues(BenchContext& context) {
  const int issues = context.options.quick ? 2 : 10;
  Harness& harness = context.harness;
  Newsroom newsroom(harness.NewChannel());
  Usage used;
  LatencyRecorder latencies;
  double seconds = 0;
  for (int i = 0; i < issues; ++i) {
    const std::string issue_id = "bench-issue-" + std::to_string(i + 1);
    const std::string section = newsroom.CreateIssueWithSection(issue_id, "a01");
    PrepareApprovedArticles(harness, issue_id, kIssueArticles, kPreparingThreads, section);
    v1::PublishIssueRequest request;
    request.set_name(domain::IssueOfSection(section));
    request.set_etag("*");
    v1::PublishIssueResponse response;
    UsageSampler usage = harness.NewUsageSampler();
    usage.Start();
    const auto sent = Clock::now();
    const grpc::Status status = newsroom.issues().PublishIssue(CallContext().get(), request, &response);
    const auto took = Clock::now() - sent;
    const Usage call = usage.Finish();
    RequireOk(status, "PublishIssue " + request.name());
    if (response.articles_size() != kIssueArticles) {
      throw ScenarioFailure("PublishIssue " + request.name() + " published " +
                            std::to_string(response.articles_size()) + " articles, not 100");
    }
    latencies.Add(took);
    seconds += std::chrono::duration<double>(took).count();
    used.server_cpu_seconds += call.server_cpu_seconds;
    used.database_cpu_seconds += call.database_cpu_seconds;
    used.server_peak_rss_mib = call.server_peak_rss_mib;
  }
  ScenarioResult result;
  result.unit = "issue";
  result.rate = issues / seconds;
  result.has_ratio = false;  // one at a time: a latency, not a throughput
  result.latency = latencies.Summary();
  result.usage = used;
  result.units = issues;
  result.notes.push_back(std::to_string(issues) + " issues of " + std::to_string(kIssueArticles) +
                         " approved articles, published one at a time");
  return result;
}

}  // namespace

void AddArticleWriteScenarios(const BenchOptions& /*options*/, const std::shared_ptr<Corpus>& corpus,
                              std::int64_t size, std::vector<Scenario>& scenarios) {
  scenarios.push_back({"UpdateArticle headline, with revision, " + SizeLabel(size),
                       [corpus](BenchContext& context) { return UpdateHeadlines(context, corpus); }});
  scenarios.push_back({"PublishIssue of 100 approved articles", PublishIssues});
}

}  // namespace galley::bench
