#include "newsroom_load.h"

#include <grpcpp/grpcpp.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <pqxx/pqxx>

#include "figures.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "support/bearer_token.h"

namespace galley::testing {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kCallDeadline{5};
constexpr std::chrono::milliseconds kRetryPause{50};
constexpr std::chrono::milliseconds kResumePause{100};
// Consumers of one address share this many channels, as a site's few
// front-end processes would.
constexpr int kChannelsPerAddress = 10;

const char* kStepNames[kWorkflowSteps] = {"create", "submit", "approve", "publish"};

// Failures a careful client sends again with the same request_id: the
// server or its database was away, the answer did not come in time, or the
// server shut down as the call arrived (CANCELLED, the writers never cancel).
bool Retriable(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::CANCELLED;
}

std::string CodeName(grpc::StatusCode code) {
  static const std::map<grpc::StatusCode, std::string> kNames{
      {grpc::StatusCode::OK, "OK"},
      {grpc::StatusCode::CANCELLED, "CANCELLED"},
      {grpc::StatusCode::UNKNOWN, "UNKNOWN"},
      {grpc::StatusCode::INVALID_ARGUMENT, "INVALID_ARGUMENT"},
      {grpc::StatusCode::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED"},
      {grpc::StatusCode::NOT_FOUND, "NOT_FOUND"},
      {grpc::StatusCode::ALREADY_EXISTS, "ALREADY_EXISTS"},
      {grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED"},
      {grpc::StatusCode::FAILED_PRECONDITION, "FAILED_PRECONDITION"},
      {grpc::StatusCode::ABORTED, "ABORTED"},
      {grpc::StatusCode::UNIMPLEMENTED, "UNIMPLEMENTED"},
      {grpc::StatusCode::INTERNAL, "INTERNAL"},
      {grpc::StatusCode::UNAVAILABLE, "UNAVAILABLE"},
      {grpc::StatusCode::UNAUTHENTICATED, "UNAUTHENTICATED"},
  };
  const auto it = kNames.find(code);
  return it != kNames.end() ? it->second : std::to_string(static_cast<int>(code));
}

std::unique_ptr<grpc::ClientContext> CallContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  return context;
}

// Sends step `step` of `name`'s workflow with `request_id`.
grpc::Status SendStep(v1::ArticleService::Stub& stub, int step, const std::string& publication,
                      const std::string& name, const std::string& request_id) {
  v1::Article article;
  const auto context = CallContext();
  switch (step) {
    case 0: {
      v1::CreateArticleRequest request;
      request.set_parent("publications/" + publication);
      request.set_article_id(name.substr(name.rfind('/') + 1));
      request.set_request_id(request_id);
      request.mutable_article()->set_headline("赣州稀土产业链再添新项目 " + request.article_id());
      auto* paragraph = request.mutable_article()->add_body();
      paragraph->set_kind(v1::Block::PARAGRAPH);
      paragraph->set_text(
          "近日，赣州市稀土产业链再添新项目，总投资额达十二亿元，预计明年年底建成投产。");
      return stub.CreateArticle(context.get(), request, &article);
    }
    case 1: {
      v1::SubmitArticleRequest request;
      request.set_name(name);
      request.set_etag("*");
      request.set_request_id(request_id);
      return stub.SubmitArticle(context.get(), request, &article);
    }
    case 2: {
      v1::ApproveArticleRequest request;
      request.set_name(name);
      request.set_etag("*");
      request.set_request_id(request_id);
      return stub.ApproveArticle(context.get(), request, &article);
    }
    default: {
      v1::PublishArticleRequest request;
      request.set_name(name);
      request.set_etag("*");
      request.set_request_id(request_id);
      return stub.PublishArticle(context.get(), request, &article);
    }
  }
}

}  // namespace

struct NewsroomWriters::Writer {
  int index = 0;
  std::thread thread;
  mutable std::mutex mutex;  // guards the two below
  std::vector<WrittenArticle> articles;
  WriterFigures figures;
};

NewsroomWriters::NewsroomWriters(std::vector<std::string> addresses, const std::string& token,
                                 const std::string& publication, int writers)
    : addresses_(std::move(addresses)), token_(token), publication_(publication) {
  for (int i = 0; i < writers; ++i) {
    writers_.push_back(std::make_unique<Writer>());
    writers_.back()->index = i;
  }
  running_ = writers;
  for (auto& writer : writers_) {
    writer->thread = std::thread([this, w = writer.get()] {
      Run(*w);
      --running_;
    });
  }
}

NewsroomWriters::~NewsroomWriters() { Stop(); }

bool NewsroomWriters::WaitForAcknowledged(int calls, std::chrono::seconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  while (acknowledged_.load() <= calls) {
    if (Clock::now() > deadline || running_.load() == 0) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void NewsroomWriters::Stop(std::chrono::seconds give_up) {
  if (!stopping_.exchange(true)) give_up_at_ = (Clock::now() + give_up).time_since_epoch().count();
  for (auto& writer : writers_) {
    if (writer->thread.joinable()) writer->thread.join();
  }
}

void NewsroomWriters::Run(Writer& writer) {
  std::vector<std::unique_ptr<v1::ArticleService::Stub>> stubs;
  for (const auto& address : addresses_) stubs.push_back(v1::ArticleService::NewStub(ChannelWithToken(address, token_)));
  std::size_t at = writer.index % addresses_.size();
  const auto record = [&](auto&& change) {
    std::lock_guard<std::mutex> lock(writer.mutex);
    change(writer.figures, writer.articles.back());
  };
  for (int n = 0; !stopping_; ++n) {
    {
      std::lock_guard<std::mutex> lock(writer.mutex);
      writer.articles.push_back(
          {"publications/" + publication_ + "/articles/w" + std::to_string(writer.index) + "-" + std::to_string(n)});
    }
    const std::string name = writer.articles.back().name;
    for (int step = 0; step < kWorkflowSteps; ++step) {
      const std::string request_id = name.substr(name.rfind('/') + 1) + "-" + kStepNames[step];
      for (;;) {
        if (stopping_ && Clock::now().time_since_epoch().count() > give_up_at_.load()) {
          record([](WriterFigures&, WrittenArticle& article) { article.unacknowledged = true; });
          return;
        }
        const grpc::Status status = SendStep(*stubs[at], step, publication_, name, request_id);
        if (status.ok()) {
          ++acknowledged_;
          record([&](WriterFigures& figures, WrittenArticle& article) {
            ++figures.calls;
            ++figures.acknowledged;
            article.acknowledged = step + 1;
          });
          break;
        }
        if (!Retriable(status)) {
          record([&](WriterFigures& figures, WrittenArticle& article) {
            ++figures.calls;
            ++figures.unexpected[CodeName(status.error_code()) + ": " + status.error_message()];
            article.unacknowledged = true;
          });
          return;
        }
        record([&](WriterFigures& figures, WrittenArticle&) {
          ++figures.calls;
          ++(status.error_code() == grpc::StatusCode::CANCELLED ? figures.cancelled : figures.retried);
        });
        at = (at + 1) % addresses_.size();
        std::this_thread::sleep_for(kRetryPause);
      }
      if (stopping_) return;
    }
  }
}

std::vector<WrittenArticle> NewsroomWriters::Articles() const {
  std::vector<WrittenArticle> all;
  for (const auto& writer : writers_) {
    std::lock_guard<std::mutex> lock(writer->mutex);
    all.insert(all.end(), writer->articles.begin(), writer->articles.end());
  }
  return all;
}

WriterFigures NewsroomWriters::Figures() const {
  WriterFigures total;
  for (const auto& writer : writers_) {
    std::lock_guard<std::mutex> lock(writer->mutex);
    total.calls += writer->figures.calls;
    total.acknowledged += writer->figures.acknowledged;
    total.retried += writer->figures.retried;
    total.cancelled += writer->figures.cancelled;
    for (const auto& [what, count] : writer->figures.unexpected) total.unexpected[what] += count;
  }
  return total;
}

struct FeedConsumers::Consumer {
  int index = 0;
  std::thread thread;
  mutable std::mutex mutex;  // guards the three below
  grpc::ClientContext* context = nullptr;  // of the stream open now
  std::int64_t last = 0;                   // the last sequence processed
  ConsumerFigures figures;
};

FeedConsumers::FeedConsumers(std::vector<std::string> addresses, const std::string& token, int consumers)
    : addresses_(std::move(addresses)), token_(token) {
  for (int i = 0; i < consumers; ++i) {
    consumers_.push_back(std::make_unique<Consumer>());
    consumers_.back()->index = i;
  }
  for (auto& consumer : consumers_) consumer->thread = std::thread([this, c = consumer.get()] { Run(*c); });
}

FeedConsumers::~FeedConsumers() { Stop(); }

void FeedConsumers::Run(Consumer& consumer) {
  std::vector<std::unique_ptr<v1::FeedService::Stub>> stubs;
  for (const auto& address : addresses_) {
    grpc::ChannelArguments arguments;
    // Channels with equal arguments share one connection in gRPC; these
    // stand for kChannelsPerAddress separate client processes.
    arguments.SetInt("galley.test.channel", consumer.index % kChannelsPerAddress);
    stubs.push_back(v1::FeedService::NewStub(ChannelWithToken(address, token_, arguments)));
  }
  std::size_t at = consumer.index % addresses_.size();
  while (!stopping_) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    v1::StreamChangesRequest request;
    {
      std::lock_guard<std::mutex> lock(consumer.mutex);
      if (stopping_) break;  // Stop() cancels only the contexts it can see
      consumer.context = &context;
      request.set_after_sequence(consumer.last);
    }
    auto stream = stubs[at]->StreamChanges(&context, request);
    v1::StreamChangesResponse message;
    while (stream->Read(&message)) {
      std::lock_guard<std::mutex> lock(consumer.mutex);
      ConsumerFigures& figures = consumer.figures;
      figures.highest_head = std::max(figures.highest_head, message.head_sequence());
      for (const auto& change : message.changes()) {
        const std::int64_t sequence = change.sequence();
        ++figures.delivered;
        if (sequence == consumer.last + 1) {
          consumer.last = sequence;
          continue;
        }
        if (sequence <= consumer.last) {
          ++figures.repeats;
        } else {
          ++figures.gaps;
        }
        if (figures.first_problem.empty()) {
          figures.first_problem = "consumer " + std::to_string(consumer.index) + " got " + std::to_string(sequence) +
                                  " after " + std::to_string(consumer.last);
        }
        consumer.last = std::max(consumer.last, sequence);
      }
    }
    const grpc::Status status = stream->Finish();
    std::lock_guard<std::mutex> lock(consumer.mutex);
    consumer.context = nullptr;
    ++consumer.figures.endings[CodeName(status.error_code())];
    if (stopping_) break;
    ++consumer.figures.resumes;
    at = (at + 1) % addresses_.size();
    std::this_thread::sleep_for(kResumePause);
  }
}

bool FeedConsumers::WaitForAll(std::int64_t sequence, std::chrono::seconds timeout) const {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    bool all = true;
    for (const auto& consumer : consumers_) {
      std::lock_guard<std::mutex> lock(consumer->mutex);
      all = all && consumer->last >= sequence;
    }
    if (all) return true;
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void FeedConsumers::Stop() {
  stopping_ = true;
  for (auto& consumer : consumers_) {
    std::lock_guard<std::mutex> lock(consumer->mutex);
    if (consumer->context != nullptr) consumer->context->TryCancel();
  }
  for (auto& consumer : consumers_) {
    if (consumer->thread.joinable()) consumer->thread.join();
  }
}

ConsumerFigures FeedConsumers::Figures() const {
  ConsumerFigures total;
  bool first = true;
  for (const auto& consumer : consumers_) {
    std::lock_guard<std::mutex> lock(consumer->mutex);
    const ConsumerFigures& figures = consumer->figures;
    total.delivered += figures.delivered;
    total.resumes += figures.resumes;
    total.gaps += figures.gaps;
    total.repeats += figures.repeats;
    total.lowest_last = first ? consumer->last : std::min(total.lowest_last, consumer->last);
    total.highest_head = std::max(total.highest_head, figures.highest_head);
    for (const auto& [code, count] : figures.endings) total.endings[code] += count;
    if (total.first_problem.empty()) total.first_problem = figures.first_problem;
    first = false;
  }
  return total;
}

LoadOutcome ExpectNothingLost(const std::string& url, NewsroomWriters& writers, FeedConsumers& consumers,
                              std::chrono::seconds give_up) {
  writers.Stop(give_up);
  // Before anything is checked against the database: what it holds no
  // longer changes.
  const std::int64_t head = SettledHeadSequence(url);
  LoadOutcome outcome;
  outcome.written = writers.Figures();
  EXPECT_TRUE(outcome.written.unexpected.empty()) << UnexpectedFailures(outcome.written);
  const auto articles = writers.Articles();
  outcome.articles = articles.size();
  for (const auto& article : articles) outcome.unacknowledged += article.unacknowledged ? 1 : 0;
  const auto problems = CheckStoredArticles(url, articles);
  EXPECT_TRUE(problems.empty()) << problems.size() << " articles are not as acknowledged:\n" << FirstLines(problems);

  outcome.head = head;
  EXPECT_TRUE(consumers.WaitForAll(outcome.head, std::chrono::seconds(60)))
      << "consumers did not all reach the head, " << outcome.head;
  consumers.Stop();
  outcome.delivered = consumers.Figures();
  EXPECT_EQ(outcome.delivered.gaps, 0) << outcome.delivered.first_problem;
  EXPECT_EQ(outcome.delivered.repeats, 0) << outcome.delivered.first_problem;
  EXPECT_EQ(outcome.delivered.lowest_last, outcome.head);

  const WriterFigures& w = outcome.written;
  const ConsumerFigures& c = outcome.delivered;
  PrintFigures("writers: %d calls acknowledged, %d attempts failed UNAVAILABLE or DEADLINE_EXCEEDED and %d ended "
              "CANCELLED by a server shutting down, each sent again; %zu articles, %d with a step given up on; %zu "
              "not as acknowledged. consumers: %lld changes delivered (head %lld), %d streams opened again, %d gaps, "
              "%d repeats\n",
              w.acknowledged, w.retried, w.cancelled, outcome.articles, outcome.unacknowledged, problems.size(),
              static_cast<long long>(c.delivered), static_cast<long long>(outcome.head), c.resumes, c.gaps,
              c.repeats);
  return outcome;
}

std::string UnexpectedFailures(const WriterFigures& figures) {
  std::string text;
  for (const auto& [what, count] : figures.unexpected) text += std::to_string(count) + " × " + what + "\n";
  return text;
}

std::string FirstLines(const std::vector<std::string>& lines, std::size_t most) {
  std::string text;
  for (std::size_t i = 0; i < lines.size() && i < most; ++i) text += lines[i] + "\n";
  return text;
}

std::int64_t HeadSequence(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  return tx.exec1("SELECT COALESCE(max(sequence), 0) FROM changes")[0].as<std::int64_t>();
}

std::int64_t SettledHeadSequence(const std::string& url, std::chrono::milliseconds quiet, std::chrono::seconds limit) {
  const auto give_up = Clock::now() + limit;
  std::int64_t head = HeadSequence(url);
  for (auto unchanged_since = Clock::now(); Clock::now() - unchanged_since < quiet;) {
    if (Clock::now() > give_up) {
      ADD_FAILURE() << "the change log did not stop growing within " << limit.count() << " s (at " << head << ")";
      return head;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::int64_t now = HeadSequence(url);
    if (now != head) {
      head = now;
      unchanged_since = Clock::now();
    }
  }
  return head;
}

std::vector<std::string> CheckStoredArticles(const std::string& url, const std::vector<WrittenArticle>& articles) {
  static const char* kStateAfter[kWorkflowSteps + 1] = {"", "DRAFT", "SUBMITTED", "APPROVED", "PUBLISHED"};
  struct Stored {
    std::string state;
    int revision = 0;
    int revisions = 0;
    int audited = 0;
    int published_changes = 0;
  };
  std::map<std::string, Stored> stored;  // by name
  {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    const auto rows = tx.exec(
        "SELECT 'publications/' || a.publication_id || '/articles/' || a.id, a.state, a.revision, "
        "(SELECT count(*) FROM article_revisions r WHERE r.publication_id = a.publication_id AND r.article_id = a.id), "
        "(SELECT count(*) FROM audit_events e WHERE e.resource = 'publications/' || a.publication_id || '/articles/' "
        "|| a.id AND e.outcome = 'OK'), "
        "(SELECT count(*) FROM changes c WHERE c.publication_id = a.publication_id AND c.article_id = a.id "
        "AND c.type = 'ARTICLE_PUBLISHED') "
        "FROM articles a");
    for (const auto& row : rows) {
      stored[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<int>(), row[3].as<int>(),
                                          row[4].as<int>(), row[5].as<int>()};
    }
  }
  std::vector<std::string> problems;
  for (const auto& article : articles) {
    const auto it = stored.find(article.name);
    int steps = 0;  // that the rows show happened
    if (it != stored.end()) {
      const Stored& row = it->second;
      while (steps <= kWorkflowSteps && row.state != kStateAfter[steps]) ++steps;
      if (steps > kWorkflowSteps) {
        problems.push_back(article.name + " is " + row.state);
        continue;
      }
      const int live_changes = steps == kWorkflowSteps ? 1 : 0;
      if (row.revision != steps || row.revisions != steps || row.audited != steps ||
          row.published_changes != live_changes) {
        problems.push_back(article.name + " is " + row.state + " but has revision " + std::to_string(row.revision) +
                           ", " + std::to_string(row.revisions) + " revisions, " + std::to_string(row.audited) +
                           " OK audit records and " + std::to_string(row.published_changes) +
                           " ARTICLE_PUBLISHED changes; expected " + std::to_string(steps) + ", " +
                           std::to_string(steps) + ", " + std::to_string(steps) + " and " +
                           std::to_string(live_changes));
      }
    }
    const bool acknowledged_state = steps == article.acknowledged;
    const bool one_more = article.unacknowledged && steps == article.acknowledged + 1;
    if (!acknowledged_state && !one_more) {
      problems.push_back(article.name + ": " + std::to_string(article.acknowledged) + " steps acknowledged" +
                         (article.unacknowledged ? " and one more sent" : "") + ", but the rows show " +
                         std::to_string(steps));
    }
  }
  return problems;
}

}  // namespace galley::testing
