#include "newsroom.h"

#include <array>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "load_generator.h"
#include "scenario.h"

namespace galley::bench {

namespace {

constexpr auto kCallTimeout = std::chrono::seconds(30);

// Paragraphs in the register of a regional daily, so that payloads have the
// size and the multi-byte UTF-8 of real articles (about 1.5 KiB of text each).
constexpr std::array<const char*, 4> kParagraphs{
    "记者从市农业农村局获悉,今年以来我市脐橙种植面积稳中有升,全市新建高标准果园三万余亩,"
    "果农通过水肥一体化和绿色防控技术,单产和品质同步提高,产业链条不断向精深加工延伸。",
    "在赣县区的一家储能企业车间里,自动化生产线满负荷运转,工人们正忙着检测刚下线的电池模组。"
    "企业负责人介绍,今年订单同比增长近四成,新招聘的技术工人大多来自本地职业院校。",
    "市文化广电新闻出版旅游局有关负责人表示,将继续挖掘红色文化资源,推出一批研学旅游线路,"
    "让更多游客走进革命旧址,感受苏区精神,带动周边民宿和特色餐饮发展。",
    "据了解,下一步我市将围绕稀土新材料、电子信息和现代家居三大主导产业,强化要素保障,"
    "优化营商环境,推动重点项目早开工、早投产、早见效。",
};

v1::Article SampleArticle(int seed) {
  v1::Article article;
  article.set_kicker("聚焦高质量发展");
  article.set_headline("产业拔节生长 集群磁力强劲(第" + std::to_string(seed) + "篇)");
  article.set_summary("我市主导产业保持较快增长,一批重点项目加快推进。");
  article.set_dateline("赣州讯");
  article.add_tags("经济");
  article.add_tags("产业");
  auto* byline = article.add_bylines();
  byline->set_display_name("尹才霞");
  byline->set_role(v1::Contributor::REPORTER);
  byline->set_credit("本报记者");
  for (std::size_t i = 0; i < kParagraphs.size(); ++i) {
    auto* block = article.add_body();
    block->set_kind(v1::Block::PARAGRAPH);
    block->set_text(kParagraphs[(i + static_cast<std::size_t>(seed)) % kParagraphs.size()]);
  }
  return article;
}

// Runs `work(newsroom, i)` for i in [0, count) on `threads` threads, each
// with a channel of its own; rethrows the first failure.
template <typename Work>
void InParallel(const Harness& harness, int count, int threads, const Work& work) {
  std::mutex mutex;
  std::exception_ptr failure;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Newsroom newsroom(harness.NewChannel());
      for (int i = t; i < count; i += threads) {
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (failure) return;
        }
        try {
          work(newsroom, i);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!failure) failure = std::current_exception();
          return;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::unique_ptr<grpc::ClientContext> CallContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  return context;
}

void RequireOk(const grpc::Status& status, const std::string& what) {
  if (!status.ok()) throw ScenarioFailure(what + ": " + Describe(status));
}

Newsroom::Newsroom(const std::shared_ptr<grpc::Channel>& channel)
    : publications_(v1::PublicationService::NewStub(channel)),
      articles_(v1::ArticleService::NewStub(channel)),
      contributors_(v1::ContributorService::NewStub(channel)),
      issues_(v1::IssueService::NewStub(channel)) {}

void Newsroom::EnsurePublication() {
  v1::CreatePublicationRequest request;
  request.set_publication_id(kPublicationId);
  request.mutable_publication()->set_display_name("赣南日报(基准测试)");
  request.mutable_publication()->set_language("zh-Hans");
  request.mutable_publication()->set_time_zone("Asia/Shanghai");
  v1::Publication created;
  const grpc::Status status = publications_->CreatePublication(CallContext().get(), request, &created);
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return;
  RequireOk(status, "CreatePublication");
}

void Newsroom::EnsureReporter(const std::string& id, const std::string& display_name) {
  v1::CreateContributorRequest request;
  request.set_parent(kPublication);
  request.set_contributor_id(id);
  request.mutable_contributor()->set_display_name(display_name);
  request.mutable_contributor()->add_roles(v1::Contributor::REPORTER);
  request.mutable_contributor()->set_affiliation("赣南日报");
  v1::Contributor created;
  const grpc::Status status = contributors_->CreateContributor(CallContext().get(), request, &created);
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return;
  RequireOk(status, "CreateContributor " + id);
}

std::string Newsroom::CreateIssueWithSection(const std::string& issue_id, const std::string& section_id) {
  v1::CreateIssueRequest issue;
  issue.set_parent(kPublication);
  issue.set_issue_id(issue_id);
  issue.mutable_issue()->set_issue_date("2026-05-12");
  v1::Issue created;
  RequireOk(issues_->CreateIssue(CallContext().get(), issue, &created), "CreateIssue " + issue_id);
  v1::CreateSectionRequest section;
  section.set_parent(created.name());
  section.set_section_id(section_id);
  section.mutable_section()->set_display_name("综合新闻");
  v1::Section made;
  RequireOk(issues_->CreateSection(CallContext().get(), section, &made), "CreateSection " + section_id);
  return made.name();
}

v1::Article Newsroom::CreateArticle(const std::string& id, const v1::Article& article) {
  v1::CreateArticleRequest create;
  create.set_parent(kPublication);
  create.set_article_id(id);
  *create.mutable_article() = article;
  v1::Article created;
  RequireOk(articles_->CreateArticle(CallContext().get(), create, &created), "CreateArticle " + id);
  return created;
}

void Newsroom::Submit(const std::string& name) {
  v1::SubmitArticleRequest submit;
  submit.set_name(name);
  submit.set_etag("*");
  v1::Article article;
  RequireOk(articles_->SubmitArticle(CallContext().get(), submit, &article), "SubmitArticle " + name);
}

void Newsroom::Approve(const std::string& name) {
  v1::ApproveArticleRequest approve;
  approve.set_name(name);
  approve.set_etag("*");
  v1::Article article;
  RequireOk(articles_->ApproveArticle(CallContext().get(), approve, &article), "ApproveArticle " + name);
}

std::string Newsroom::PrepareApproved(const std::string& id, int seed, const std::string& section) {
  v1::Article sample = SampleArticle(seed);
  sample.set_section(section);
  const std::string name = CreateArticle(id, sample).name();
  Submit(name);
  Approve(name);
  return name;
}

grpc::Status Newsroom::Publish(const std::string& name) {
  v1::PublishArticleRequest request;
  request.set_name(name);
  request.set_etag("*");
  v1::Article published;
  return articles_->PublishArticle(CallContext().get(), request, &published);
}

std::vector<std::string> PrepareApprovedArticles(const Harness& harness, const std::string& prefix, int count,
                                                 int threads, const std::string& section) {
  Newsroom(harness.NewChannel()).EnsurePublication();
  std::vector<std::string> names(static_cast<std::size_t>(count));
  InParallel(harness, count, threads, [&](Newsroom& newsroom, int i) {
    names[static_cast<std::size_t>(i)] = newsroom.PrepareApproved(prefix + "-" + std::to_string(i), i, section);
  });
  return names;
}

void PublishArticles(const Harness& harness, const std::string& prefix, int count, int threads) {
  Newsroom(harness.NewChannel()).EnsurePublication();
  InParallel(harness, count, threads, [&](Newsroom& newsroom, int i) {
    const std::string name = newsroom.PrepareApproved(prefix + "-" + std::to_string(i), i);
    RequireOk(newsroom.Publish(name), "PublishArticle " + name);
  });
}

}  // namespace galley::bench
