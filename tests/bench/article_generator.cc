#include "article_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <random>

#include "domain/contributor.h"
#include "domain/issue.h"
#include "domain/workflow.h"

namespace galley::bench {

namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr std::time_t kFirstIssueDay = 631152000;  // 1990-01-01T00:00:00Z
constexpr std::array<const char*, 8> kSectionNames{"要闻", "综合新闻", "经济", "社会", "文化", "体育", "时评", "专版"};
constexpr std::array<const char*, 10> kTags{"经济", "产业", "民生", "文化", "旅游", "农业", "教育", "交通", "城建", "生态"};
constexpr std::array<const char*, 3> kDatelines{"本报讯", "赣州讯", ""};

// Article i's own random stream: the same article every run, whatever
// thread generates it and in which order.
std::mt19937_64 RandomFor(std::int64_t index) {
  std::seed_seq seed{static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32), 7u};
  return std::mt19937_64(seed);
}

std::size_t Uniform(std::mt19937_64& random, std::size_t low, std::size_t high) {
  return std::uniform_int_distribution<std::size_t>(low, high)(random);
}

domain::Block Paragraph(const SampleTextModel& text, std::mt19937_64& random) {
  return domain::Block{"PARAGRAPH", text.Paragraph(random, Uniform(random, 40, 90)), "", ""};
}

std::vector<domain::Byline> Bylines(const SampleTextModel& text, const CorpusLayout& layout, std::mt19937_64& random) {
  std::vector<domain::Byline> bylines;
  const std::size_t reporters = Uniform(random, 1, 2);
  for (std::size_t i = 0; i < reporters; ++i) {
    const auto& reporter = layout.reporters[Uniform(random, 0, layout.reporters.size() - 1)];
    bylines.push_back({domain::ContributorName().Format({layout.publication_id, reporter.id}), reporter.display_name,
                       "REPORTER", "本报记者"});
  }
  // Now and then a correspondent (通讯员) the desk has no record of.
  if (Uniform(random, 0, 3) == 0) bylines.push_back({"", text.Phrase(random, 3), "CORRESPONDENT", "通讯员"});
  return bylines;
}

domain::ArticleContent Content(const SampleTextModel& text, const CorpusLayout& layout, std::int64_t index,
                               std::mt19937_64& random) {
  domain::ArticleContent content;
  content.headline = text.Phrase(random, Uniform(random, 8, 16));
  if (Uniform(random, 0, 2) == 0) content.kicker = text.Phrase(random, Uniform(random, 6, 10));
  if (Uniform(random, 0, 2) == 0) content.subheadline = text.Phrase(random, Uniform(random, 10, 16));
  content.summary = text.Paragraph(random, Uniform(random, 25, 45));
  const std::size_t paragraphs = Uniform(random, 2, 3);
  for (std::size_t i = 0; i < paragraphs; ++i) content.body.push_back(Paragraph(text, random));
  content.bylines = Bylines(text, layout, random);
  content.dateline = kDatelines[Uniform(random, 0, kDatelines.size() - 1)];
  const std::size_t tags = Uniform(random, 1, 3);
  for (std::size_t i = 0; i < tags; ++i) {
    const std::string tag = kTags[Uniform(random, 0, kTags.size() - 1)];
    if (std::find(content.tags.begin(), content.tags.end(), tag) == content.tags.end()) content.tags.push_back(tag);
  }
  content.language = "zh-Hans";
  const std::int64_t in_issue = index % CorpusLayout::kArticlesPerIssue;
  const int section = static_cast<int>(in_issue % CorpusLayout::kSectionsPerIssue);
  const std::string issue_id = IssueAt(index / CorpusLayout::kArticlesPerIssue).id;
  content.section = domain::SectionName().Format({layout.publication_id, issue_id, SectionId(section)});
  content.position = static_cast<int>(in_issue / CorpusLayout::kSectionsPerIssue) + 1;
  return content;
}

void AddRevision(GeneratedArticle& generated, std::vector<std::string> changed, domain::Timestamp at) {
  const domain::Article& article = generated.article;
  generated.revisions.push_back(
      {article.revision, generated.contents.size() - 1, article.state, std::move(changed), at});
}

// Takes the article through a workflow action as the service does
// (domain/workflow.h), writing the revision the action writes.
void Act(GeneratedArticle& generated, domain::ArticleAction action, std::vector<std::string> changed,
         domain::Timestamp at) {
  domain::ApplyArticleAction(generated.article, {action, "", std::nullopt}, at);
  generated.article.update_time = at;
  generated.touched_by_workflow = true;
  AddRevision(generated, std::move(changed), at);
}

}  // namespace

GeneratedIssue IssueAt(std::int64_t issue_index) {
  const std::time_t day = kFirstIssueDay + static_cast<std::time_t>(issue_index) * 86400;
  std::tm utc{};
  gmtime_r(&day, &utc);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  // Planned the afternoon before.
  const domain::Timestamp created{std::chrono::seconds(day) - hours(8)};
  return {date, static_cast<int>(issue_index + 1), created};
}

std::string SectionId(int s) {
  char id[16];
  std::snprintf(id, sizeof id, "a%02d", s + 1);
  return id;
}

std::string SectionDisplayName(int s) { return kSectionNames[static_cast<std::size_t>(s) % kSectionNames.size()]; }

std::string GeneratedArticleId(std::int64_t index) {
  char id[24];
  std::snprintf(id, sizeof id, "g%08lld", static_cast<long long>(index));
  return id;
}

bool IsPublishedArticle(std::int64_t index) { return index % 10 < 3; }

GeneratedArticle GenerateArticle(const SampleTextModel& text, const CorpusLayout& layout, std::int64_t index) {
  std::mt19937_64 random = RandomFor(index);
  GeneratedArticle generated;
  domain::Article& article = generated.article;
  article.publication_id = layout.publication_id;
  article.id = GeneratedArticleId(index);
  article.owner = layout.author;
  // Written the day before its issue, a minute apart.
  const GeneratedIssue issue = IssueAt(index / CorpusLayout::kArticlesPerIssue);
  domain::Timestamp at = issue.create_time + hours(1) + minutes(index % CorpusLayout::kArticlesPerIssue);
  article.create_time = article.update_time = at;

  generated.contents.push_back(Content(text, layout, index, random));
  article.content = generated.contents.back();
  article.revision = 1;
  AddRevision(generated, domain::ChangedArticleFields({}, article.content), at);
  if (Uniform(random, 0, 2) == 0) {  // an edit: a paragraph added
    domain::ArticleContent edited = article.content;
    edited.body.push_back(Paragraph(text, random));
    at += minutes(30);
    generated.contents.push_back(edited);
    ++article.revision;
    article.update_time = at;
    AddRevision(generated, domain::ChangedArticleFields(article.content, edited), at);
    article.content = std::move(edited);
  }
  if (!IsPublishedArticle(index)) return generated;
  // The fields each action changes, as ArticleRepository records them.
  Act(generated, domain::ArticleAction::kSubmit, {"state"}, at += minutes(60));
  Act(generated, domain::ArticleAction::kApprove, {"state"}, at += minutes(60));
  Act(generated, domain::ArticleAction::kPublish, {"state", "published_revision", "publish_time"},
      issue.create_time + hours(8));
  return generated;
}

}  // namespace galley::bench
