#include "article_read_scenarios.h"

#include <algorithm>
#include <cstdio>

#include "domain/utf8.h"

#include "galley/v1/article_service.grpc.pb.h"
#include "measure.h"
#include "newsroom.h"

namespace galley::bench {

namespace {

using Articles = v1::ArticleService;
constexpr int kListPage = 50;
constexpr int kSearchPage = 20;
constexpr int kMaxDepth = 1000;  // pages, as issue 7 asks
constexpr auto kMeasured = std::chrono::seconds(5);

// How many pages down the deep-page scenario reads: 1000, or half the
// corpus when it holds fewer pages.
int DeepPageDepth(std::int64_t size) {
  return static_cast<int>(std::min<std::int64_t>(kMaxDepth, size / kListPage / 2));
}

std::string Ratio(const char* what, double ratio) {
  char text[96];
  std::snprintf(text, sizeof text, "%s: x%.2f", what, ratio);
  return text;
}

v1::ListArticlesRequest ListRequest(const std::string& token) {
  v1::ListArticlesRequest request;
  request.set_parent(Newsroom::kPublication);
  request.set_page_size(kListPage);
  request.set_page_token(token);
  return request;
}

std::string CheckFullPage(const v1::ListArticlesResponse& response) {
  if (response.articles_size() != kListPage) return std::to_string(response.articles_size()) + " articles, not 50";
  if (response.next_page_token().empty()) return "no next page";
  return "";
}

// The token of page `depth` + 1, by following the pages from the first.
std::string TokenOfPage(Harness& harness, int depth) {
  Newsroom newsroom(harness.NewChannel());
  std::string token;
  for (int page = 0; page < depth; ++page) {
    v1::ListArticlesResponse response;
    RequireOk(newsroom.articles().ListArticles(CallContext().get(), ListRequest(token), &response),
              "ListArticles page " + std::to_string(page + 1));
    const std::string wrong = CheckFullPage(response);
    if (!wrong.empty()) throw ScenarioFailure("ListArticles page " + std::to_string(page + 1) + ": " + wrong);
    token = response.next_page_token();
  }
  return token;
}

ScenarioResult ListPage(BenchContext& context, const std::string& token) {
  return MeasureClosedLoop(context,
                           UnaryCalls<Articles, v1::ListArticlesRequest, v1::ListArticlesResponse>(
                               &Articles::Stub::ListArticles, [token](std::mt19937_64&) { return ListRequest(token); },
                               CheckFullPage),
                           "call", ThroughputOptions(context.options, kMeasured));
}

// The text a search looks through, as a result shows it.
std::string SearchedText(const v1::Article& article) {
  std::string text = article.headline() + '\n' + article.kicker() + '\n' + article.subheadline() + '\n' +
                     article.summary() + '\n' + article.dateline();
  for (const auto& block : article.body()) text += '\n' + block.text();
  for (const auto& byline : article.bylines()) text += '\n' + byline.display_name() + '\n' + byline.credit();
  for (const auto& tag : article.tags()) text += '\n' + tag;
  return text;
}

// At most a page of results; for a 2-character term (one bigram), each
// result has it literally, and there are some.
ResponseCheck<v1::SearchArticlesResponse> SearchCheck(const std::string& term, bool literal) {
  return [term, literal](const v1::SearchArticlesResponse& response) -> std::string {
    if (response.results_size() > kSearchPage) return std::to_string(response.results_size()) + " results";
    if (!literal) return "";
    if (response.results_size() == 0) return "nothing found";
    for (const auto& result : response.results()) {
      if (SearchedText(result.article()).find(term) == std::string::npos) {
        return result.article().name() + " does not contain " + term;
      }
    }
    return "";
  };
}

CallFactory SearchCalls(const std::string& term) {
  const bool literal = domain::DecodeUtf8(term).size() == 2;
  return UnaryCalls<Articles, v1::SearchArticlesRequest, v1::SearchArticlesResponse>(
      &Articles::Stub::SearchArticles,
      [term](std::mt19937_64&) {
        v1::SearchArticlesRequest request;
        request.set_parent(Newsroom::kPublication);
        request.set_query(term);
        request.set_page_size(kSearchPage);
        return request;
      },
      SearchCheck(term, literal));
}

std::string KeyAt(const std::string& key, bool large) { return key + (large ? " large" : ""); }

// Notes how much more a request costs than the scenario `other` (per
// request: the inverse ratio of their rates), if that one ran.
void CompareWith(ScenarioResult& result, const RatesBySize& rates, const std::string& other, const char* what) {
  const auto found = rates.find(other);
  if (found != rates.end() && result.rate > 0) result.notes.push_back(Ratio(what, found->second / result.rate));
}

// Records the rate under `key`; at the large size also notes the cost
// relative to the same scenario at the small size.
void CompareSizes(ScenarioResult& result, const std::string& key, bool large, RatesBySize& rates) {
  rates[KeyAt(key, large)] = result.rate;
  if (large) CompareWith(result, rates, key, "cost at the large size / at the small size");
}

ScenarioResult SearchUnderLoad(BenchContext& context, const std::string& term) {
  ScenarioResult result =
      MeasureClosedLoop(context, SearchCalls(term), "call", ThroughputOptions(context.options, kMeasured));
  result.notes.push_back("the term: " + term);
  return result;
}

// The latency a reader sees at a steady rate, half of what the closed loop
// managed (`closed_rate`): issue 7 asks for p99 <= 100 ms at 1M.
ScenarioResult SearchAtSteadyRate(BenchContext& context, const std::string& term, double closed_rate) {
  const double rate = std::max(1.0, closed_rate / 2);
  const ClosedLoopOptions shape = ThroughputOptions(context.options, kMeasured);
  UsageSampler usage = context.harness.NewUsageSampler();
  OpenLoopOptions options;
  options.rate = rate;
  options.warmup = shape.warmup;
  options.duration = shape.duration * 2;
  options.usage = &usage;
  ScenarioResult result =
      ResultOf(RunOpenLoop([&] { return context.harness.NewChannel(); }, SearchCalls(term), options), "call");
  result.has_ratio = false;  // paced, not a throughput
  char note[96];
  std::snprintf(note, sizeof note, "open loop at %.1f requests/s, half the closed loop's rate", rate);
  result.notes.push_back(note);
  return result;
}

// How many published articles today's readers read: an edition's worth.
constexpr std::size_t kTodaysEdition = 100;

// GetArticle of random articles: published ones in the published view, or
// any in the working copy. With `edition`, readers read only that many
// published articles (as on the night an issue goes out), which the server
// keeps in memory; without, any of the whole archive, which it cannot.
ScenarioResult GetUnderLoad(BenchContext& context, const Corpus& corpus, bool published, std::size_t edition = 0) {
  std::vector<std::string> todays;
  std::mt19937_64 picker(42);
  for (std::size_t i = 0; i < edition; ++i) todays.push_back(corpus.PublishedArticle(picker));
  const CallFactory calls = UnaryCalls<Articles, v1::GetArticleRequest, v1::Article>(
      &Articles::Stub::GetArticle,
      [&corpus, published, todays](std::mt19937_64& random) {
        v1::GetArticleRequest request;
        if (!todays.empty()) {
          request.set_name(todays[std::uniform_int_distribution<std::size_t>(0, todays.size() - 1)(random)]);
        } else {
          request.set_name(published ? corpus.PublishedArticle(random) : corpus.AnyArticle(random));
        }
        request.set_view(published ? v1::ARTICLE_VIEW_PUBLISHED : v1::ARTICLE_VIEW_WORKING_COPY);
        return request;
      },
      [](const v1::Article& article) {
        return article.headline().empty() || article.body_size() == 0 ? "an empty article" : "";
      });
  ScenarioResult result = MeasureClosedLoop(context, calls, "call", ThroughputOptions(context.options, kMeasured));
  if (context.pgbench_select_rate > 0) {
    result.notes.push_back(Ratio("rate / pgbench -S -M prepared", result.rate / context.pgbench_select_rate));
  }
  return result;
}

}  // namespace

void AddListAndSearchScenarios(const BenchOptions& /*options*/, const std::shared_ptr<Corpus>& corpus,
                               std::int64_t size, bool large, const std::shared_ptr<RatesBySize>& rates,
                               std::vector<Scenario>& scenarios) {
  const std::string at = ", " + SizeLabel(size);
  const int depth = DeepPageDepth(size);
  scenarios.push_back({"ListArticles first page of 50" + at, [=](BenchContext& context) {
                         ScenarioResult result = ListPage(context, "");
                         CompareSizes(result, "list first", large, *rates);
                         return result;
                       }});
  scenarios.push_back({"ListArticles page " + std::to_string(depth + 1) + at, [=](BenchContext& context) {
                         ScenarioResult result = ListPage(context, TokenOfPage(context.harness, depth));
                         CompareSizes(result, "list deep", large, *rates);
                         CompareWith(result, *rates, KeyAt("list first", large), "cost / the first page's");
                         return result;
                       }});
  for (const bool two : {true, false}) {
    const std::string label = two ? "2" : "4";
    scenarios.push_back({"SearchArticles " + label + "-char term, top 20" + at, [=](BenchContext& context) {
                           ScenarioResult result =
                               SearchUnderLoad(context, two ? corpus->short_term() : corpus->long_term());
                           CompareSizes(result, "search " + label, large, *rates);
                           return result;
                         }});
  }
  if (!large) return;
  scenarios.push_back({"SearchArticles 2-char term, open loop" + at, [=](BenchContext& context) {
                         const auto closed = rates->find(KeyAt("search 2", true));
                         return SearchAtSteadyRate(context, corpus->short_term(),
                                                   closed == rates->end() ? 20 : closed->second);
                       }});
}

void AddGetScenarios(const BenchOptions& /*options*/, const std::shared_ptr<Corpus>& corpus, std::int64_t size,
                     std::vector<Scenario>& scenarios) {
  for (const bool published : {true, false}) {
    scenarios.push_back({std::string("GetArticle ") + (published ? "published view" : "working copy") + ", " +
                             SizeLabel(size),
                         [=](BenchContext& context) { return GetUnderLoad(context, *corpus, published); }});
  }
  scenarios.push_back({"GetArticle published, today's 100 articles, " + SizeLabel(size), [=](BenchContext& context) {
                         return GetUnderLoad(context, *corpus, true, kTodaysEdition);
                       }});
}

}  // namespace galley::bench
