// The editorial workflow of DESIGN.md §1 through the real gRPC API against
// PostgreSQL: every state × transition, etags and request ids on
// transitions, what each role may do and see, the working copy against the
// published version, corrections, scheduling, and the audit trail.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "galley/v1/access_service.grpc.pb.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "store/publishing.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"
#include "support/proto_time.h"

namespace galley {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;
using testing::ErrorReason;
using testing::PreconditionSubjects;
using testing::SleepUntil;
using testing::TimestampFromNow;
using testing::ViolatedFields;
using v1::Article;
using Stub = v1::ArticleService::Stub;

constexpr const char* kPublication = "publications/gannan-daily";
constexpr const char* kHeadline = "产业拔节生长 集群磁力强劲";

enum class Transition { kSubmit, kApprove, kReject, kPublish, kUnpublish, kKill };
constexpr std::array<Transition, 6> kTransitions{Transition::kSubmit,  Transition::kApprove,   Transition::kReject,
                                                 Transition::kPublish, Transition::kUnpublish, Transition::kKill};

const char* NameOf(Transition transition) {
  switch (transition) {
    case Transition::kSubmit: return "submit";
    case Transition::kApprove: return "approve";
    case Transition::kReject: return "reject";
    case Transition::kPublish: return "publish";
    case Transition::kUnpublish: return "unpublish";
    case Transition::kKill: return "kill";
  }
  return "?";
}

// Reject and kill need a note; the others do without one.
std::string DefaultNote(Transition transition) {
  if (transition == Transition::kReject) return "请补充数据来源";
  if (transition == Transition::kKill) return "法院禁令";
  return "";
}

// What a transition call carries besides the article's name; `{etag}`,
// `{etag, request_id}`, … in calls.
struct Options {
  Options(std::string etag = "", std::string request_id = "", std::string note = "",
          std::optional<Timestamp> publish_time = std::nullopt)
      : etag(std::move(etag)), request_id(std::move(request_id)), note(std::move(note)),
        publish_time(std::move(publish_time)) {}

  std::string etag;        // "" sends none
  std::string request_id;  // "" sends none
  std::string note;        // the reject note, publish correction, unpublish or kill reason
  std::optional<Timestamp> publish_time;
};

template <typename Request>
Request RequestFor(const std::string& name, const Options& options) {
  Request request;
  request.set_name(name);
  request.set_etag(options.etag);
  request.set_request_id(options.request_id);
  return request;
}

// Sends the RPC of `transition` to `stub`.
grpc::Status Send(Stub& stub, Transition transition, const std::string& name, const Options& options, Article* out) {
  grpc::ClientContext context;
  switch (transition) {
    case Transition::kSubmit:
      return stub.SubmitArticle(&context, RequestFor<v1::SubmitArticleRequest>(name, options), out);
    case Transition::kApprove:
      return stub.ApproveArticle(&context, RequestFor<v1::ApproveArticleRequest>(name, options), out);
    case Transition::kReject: {
      auto request = RequestFor<v1::RejectArticleRequest>(name, options);
      request.set_note(options.note);
      return stub.RejectArticle(&context, request, out);
    }
    case Transition::kPublish: {
      auto request = RequestFor<v1::PublishArticleRequest>(name, options);
      request.set_correction(options.note);
      if (options.publish_time) *request.mutable_publish_time() = *options.publish_time;
      return stub.PublishArticle(&context, request, out);
    }
    case Transition::kUnpublish: {
      auto request = RequestFor<v1::UnpublishArticleRequest>(name, options);
      request.set_reason(options.note);
      return stub.UnpublishArticle(&context, request, out);
    }
    case Transition::kKill: {
      auto request = RequestFor<v1::KillArticleRequest>(name, options);
      request.set_reason(options.note);
      return stub.KillArticle(&context, request, out);
    }
  }
  return grpc::Status(grpc::StatusCode::INTERNAL, "unknown transition");
}

// How far ahead a test schedules what it then waits for: the call that
// schedules must arrive before that time even on a busy machine running a
// sanitizer build, or it publishes at once instead.
constexpr std::chrono::seconds kScheduleLead{3};

std::int64_t Micros(const Timestamp& time) { return TimeUtil::TimestampToMicroseconds(time); }

class ArticleWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  std::unique_ptr<Stub> StubAs(domain::Role role, const std::string& principal) const {
    return v1::ArticleService::NewStub(galley_.ChannelAs(role, principal));
  }

  // A new draft, created by whoever `stub` (the admin by default) calls as.
  Article Draft(const std::string& id, Stub* stub = nullptr, const std::string& headline = kHeadline) {
    v1::CreateArticleRequest request;
    request.set_parent(kPublication);
    request.set_article_id(id);
    request.mutable_article()->set_headline(headline);
    auto* paragraph = request.mutable_article()->add_body();
    paragraph->set_kind(v1::Block::PARAGRAPH);
    paragraph->set_text("日前,走进赣州康晋储能技术有限公司车间,全自动化产线高速运转。");
    Article article;
    grpc::ClientContext context;
    const auto status = (stub != nullptr ? *stub : *admin_).CreateArticle(&context, request, &article);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return article;
  }

