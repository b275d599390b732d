#include "corpus.h"

#include <array>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <unistd.h>

#include "corpus_check.h"
#include "newsroom.h"

namespace galley::bench {

namespace {

constexpr int kReporters = 40;
constexpr int kLoadThreads = 2;
constexpr double kTermFraction = 0.01;
constexpr std::size_t kArticleChars = 220;  // about what article_generator.cc writes
// Surnames common in southern Jiangxi; given names come from the page.
constexpr std::array<const char*, 10> kSurnames{"刘", "陈", "黄", "李", "王", "张", "罗", "钟", "曾", "谢"};

// A load leaves gigabytes written but not yet on disk, in PostgreSQL's
// buffers and the kernel's page cache. Left alone, the checkpoint that
// follows would write and fsync them under the scenarios that come next,
// stalling their calls for seconds in the middle of a measurement: they are
// written out now, as part of the load.
void WriteOutTheLoad(const std::string& database_url) {
  pqxx::connection connection(database_url);
  pqxx::nontransaction(connection).exec("CHECKPOINT");
  ::sync();
}

}  // namespace

CorpusSizes CorpusSizesFor(const BenchOptions& options) {
  if (options.quick) return {300, 3000};
  return {10000, 1000000};
}

std::string SizeLabel(std::int64_t articles) {
  if (articles >= 1000000 && articles % 1000000 == 0) return std::to_string(articles / 1000000) + "M";
  if (articles >= 1000 && articles % 1000 == 0) return std::to_string(articles / 1000) + "k";
  return std::to_string(articles);
}

Corpus::Corpus()
    : text_(SampleTextModel::FromFile(GALLEY_SAMPLE_PAGE)),
      short_term_(text_.TermInFraction(2, kTermFraction, kArticleChars)),
      long_term_(text_.TermInFraction(4, kTermFraction, kArticleChars)) {
  layout_.publication_id = Newsroom::kPublicationId;
}

void Corpus::CreateReporters(Harness& harness) {
  Newsroom newsroom(harness.NewChannel());
  newsroom.EnsurePublication();
  std::mt19937_64 random(1);
  for (int i = 0; i < kReporters; ++i) {
    CorpusLayout::Reporter reporter{"reporter-" + std::to_string(i + 1),
                                    kSurnames[static_cast<std::size_t>(i) % kSurnames.size()] + text_.Phrase(random, 2)};
    newsroom.EnsureReporter(reporter.id, reporter.display_name);
    layout_.reporters.push_back(std::move(reporter));
  }
}

LoadStatistics Corpus::GrowTo(Harness& harness, std::int64_t size) {
  if (layout_.reporters.empty()) CreateReporters(harness);
  CorpusLoader(harness.database_url(), text_, layout_).LoadIssues(size_, size);
  // Written through the API first: what the loaded rows must equal.
  const ServiceReference reference = WriteReference(harness, text_, layout_, size_);
  layout_.author = reference.author;
  const LoadStatistics statistics =
      CorpusLoader(harness.database_url(), text_, layout_).LoadArticles(size_, size, kLoadThreads);
  CheckLoaded(harness, text_, layout_, reference, size_, size);
  WriteOutTheLoad(harness.database_url());
  size_ = size;
  return statistics;
}

std::string Corpus::ArticleName(std::int64_t index) {
  return domain::ArticleName().Format({Newsroom::kPublicationId, GeneratedArticleId(index)});
}

std::string Corpus::AnyArticle(std::mt19937_64& random) const {
  return ArticleName(std::uniform_int_distribution<std::int64_t>(0, size_ - 1)(random));
}

std::string Corpus::PublishedArticle(std::mt19937_64& random) const {
  for (;;) {
    const std::int64_t index = std::uniform_int_distribution<std::int64_t>(0, size_ - 1)(random);
    if (IsPublishedArticle(index)) return ArticleName(index);
  }
}

}  // namespace galley::bench