  // `transition` on `article` as it is (its etag unless the options name
  // one); fails the test unless it succeeds.
  Article Apply(const Article& article, Transition transition, Options options = {}, Stub* stub = nullptr) {
    if (options.etag.empty()) options.etag = article.etag();
    if (options.note.empty()) options.note = DefaultNote(transition);
    Article out;
    const auto status = Send(stub != nullptr ? *stub : *admin_, transition, article.name(), options, &out);
    EXPECT_TRUE(status.ok()) << NameOf(transition) << " " << article.name() << ": " << status.error_message();
    return out;
  }

  // A new article brought into `state` through the API by the admin.
  Article InState(Article::State state, const std::string& id) {
    const Article article = WalkTo(state, Draft(id));
    EXPECT_EQ(article.state(), state) << id;
    return article;
  }

  // The shortest way from a draft to `state`.
  Article WalkTo(Article::State state, Article article) {
    if (state == Article::DRAFT) return article;
    if (state == Article::KILLED) return Apply(article, Transition::kKill);
    article = Apply(article, Transition::kSubmit);
    if (state == Article::SUBMITTED) return article;
    article = Apply(article, Transition::kApprove);
    if (state == Article::APPROVED) return article;
    if (state == Article::SCHEDULED) {
      return Apply(article, Transition::kPublish, {"", "", "", TimestampFromNow(std::chrono::hours(1))});
    }
    article = Apply(article, Transition::kPublish);
    if (state == Article::PUBLISHED) return article;
    return Apply(article, Transition::kUnpublish);
  }

  // Changes the working copy's headline as the admin.
  Article Edit(const Article& article, const std::string& headline) {
    v1::UpdateArticleRequest request;
    request.mutable_article()->set_name(article.name());
    request.mutable_article()->set_etag(article.etag());
    request.mutable_article()->set_headline(headline);
    request.mutable_update_mask()->add_paths("headline");
    Article out;
    grpc::ClientContext context;
    const auto status = admin_->UpdateArticle(&context, request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static grpc::Status Get(Stub& stub, const std::string& name, v1::ArticleView view, Article* out) {
    v1::GetArticleRequest request;
    request.set_name(name);
    request.set_view(view);
    grpc::ClientContext context;
    return stub.GetArticle(&context, request, out);
  }

  Article WorkingCopy(const std::string& name) {
    Article article;
    const auto status = Get(*admin_, name, v1::ARTICLE_VIEW_WORKING_COPY, &article);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return article;
  }

  // What a reader gets for `name`: its published version, or the failure.
  grpc::Status ReaderGet(const std::string& name, Article* out = nullptr) {
    Article ignored;
    return Get(*reader_, name, v1::ARTICLE_VIEW_UNSPECIFIED, out != nullptr ? out : &ignored);
  }

  static grpc::Status List(Stub& stub, v1::ArticleView view, std::vector<Article>* out) {
    v1::ListArticlesRequest request;
    request.set_parent(kPublication);
    request.set_page_size(1000);
    request.set_view(view);
    v1::ListArticlesResponse response;
    grpc::ClientContext context;
    const auto status = stub.ListArticles(&context, request, &response);
    out->assign(response.articles().begin(), response.articles().end());
    return status;
  }

  // The names `stub` lists, sorted.
  static std::vector<std::string> ListedNames(Stub& stub, v1::ArticleView view = v1::ARTICLE_VIEW_UNSPECIFIED) {
    std::vector<Article> articles;
    const auto status = List(stub, view, &articles);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& article : articles) names.push_back(article.name());
    std::sort(names.begin(), names.end());
    return names;
  }

  static grpc::Status Revisions(Stub& stub, const std::string& name, std::vector<v1::ArticleRevision>* out) {
    v1::ListArticleRevisionsRequest request;
    request.set_parent(name);
    request.set_page_size(1000);
    v1::ListArticleRevisionsResponse response;
    grpc::ClientContext context;
    const auto status = stub.ListArticleRevisions(&context, request, &response);
    out->assign(response.revisions().begin(), response.revisions().end());
    return status;
  }

  // The article's revisions as the admin sees them, newest first.
  std::vector<v1::ArticleRevision> Revisions(const std::string& name) {
    std::vector<v1::ArticleRevision> revisions;
    const auto status = Revisions(*admin_, name, &revisions);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return revisions;
  }

  // The audit records of `resource`, oldest first.
  std::vector<v1::AuditEvent> AuditOf(const std::string& resource) {
    v1::ListAuditEventsRequest request;
    request.set_filter("resource = \"" + resource + "\"");
    request.set_page_size(1000);
    v1::ListAuditEventsResponse response;
    grpc::ClientContext context;
    const auto status = v1::AccessService::NewStub(galley_.channel())->ListAuditEvents(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<v1::AuditEvent> events(response.audit_events().begin(), response.audit_events().end());
    std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.id() < b.id(); });
    return events;
  }

  // One pass of the scheduler every replica runs: how many it published.
  int RunScheduler() {
    store::ConnectionPool pool(galley_.database().url(), 1);
    store::Database database(pool);
    return store::Publisher(database).PublishDue(store::Clock::now() + std::chrono::seconds(10));
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<Stub> admin_ = v1::ArticleService::NewStub(galley_.channel());
  std::unique_ptr<Stub> reader_ = StubAs(domain::Role::kReader, "website");
};

// ---------------------------------------------------------------------------
// Every state × every transition

// DESIGN.md §1 "Workflow" as a table: the state each transition leads to
// from each state, or kRefused (FAILED_PRECONDITION). Where the diagram is
// silent, the rows follow service/domain/workflow.cc: publishing again from
// SCHEDULED, PUBLISHED and UNPUBLISHED, unpublishing a SCHEDULED article to
// cancel it, and killing anything not killed already.
constexpr Article::State kRefused = Article::STATE_UNSPECIFIED;
constexpr Article::State kDraft = Article::DRAFT;
constexpr Article::State kSubmitted = Article::SUBMITTED;
constexpr Article::State kApproved = Article::APPROVED;
constexpr Article::State kScheduled = Article::SCHEDULED;
constexpr Article::State kPublished = Article::PUBLISHED;
constexpr Article::State kUnpublished = Article::UNPUBLISHED;
constexpr Article::State kKilled = Article::KILLED;

struct WorkflowRow {
  Article::State from;
  std::array<Article::State, 6> to;  // in kTransitions order
};

// clang-format off
const std::vector<WorkflowRow> kWorkflow{
    // from         submit      approve    reject    publish     unpublish     kill
    {kDraft,       {kSubmitted, kRefused,  kRefused, kRefused,   kRefused,     kKilled}},
    {kSubmitted,   {kRefused,   kApproved, kDraft,   kRefused,   kRefused,     kKilled}},
    {kApproved,    {kRefused,   kRefused,  kDraft,   kPublished, kRefused,     kKilled}},
    {kScheduled,   {kRefused,   kRefused,  kRefused, kPublished, kUnpublished, kKilled}},
    {kPublished,   {kRefused,   kRefused,  kRefused, kPublished, kUnpublished, kKilled}},
    {kUnpublished, {kRefused,   kRefused,  kRefused, kPublished, kRefused,     kKilled}},
    {kKilled,      {kRefused,   kRefused,  kRefused, kRefused,   kRefused,     kRefused}},
};
// clang-format on

struct WorkflowCase {
  Article::State from;
  Transition transition;
  Article::State to;
};

std::vector<WorkflowCase> EveryWorkflowCase() {
  std::vector<WorkflowCase> cases;
  for (const auto& row : kWorkflow) {
    for (std::size_t i = 0; i < kTransitions.size(); ++i) cases.push_back({row.from, kTransitions[i], row.to[i]});
  }
  return cases;
}

void PrintTo(const WorkflowCase& c, std::ostream* out) {
  *out << Article::State_Name(c.from) << " --" << NameOf(c.transition) << "--> "
       << (c.to == kRefused ? "refused" : Article::State_Name(c.to));
}

std::string WorkflowCaseName(const ::testing::TestParamInfo<WorkflowCase>& info) {
  return Article::State_Name(info.param.from) + "_" + NameOf(info.param.transition);
}

class ArticleWorkflowTransitionTest : public ArticleWorkflowTest,
                                      public ::testing::WithParamInterface<WorkflowCase> {};

TEST_P(ArticleWorkflowTransitionTest, LeadsWhereTheWorkflowSaysOrIsRefusedNamingTheState) {
  const auto [from, transition, to] = GetParam();
  const Article before = InState(from, "story");
  ASSERT_EQ(before.state(), from);
  const std::size_t revisions = Revisions(before.name()).size();

  Article after;
  const auto status =
      Send(*admin_, transition, before.name(), {before.etag(), "", DefaultNote(transition), std::nullopt}, &after);
  const Article stored = WorkingCopy(before.name());
  if (to == kRefused) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
    EXPECT_EQ(ErrorReason(status), "WRONG_STATE");
    EXPECT_NE(status.error_message().find(" is " + Article::State_Name(from)), std::string::npos)
        << status.error_message();
    EXPECT_EQ(PreconditionSubjects(status), std::vector<std::string>{"STATE " + before.name()});
    EXPECT_EQ(stored.state(), from);
    EXPECT_EQ(stored.etag(), before.etag());
    EXPECT_EQ(Revisions(before.name()).size(), revisions);
  } else {
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(after.state(), to);
    EXPECT_EQ(stored.state(), to);
    EXPECT_EQ(after.revision(), before.revision() + 1);  // every action is a revision
    EXPECT_NE(after.etag(), before.etag());
    EXPECT_EQ(Revisions(before.name()).size(), revisions + 1);
  }
  // Readers see exactly the articles that are PUBLISHED (none of these was
  // live before it was scheduled).
  EXPECT_EQ(ReaderGet(before.name()).ok(), stored.state() == kPublished) << Article::State_Name(stored.state());
}

INSTANTIATE_TEST_SUITE_P(EveryStateAndTransition, ArticleWorkflowTransitionTest,
                         ::testing::ValuesIn(EveryWorkflowCase()), WorkflowCaseName);

// ---------------------------------------------------------------------------
// Etags and request ids

TEST_F(ArticleWorkflowTest, AStaleEtagIsAbortedAndChangesNothing) {
  const Article draft = Draft("stale");
  const Article edited = Edit(draft, "产业拔节生长");
  Article out;
  const auto status = Send(*admin_, Transition::kSubmit, draft.name(), {draft.etag()}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  EXPECT_EQ(ErrorReason(status), "ETAG_MISMATCH");
  const Article stored = WorkingCopy(draft.name());
  EXPECT_EQ(stored.state(), kDraft);
  EXPECT_EQ(stored.etag(), edited.etag());
  EXPECT_EQ(Revisions(draft.name()).size(), 2u);

  // A publisher's stale etag does not publish either.
  const Article approved = InState(kApproved, "stale-publish");
  Edit(approved, "产业拔节生长");
  EXPECT_EQ(Send(*admin_, Transition::kPublish, approved.name(), {approved.etag()}, &out).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(WorkingCopy(approved.name()).state(), kApproved);
  EXPECT_EQ(ReaderGet(approved.name()).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ArticleWorkflowTest, AnEtagIsRequiredAndAStarStandsForAny) {
  const Article draft = Draft("etagless");
  Article out;
  const auto missing = Send(*admin_, Transition::kSubmit, draft.name(), {}, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(missing), std::vector<std::string>{"etag"});
  EXPECT_EQ(WorkingCopy(draft.name()).etag(), draft.etag());

  const auto any = Send(*admin_, Transition::kSubmit, draft.name(), {"*"}, &out);
  ASSERT_TRUE(any.ok()) << any.error_message();
  EXPECT_EQ(out.state(), kSubmitted);
}

TEST_F(ArticleWorkflowTest, ARetriedTransitionReturnsTheSameResultWithoutASecondRevision) {
  const Article approved = InState(kApproved, "retried");
  const Options publish{approved.etag(), "publish-retried-1"};
  Article first;
  ASSERT_TRUE(Send(*admin_, Transition::kPublish, approved.name(), publish, &first).ok());
  const std::size_t revisions = Revisions(approved.name()).size();
  // The answer was lost; the client sends the very same request, whose etag
  // is stale by now.
  Article again;
  const auto status = Send(*admin_, Transition::kPublish, approved.name(), publish, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString()) << again.DebugString();
  EXPECT_EQ(Revisions(approved.name()).size(), revisions);
  EXPECT_EQ(WorkingCopy(approved.name()).etag(), first.etag());
}

TEST_F(ArticleWorkflowTest, ARequestIdReusedForADifferentRequestIsRefused) {
  const Article first = InState(kSubmitted, "first");
  const Article second = InState(kSubmitted, "second");
  Apply(first, Transition::kReject, {"", "reject-1", "请补充数据来源"});

  Article out;
  for (const auto& [name, options] : std::vector<std::pair<std::string, Options>>{
           {second.name(), {second.etag(), "reject-1", "请补充数据来源"}},  // another article
           {first.name(), {first.etag(), "reject-1", "标题太长"}},          // another note
       }) {
    const auto status = Send(*admin_, Transition::kReject, name, options, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name << ": " << status.error_message();
    EXPECT_EQ(ErrorReason(status), "REQUEST_ID_REUSED");
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  }
  const Article untouched = WorkingCopy(second.name());
  EXPECT_EQ(untouched.state(), kSubmitted);
  EXPECT_EQ(untouched.etag(), second.etag());
  EXPECT_EQ(WorkingCopy(first.name()).state_reason(), "请补充数据来源");
}

// ---------------------------------------------------------------------------
// Rejection, the working copy and corrections

TEST_F(ArticleWorkflowTest, ARejectionCarriesTheEditorsNoteBackToTheReporter) {
  auto reporter = StubAs(domain::Role::kReporter, "yin-caixia");
  auto editor = StubAs(domain::Role::kEditor, "desk-editor");
  const Article submitted = Apply(Draft("rejected", reporter.get()), Transition::kSubmit, {}, reporter.get());

  Article out;
  const auto without_note = Send(*editor, Transition::kReject, submitted.name(), {submitted.etag()}, &out);
  EXPECT_EQ(without_note.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(without_note), std::vector<std::string>{"note"});

  const std::string note = "请补充数据来源,并核实产值数字。";
  Apply(submitted, Transition::kReject, {"", "", note}, editor.get());
  Article seen;
  ASSERT_TRUE(Get(*reporter, submitted.name(), v1::ARTICLE_VIEW_UNSPECIFIED, &seen).ok());
  EXPECT_EQ(seen.state(), kDraft);
  EXPECT_EQ(seen.state_reason(), note);
  std::vector<v1::ArticleRevision> history;
  ASSERT_TRUE(Revisions(*reporter, submitted.name(), &history).ok());
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history[0].state_reason(), note);
  EXPECT_EQ(history[0].author(), "desk-editor");

  // Once the reporter submits again, the note has done its job.
  EXPECT_EQ(Apply(seen, Transition::kSubmit, {}, reporter.get()).state_reason(), "");
}

TEST_F(ArticleWorkflowTest, AfterPublishingEditsChangeOnlyTheWorkingCopy) {
  const Article published = InState(kPublished, "live");
  const Article edited = Edit(published, "产业拔节生长(修订稿)");
  EXPECT_EQ(edited.state(), kPublished);
  EXPECT_EQ(edited.revision(), published.revision() + 1);
  EXPECT_EQ(edited.published_revision(), published.revision());

  Article live;
  ASSERT_TRUE(Get(*admin_, published.name(), v1::ARTICLE_VIEW_PUBLISHED, &live).ok());
  EXPECT_EQ(live.headline(), kHeadline);
  EXPECT_EQ(live.revision(), published.revision());
  Article read;
  ASSERT_TRUE(ReaderGet(published.name(), &read).ok());
  EXPECT_EQ(read.headline(), kHeadline);
  std::vector<Article> listed;
  ASSERT_TRUE(List(*reader_, v1::ARTICLE_VIEW_UNSPECIFIED, &listed).ok());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].headline(), kHeadline);

  // Published again, the edit is what readers see; no correction was asked for.
  const Article republished = Apply(edited, Transition::kPublish);
  EXPECT_EQ(republished.published_revision(), republished.revision());
  ASSERT_TRUE(ReaderGet(published.name(), &read).ok());
  EXPECT_EQ(read.headline(), "产业拔节生长(修订稿)");
  EXPECT_EQ(read.corrections_size(), 0);
}

TEST_F(ArticleWorkflowTest, PublishingAgainWithACorrectionAppendsAVisibleCorrection) {
  const Article first = InState(kPublished, "corrected");
  const std::string text = "更正:本报5月12日A3版《产业拔节生长》一文中,产值应为10.2亿元。";
  const Article corrected = Apply(Edit(first, "产业拔节生长 集群磁力强劲(更正)"), Transition::kPublish, {"", "", text});
  ASSERT_EQ(corrected.corrections_size(), 1);
  const auto& correction = corrected.corrections(0);
  EXPECT_EQ(correction.text(), text);
  EXPECT_EQ(correction.corrected_revision(), first.revision());
  EXPECT_EQ(correction.revision(), corrected.revision());
  EXPECT_EQ(corrected.published_revision(), corrected.revision());
  EXPECT_EQ(Micros(correction.create_time()), Micros(corrected.publish_time()));
  EXPECT_GT(Micros(correction.create_time()), Micros(first.publish_time()));

  for (const auto view : {v1::ARTICLE_VIEW_UNSPECIFIED, v1::ARTICLE_VIEW_PUBLISHED}) {
    Article read;
    ASSERT_TRUE(Get(*reader_, first.name(), view, &read).ok());
    EXPECT_EQ(read.headline(), "产业拔节生长 集群磁力强劲(更正)");
    ASSERT_EQ(read.corrections_size(), 1);
    EXPECT_EQ(read.corrections(0).SerializeAsString(), correction.SerializeAsString());
  }

  // A second correction comes after the first.
  const Article again = Apply(corrected, Transition::kPublish, {"", "", "更正:图片说明中的公司名称有误。"});
  ASSERT_EQ(again.corrections_size(), 2);
  EXPECT_EQ(again.corrections(0).text(), text);
  EXPECT_EQ(again.corrections(1).corrected_revision(), corrected.revision());
}

TEST_F(ArticleWorkflowTest, ACorrectionToAnArticleNeverPublishedIsRefused) {
  for (const auto& [state, id] : {std::pair{kApproved, "approved"}, std::pair{kScheduled, "scheduled"}}) {
    const Article article = InState(state, id);
    Article out;
    const auto status = Send(*admin_, Transition::kPublish, article.name(), {article.etag(), "", "更正"}, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"correction"});
    const Article stored = WorkingCopy(article.name());
    EXPECT_EQ(stored.state(), state);
    EXPECT_EQ(stored.etag(), article.etag());
    EXPECT_EQ(stored.corrections_size(), 0);
    EXPECT_EQ(ReaderGet(article.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

// ---------------------------------------------------------------------------
// Scheduling

TEST_F(ArticleWorkflowTest, AFutureTimeSchedulesTheArticleAndItGoesLiveWhenDue) {
  const Article approved = InState(kApproved, "scheduled");
  const Timestamp in_an_hour = TimestampFromNow(std::chrono::hours(1));
  const Article scheduled = Apply(approved, Transition::kPublish, {"", "", "", in_an_hour});
  EXPECT_EQ(scheduled.state(), kScheduled);
  EXPECT_EQ(Micros(scheduled.publish_time()), Micros(in_an_hour));
  EXPECT_EQ(scheduled.published_revision(), 0);
  EXPECT_EQ(ReaderGet(approved.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(RunScheduler(), 0) << "not due yet";

  // Moved forward to a few seconds from now, it goes live once its time has come.
  const Timestamp soon = TimestampFromNow(kScheduleLead);
  const Article sooner = Apply(scheduled, Transition::kPublish, {"", "", "", soon});
  EXPECT_EQ(sooner.state(), kScheduled);
  SleepUntil(soon);
  EXPECT_EQ(RunScheduler(), 1);
  const Article stored = WorkingCopy(approved.name());
  EXPECT_EQ(stored.state(), kPublished);
  EXPECT_EQ(stored.published_revision(), stored.revision());
  EXPECT_TRUE(ReaderGet(approved.name()).ok());
  EXPECT_EQ(Revisions(approved.name())[0].author(), store::Publisher::kPrincipal);
  EXPECT_EQ(RunScheduler(), 0) << "published once";
}

TEST_F(ArticleWorkflowTest, UnpublishingAScheduledArticleCancelsTheSchedule) {
  // Approved first: on a busy machine getting there can take longer than the schedule's lead.
  const Article approved = InState(kApproved, "cancelled");
  const Timestamp due = TimestampFromNow(kScheduleLead);
  const Article scheduled = Apply(approved, Transition::kPublish, {"", "", "", due});
  ASSERT_EQ(scheduled.state(), kScheduled);
  EXPECT_EQ(Apply(scheduled, Transition::kUnpublish).state(), kUnpublished);

  SleepUntil(due);
  EXPECT_EQ(RunScheduler(), 0);
  EXPECT_EQ(WorkingCopy(scheduled.name()).state(), kUnpublished);
  EXPECT_EQ(ReaderGet(scheduled.name()).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ArticleWorkflowTest, APastPublishTimePublishesAtOnceAsOfNow) {
  const Timestamp yesterday = TimestampFromNow(-std::chrono::hours(24));
  const Article published = Apply(InState(kApproved, "backdated"), Transition::kPublish, {"", "", "", yesterday});
  EXPECT_EQ(published.state(), kPublished);
  // Stamped with the server's clock, not backdated to the time asked for.
  EXPECT_LT(std::abs(Micros(published.publish_time()) - Micros(TimestampFromNow())), 60 * 1000 * 1000);
  EXPECT_TRUE(ReaderGet(published.name()).ok());
}

TEST_F(ArticleWorkflowTest, AScheduledCorrectionIsAppendedWhenTheScheduleFires) {
  const Article first = InState(kPublished, "scheduled-correction");
  const std::string text = "更正:产值应为10.2亿元。";
  const Article edited = Edit(first, "产业拔节生长(更正)");
  const Timestamp due = TimestampFromNow(kScheduleLead);
  const Article scheduled = Apply(edited, Transition::kPublish, {"", "", text, due});
  EXPECT_EQ(scheduled.state(), kScheduled);
  EXPECT_EQ(scheduled.corrections_size(), 0);
  Article read;
  ASSERT_TRUE(ReaderGet(first.name(), &read).ok()) << "the live version stays live until the schedule fires";
  EXPECT_EQ(read.headline(), kHeadline);

  SleepUntil(due);
  EXPECT_EQ(RunScheduler(), 1);
  // The scheduler ran as another replica would: the server learns of its
  // change through the notifier, within milliseconds, and drops what it
  // kept of the article then.
  for (int attempt = 0; attempt < 100; ++attempt) {
    ASSERT_TRUE(ReaderGet(first.name(), &read).ok());
    if (read.headline() != kHeadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(read.headline(), "产业拔节生长(更正)");
  ASSERT_EQ(read.corrections_size(), 1);
  EXPECT_EQ(read.corrections(0).text(), text);
  EXPECT_EQ(read.corrections(0).corrected_revision(), first.revision());
  EXPECT_EQ(read.corrections(0).revision(), read.published_revision());
}

// ---------------------------------------------------------------------------
// Unpublishing and killing

TEST_F(ArticleWorkflowTest, UnpublishedAndKilledArticlesAreGoneForReadersButKeptForEditors) {
  const Article staying = InState(kPublished, "staying");
  const Article unpublished = Apply(InState(kPublished, "unpublished"), Transition::kUnpublish, {"", "", "署名有误"});
  const Article killed = Apply(InState(kPublished, "killed"), Transition::kKill, {"", "", "法院禁令"});

  for (const auto& name : {unpublished.name(), killed.name()}) {
    for (const auto view : {v1::ARTICLE_VIEW_UNSPECIFIED, v1::ARTICLE_VIEW_PUBLISHED}) {
      Article out;
      EXPECT_EQ(Get(*reader_, name, view, &out).error_code(), grpc::StatusCode::NOT_FOUND) << name;
      EXPECT_EQ(Get(*admin_, name, v1::ARTICLE_VIEW_PUBLISHED, &out).error_code(), grpc::StatusCode::NOT_FOUND)
          << name << ": nothing of it is live";
    }
  }
  EXPECT_EQ(ListedNames(*reader_), std::vector<std::string>{staying.name()});
  EXPECT_EQ(ListedNames(*reader_, v1::ARTICLE_VIEW_PUBLISHED), std::vector<std::string>{staying.name()});

  auto editor = StubAs(domain::Role::kEditor, "desk-editor");
  EXPECT_EQ(ListedNames(*editor), (std::vector<std::string>{killed.name(), staying.name(), unpublished.name()}));
  for (const auto& [article, state, reason] : std::vector<std::tuple<Article, Article::State, std::string>>{
           {unpublished, kUnpublished, "署名有误"}, {killed, kKilled, "法院禁令"}}) {
    Article seen;
    ASSERT_TRUE(Get(*editor, article.name(), v1::ARTICLE_VIEW_UNSPECIFIED, &seen).ok());
    EXPECT_EQ(seen.state(), state);
    EXPECT_EQ(seen.state_reason(), reason);
    EXPECT_EQ(seen.headline(), kHeadline);
    std::vector<v1::ArticleRevision> history;
    ASSERT_TRUE(Revisions(*editor, article.name(), &history).ok());
    ASSERT_EQ(history.size(), static_cast<std::size_t>(seen.revision()));
    EXPECT_EQ(history[0].state_reason(), reason);
  }
}

TEST_F(ArticleWorkflowTest, AKillNeedsAReasonAndKilledContentStaysAsItWas) {
  const Article published = InState(kPublished, "kill-me");
  Article out;
  const auto without_reason = Send(*admin_, Transition::kKill, published.name(), {published.etag()}, &out);
  EXPECT_EQ(without_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(without_reason), std::vector<std::string>{"reason"});
  EXPECT_TRUE(ReaderGet(published.name()).ok());

  const Article killed = Apply(published, Transition::kKill);
  v1::UpdateArticleRequest update;
  update.mutable_article()->set_name(killed.name());
  update.mutable_article()->set_etag(killed.etag());
  update.mutable_article()->set_headline("改写");
  update.mutable_update_mask()->add_paths("headline");
  grpc::ClientContext context;
  EXPECT_EQ(admin_->UpdateArticle(&context, update, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(WorkingCopy(killed.name()).etag(), killed.etag());
}

// ---------------------------------------------------------------------------
// Roles

TEST_F(ArticleWorkflowTest, AReporterSubmitsOnlyTheirOwnDraft) {
  auto yin = StubAs(domain::Role::kReporter, "yin-caixia");
  auto liu = StubAs(domain::Role::kReporter, "liu-yuming");
  const Article mine = Draft("yin-story", yin.get());
  const Article theirs = Draft("liu-story", liu.get());

  Article out;
  for (const auto& etag : {theirs.etag(), std::string("*"), std::string("stale")}) {
    const auto status = Send(*yin, Transition::kSubmit, theirs.name(), {etag}, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << etag << ": " << status.error_message();
  }
  EXPECT_EQ(WorkingCopy(theirs.name()).etag(), theirs.etag());

  const Article submitted = Apply(mine, Transition::kSubmit, {}, yin.get());
  EXPECT_EQ(submitted.state(), kSubmitted);
  // Submitted, it is out of the reporter's hands.
  EXPECT_EQ(Send(*yin, Transition::kSubmit, mine.name(), {submitted.etag()}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ArticleWorkflowTest, AnotherReporterReplayingARequestIdGetsNothingOfTheDraft) {
  auto yin = StubAs(domain::Role::kReporter, "yin-caixia");
  auto liu = StubAs(domain::Role::kReporter, "liu-yuming");
  const std::string secret = "独家:尚未发表的调查";
  const Article draft = Draft("liu-scoop", liu.get(), secret);
  const Options submit{"*", "submit-scoop-1"};
  Article out;
  ASSERT_TRUE(Send(*liu, Transition::kSubmit, draft.name(), submit, &out).ok());

  // The very same request from someone else is not a retry of it: the
  // first call's result (the draft) must not reach them.
  Article leaked;
  const auto status = Send(*yin, Transition::kSubmit, draft.name(), submit, &leaked);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.error_message().find(secret), std::string::npos);
  EXPECT_TRUE(leaked.headline().empty()) << leaked.DebugString();
  // Its author's retry still returns the first result.
  Article again;
  ASSERT_TRUE(Send(*liu, Transition::kSubmit, draft.name(), submit, &again).ok());
  EXPECT_EQ(again.etag(), out.etag());
}

TEST_F(ArticleWorkflowTest, EditorsApproveAndRejectPublishersPublishUnpublishAndKill) {
  // Each transition is tried on an article in a state it is allowed from,
  // so that only the role can refuse it.
  const std::vector<std::tuple<Transition, Article::State, domain::Role>> transitions{
      {Transition::kApprove, kSubmitted, domain::Role::kEditor},
      {Transition::kReject, kSubmitted, domain::Role::kEditor},
      {Transition::kPublish, kApproved, domain::Role::kPublisher},
      {Transition::kUnpublish, kPublished, domain::Role::kPublisher},
      {Transition::kKill, kPublished, domain::Role::kPublisher},
  };
  for (const auto role : {domain::Role::kReporter, domain::Role::kEditor, domain::Role::kPublisher}) {
    const std::string principal = domain::RoleName(role);
    auto stub = StubAs(role, principal);
    for (const auto& [transition, from, least] : transitions) {
      const Article article = InState(from, principal + "-" + NameOf(transition));
      Article out;
      const auto status =
          Send(*stub, transition, article.name(), {article.etag(), "", DefaultNote(transition)}, &out);
      if (role >= least) {
        EXPECT_TRUE(status.ok()) << principal << " " << NameOf(transition) << ": " << status.error_message();
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << principal << " " << NameOf(transition);
        EXPECT_EQ(WorkingCopy(article.name()).etag(), article.etag());
      }
    }
  }
}

TEST_F(ArticleWorkflowTest, AReporterNeverSeesAnotherReportersWorkingCopy) {
  auto yin = StubAs(domain::Role::kReporter, "yin-caixia");
  auto liu = StubAs(domain::Role::kReporter, "liu-yuming");
  const std::string secret = "独家:尚未发表的调查";
  const Article draft = Draft("liu-draft", liu.get(), secret);

  Article out;
  for (const auto view : {v1::ARTICLE_VIEW_UNSPECIFIED, v1::ARTICLE_VIEW_WORKING_COPY, v1::ARTICLE_VIEW_PUBLISHED}) {
    const auto status = Get(*yin, draft.name(), view, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << v1::ArticleView_Name(view);
    EXPECT_EQ(status.error_message().find(secret), std::string::npos);
  }
  EXPECT_TRUE(ListedNames(*yin).empty());
  EXPECT_TRUE(ListedNames(*yin, v1::ARTICLE_VIEW_WORKING_COPY).empty());
  std::vector<v1::ArticleRevision> history;
  EXPECT_EQ(Revisions(*yin, draft.name(), &history).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(history.empty());
  ASSERT_TRUE(Get(*liu, draft.name(), v1::ARTICLE_VIEW_UNSPECIFIED, &out).ok());
  EXPECT_EQ(out.headline(), secret);

  // Once it is published, the other reporter sees what readers see, and
  // still not the working copy.
  Edit(Apply(Apply(Apply(draft, Transition::kSubmit), Transition::kApprove), Transition::kPublish), "未发表的修改");
  ASSERT_TRUE(Get(*yin, draft.name(), v1::ARTICLE_VIEW_UNSPECIFIED, &out).ok());
  EXPECT_EQ(out.headline(), secret);
  EXPECT_EQ(Get(*yin, draft.name(), v1::ARTICLE_VIEW_WORKING_COPY, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ArticleWorkflowTest, ReadersSeeOnlyPublishedContent) {
  const Article draft = InState(kDraft, "draft");
  const Article approved = InState(kApproved, "approved");
  const Article published = InState(kPublished, "published");
  Edit(published, "未发表的修改");

  Article out;
  EXPECT_EQ(ReaderGet(draft.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReaderGet(approved.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(ReaderGet(published.name(), &out).ok());
  EXPECT_EQ(out.headline(), kHeadline);
  EXPECT_EQ(out.revision(), published.revision());
  EXPECT_EQ(ListedNames(*reader_), std::vector<std::string>{published.name()});

  // Asking for a working copy is refused outright; so is the history.
  EXPECT_EQ(Get(*reader_, published.name(), v1::ARTICLE_VIEW_WORKING_COPY, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::vector<Article> listed;
  EXPECT_EQ(List(*reader_, v1::ARTICLE_VIEW_WORKING_COPY, &listed).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  std::vector<v1::ArticleRevision> history;
  EXPECT_EQ(Revisions(*reader_, published.name(), &history).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// ---------------------------------------------------------------------------
// Audit

TEST_F(ArticleWorkflowTest, EveryTransitionIsAuditedAndARefusedOneAsFailed) {
  auto publisher = StubAs(domain::Role::kPublisher, "desk-publisher");
  auto reporter = StubAs(domain::Role::kReporter, "yin-caixia");
  Article article = Draft("audited");
  article = Apply(article, Transition::kSubmit, {"", "submit-1"}, publisher.get());
  article = Apply(article, Transition::kApprove, {"", "approve-1"}, publisher.get());
  article = Apply(article, Transition::kPublish, {"", "publish-1"}, publisher.get());
  Article out;
  EXPECT_EQ(Send(*publisher, Transition::kApprove, article.name(), {article.etag(), "approve-2"}, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Send(*reporter, Transition::kKill, article.name(), {article.etag(), "kill-1", "法院禁令"}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const std::string service = "galley.v1.ArticleService/";
  using Record = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  const std::vector<Record> expected{
      // principal, role, method, request id, outcome
      {"test-admin", "admin", service + "CreateArticle", "", "OK"},
      {"desk-publisher", "publisher", service + "SubmitArticle", "submit-1", "OK"},
      {"desk-publisher", "publisher", service + "ApproveArticle", "approve-1", "OK"},
      {"desk-publisher", "publisher", service + "PublishArticle", "publish-1", "OK"},
      {"desk-publisher", "publisher", service + "ApproveArticle", "approve-2", "FAILED_PRECONDITION"},
      {"yin-caixia", "reporter", service + "KillArticle", "kill-1", "PERMISSION_DENIED"},
  };
  std::vector<Record> recorded;
  for (const auto& event : AuditOf(article.name())) {
    EXPECT_EQ(event.resource(), article.name());
    EXPECT_TRUE(event.has_time());
    recorded.emplace_back(event.principal(), event.role(), event.method(), event.request_id(), event.outcome());
  }
  EXPECT_EQ(recorded, expected);
}

}  // namespace
}  // namespace galley
