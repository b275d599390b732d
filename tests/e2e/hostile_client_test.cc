// Clients that misbehave against the real `galley serve` (issue 8): thousands
// of change streams opened at once, streams whose client never reads, calls
// cancelled midway, and requests past the message size limit.
//
// Pass criteria: the server's threads stay within what its flags allow
// (handler threads plus one per change stream it serves), its memory within
// the bound this file states, the database pool is whole afterwards, no
// photo is stored in part, and a well-behaved client is served throughout.
// The figures are printed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <future>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "e2e_client.h"
#include "figures.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "galley_process.h"
#include "metrics_scrape.h"
#include "support/article_driver.h"
#include "support/bearer_token.h"
#include "support/photo_upload.h"
#include "support/sample_images.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kHandlerThreads = 8;
constexpr int kMaxStreams = 100;
// Threads of gRPC's own, the pool's, the notifier's, the scheduler's and
// the metrics endpoint's come and go besides the handlers and streams.
constexpr int kThreadSlack = 40;
// What the server may hold beyond its resting size while 100 streams stall:
// the change feed's recent changes (32 MiB at most) and, per stream, the
// message it is writing and what the transport buffers for it.
constexpr long kStalledStreamsMemoryMib = 160;

struct ProcessStatus {
  int threads = 0;
  long rss_mib = 0;
  long peak_rss_mib = 0;  // VmHWM
};

ProcessStatus StatusOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  ProcessStatus status;
  for (std::string key; in >> key;) {
    long value = 0;
    if (key == "Threads:" && in >> value) status.threads = static_cast<int>(value);
    if (key == "VmRSS:" && in >> value) status.rss_mib = value / 1024;
    if (key == "VmHWM:" && in >> value) status.peak_rss_mib = value / 1024;
  }
  return status;
}

// AddressSanitizer keeps freed memory in quarantine (256 MiB by default,
// and 1 MiB more in each thread's own), which would read as growth; a
// small quarantine keeps RSS meaningful in the sanitizer build, where a
// hundred stream threads would otherwise hold 100 MiB between them, and
// changes nothing in the others.
std::string SanitizerOptions() {
  const char* existing = std::getenv("ASAN_OPTIONS");
  return std::string("ASAN_OPTIONS=") + (existing != nullptr ? std::string(existing) + ":" : "") +
         "quarantine_size_mb=16:thread_local_quarantine_size_kb=64";
}

// A paragraph of `chars` Chinese characters from the sample page's words.
std::string ChineseText(std::size_t chars) {
  static const std::string kPhrase = "赣州市稀土产业链加速延伸，工业经济跃升，民生实事办好";  // 26 characters
  std::string text;
  for (std::size_t n = 0; n < chars; n += 26) text += kPhrase;
  return text;
}

class HostileClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = CreateToken(database_.url(), "desk", "admin");
    reader_ = CreateToken(database_.url(), "website", "reader");
    server_ = std::make_unique<GalleyProcess>(
        std::vector<std::string>{"serve", "--database-url", database_.url(), "--listen", "127.0.0.1:0", "--threads",
                                 std::to_string(kHandlerThreads), "--max-streams", std::to_string(kMaxStreams),
                                 "--pool-size", "4", "--metrics-listen", "127.0.0.1:0"},
        std::vector<std::string>{SanitizerOptions()});
    address_ = server_->WaitForAddress();
    metrics_port_ = server_->WaitForPortOf("metrics");
    ASSERT_TRUE(CreatePublication(ChannelTo(address_, admin_), "gannan-daily", "赣南日报").ok());
  }

  bool WaitForMetric(const std::string& name, double value, seconds timeout) {
    return testing::WaitForMetric(metrics_port_, name, value, timeout);
  }

  // Waits until the server runs at most `most` threads.
  bool WaitForThreadsAtMost(int most, seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (StatusOf(server_->pid()).threads > most) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return true;
  }

  // A well-behaved client is served: a read, and an article that goes live.
  void ExpectOthersServed(ArticleDriver& desk, const std::string& id) {
    EXPECT_TRUE(GetPublication(ChannelTo(address_, admin_), "publications/gannan-daily").ok());
    EXPECT_EQ(desk.Live(desk.Create("gannan-daily", id, "赣州稀土产业链再添新项目")).state(), v1::Article::PUBLISHED);
    EXPECT_EQ(HealthOf(ChannelTo(address_)), "SERVING");
  }

  TestDatabase database_;
  std::string admin_;
  std::string reader_;
  std::unique_ptr<GalleyProcess> server_;
  std::string address_;
  int metrics_port_ = 0;
};

TEST_F(HostileClientTest, ThousandsOfStreamsAndStreamsNeverReadKeepThreadsAndMemoryBoundedAndOthersServed) {
  constexpr int kStreams = 2000;
  constexpr int kChannels = 10;
  ArticleDriver desk(ChannelTo(address_, admin_));
  ExpectOthersServed(desk, "before");
  const ProcessStatus resting = StatusOf(server_->pid());

  // All opened from one thread with the asynchronous API, and never read.
  struct Stream {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientAsyncReader<v1::StreamChangesResponse>> reader;
    grpc::Status status;
  };
  grpc::CompletionQueue queue;
  std::vector<std::unique_ptr<v1::FeedService::Stub>> stubs;
  for (int i = 0; i < kChannels; ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("galley.test.channel", i);  // a connection each
    // A client that reads nothing should not take megabytes into its own
    // buffers either (gRPC grows a stream's window as data arrives): with a
    // fixed 64 KiB window, the server's writes to it stop after a message.
    arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 64 << 10);
    stubs.push_back(v1::FeedService::NewStub(ChannelWithToken(address_, reader_, arguments)));
  }
  std::vector<std::unique_ptr<Stream>> streams;
  for (int i = 0; i < kStreams; ++i) {
    auto stream = std::make_unique<Stream>();
    stream->context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(3));
    stream->reader = stubs[i % kChannels]->AsyncStreamChanges(&stream->context, v1::StreamChangesRequest(), &queue,
                                                              reinterpret_cast<void*>(2 * i));
    stream->reader->Finish(&stream->status, reinterpret_cast<void*>(2 * i + 1));
    streams.push_back(std::move(stream));
  }
  // Tags: 2i when stream i started, 2i + 1 when it ended.
  int ended = 0;
  const auto collect_endings = [&](int until, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::system_clock::now() + timeout;
    void* tag = nullptr;
    bool ok = false;
    while (ended < until && queue.AsyncNext(&tag, &ok, deadline) == grpc::CompletionQueue::GOT_EVENT) {
      ended += reinterpret_cast<std::uintptr_t>(tag) % 2;
    }
  };
  collect_endings(kStreams - kMaxStreams, seconds(60));
  int refused = 0;
  for (const auto& stream : streams) {
    refused += stream->status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ? 1 : 0;
  }
  EXPECT_EQ(refused, kStreams - kMaxStreams) << ended << " streams ended";
  const ProcessStatus with_streams = StatusOf(server_->pid());

  // Changes the stalled streams cannot take: 40 articles of about 60 KB,
  // 2.4 MB a stream, 240 MB for all of them if the server kept it.
  for (int i = 0; i < 40; ++i) {
    v1::Article article;
    article.set_headline("稀土产业链加速延伸 " + std::to_string(i));
    for (int block = 0; block < 5; ++block) {
      auto* paragraph = article.add_body();
      paragraph->set_kind(v1::Block::PARAGRAPH);
      paragraph->set_text(ChineseText(4000));
    }
    desk.Live(desk.Create("gannan-daily", "long-" + std::to_string(i), article));
  }
  ExpectOthersServed(desk, "during");
  v1::ListChangesResponse page;
  grpc::ClientContext list_context;
  EXPECT_TRUE(v1::FeedService::NewStub(ChannelTo(address_, reader_))
                  ->ListChanges(&list_context, v1::ListChangesRequest(), &page)
                  .ok());
  const ProcessStatus stalled = StatusOf(server_->pid());
  // The metrics say how far behind the slowest stream is: most of the 40
  // changes committed since the stalled ones opened.
  const double lag = MetricValue(ScrapeMetrics(metrics_port_), "galley_feed_lag_max");
  EXPECT_GE(lag, 30) << ScrapeMetrics(metrics_port_);

  for (auto& stream : streams) stream->context.TryCancel();
  collect_endings(kStreams, seconds(60));
  EXPECT_EQ(ended, kStreams);
  EXPECT_TRUE(WaitForMetric("galley_feed_streams", 0, seconds(20)));
  EXPECT_EQ(MetricValue(ScrapeMetrics(metrics_port_), "galley_feed_lag_max"), 0);
  EXPECT_TRUE(WaitForThreadsAtMost(resting.threads + kThreadSlack, seconds(20)))
      << StatusOf(server_->pid()).threads << " threads, at rest " << resting.threads;
  ExpectOthersServed(desk, "after");
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }

  EXPECT_LE(with_streams.threads, resting.threads + kMaxStreams + kThreadSlack);
  EXPECT_LE(stalled.threads, resting.threads + kMaxStreams + kThreadSlack);
  EXPECT_LE(stalled.rss_mib - resting.rss_mib, kStalledStreamsMemoryMib);
  PrintFigures("%d streams opened at once: %d refused with RESOURCE_EXHAUSTED; threads %d at rest, %d with %d streams "
              "served, %d after; RSS %ld MiB at rest, %ld MiB with 100 streams stalled behind 2.4 MB of changes each "
              "(peak %ld MiB); galley_feed_lag_max %.0f while they stalled\n",
              kStreams, refused, resting.threads, with_streams.threads, kMaxStreams,
              StatusOf(server_->pid()).threads, resting.rss_mib, stalled.rss_mib, stalled.peak_rss_mib, lag);
}

TEST_F(HostileClientTest, CallsCancelledMidwayLeaveNoConnectionThreadOrPartialPhotoBehind) {
  constexpr int kClients = 16;
  constexpr int kCallsEach = 24;
  ArticleDriver desk(ChannelTo(address_, admin_));
  for (int i = 0; i < 20; ++i) desk.Live(desk.Create("gannan-daily", "live-" + std::to_string(i), "稀土产业链 " + std::to_string(i)));
  const ProcessStatus resting = StatusOf(server_->pid());
  const std::string png = SamplePng(640, 480) + std::string(1 << 20, '\x5a');  // past the image: a long upload

  std::atomic<int> cancelled{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937 random(c);
      auto channel = ChannelTo(address_, admin_);
      auto feed = v1::FeedService::NewStub(channel);
      auto articles = v1::ArticleService::NewStub(channel);
      auto photos = v1::PhotoService::NewStub(channel);
      for (int n = 0; n < kCallsEach; ++n) {
        grpc::ClientContext context;
        // Cancelled by the client after 0 to 20 ms, wherever the call is then.
        auto canceller = std::async(std::launch::async, [&, wait = std::uniform_int_distribution<int>(0, 20000)(random)] {
          std::this_thread::sleep_for(std::chrono::microseconds(wait));
          context.TryCancel();
        });
        grpc::Status status;
        switch ((c + n) % 4) {
          case 0: {
            v1::ListChangesRequest request;
            request.set_page_size(1000);
            v1::ListChangesResponse response;
            status = feed->ListChanges(&context, request, &response);
            break;
          }
          case 1: {
            v1::SearchArticlesRequest request;
            request.set_parent("publications/gannan-daily");
            request.set_query("稀土产业");
            v1::SearchArticlesResponse response;
            status = articles->SearchArticles(&context, request, &response);
            break;
          }
          case 2: {
            v1::Photo photo;
            auto upload = photos->UploadPhoto(&context, &photo);
            v1::UploadPhotoRequest metadata;
            metadata.mutable_metadata()->set_parent("publications/gannan-daily");
            metadata.mutable_metadata()->set_photo_id("cut-" + std::to_string(c) + "-" + std::to_string(n));
            bool open = upload->Write(metadata);
            for (std::size_t at = 0; open && at < png.size(); at += 64 << 10) {
              v1::UploadPhotoRequest chunk;
              chunk.set_chunk(png.substr(at, 64 << 10));
              open = upload->Write(chunk);
            }
            upload->WritesDone();
            status = upload->Finish();
            break;
          }
          default: {
            auto stream = feed->StreamChanges(&context, v1::StreamChangesRequest());
            v1::StreamChangesResponse message;
            while (stream->Read(&message)) {
            }
            status = stream->Finish();
            break;
          }
        }
        canceller.wait();
        cancelled += status.error_code() == grpc::StatusCode::CANCELLED ? 1 : 0;
      }
    });
  }
  // A well-behaved reader meanwhile, one call every 20 ms.
  std::atomic<bool> storming{true};
  std::map<grpc::StatusCode, int> served;
  std::thread reader([&] {
    auto channel = ChannelTo(address_, reader_);
    do {  // at least once, should the clients all be done before it starts
      ++served[GetPublication(channel, "publications/gannan-daily").error_code()];
      std::this_thread::sleep_for(milliseconds(20));
    } while (storming);
  });
  for (auto& client : clients) client.join();
  storming = false;
  reader.join();

  // Every connection back in the pool and nobody waiting for one; every
  // stream and thread gone.
  EXPECT_TRUE(WaitForMetric("galley_db_pool_in_use", 0, seconds(20))) << ScrapeMetrics(metrics_port_);
  EXPECT_TRUE(WaitForMetric("galley_db_pool_waiting", 0, seconds(20)));
  EXPECT_TRUE(WaitForMetric("galley_feed_streams", 0, seconds(20)));
  EXPECT_TRUE(WaitForThreadsAtMost(resting.threads + kThreadSlack, seconds(20)))
      << StatusOf(server_->pid()).threads << " threads, at rest " << resting.threads;
  // Logs and metrics say what happened: cancelled, not bad input, not a
  // fault of the server's. (An upload cut off can read as the bytes that
  // came not being an image, INVALID_ARGUMENT, when its stream's end
  // reaches the server before the cancel does: both are true.)
  const std::string metrics = ScrapeMetrics(metrics_port_);
  EXPECT_EQ(metrics.find("code=\"INTERNAL\""), std::string::npos) << metrics;
  const auto calls = [](const std::string& method) {
    return "galley_rpc_requests_total{method=\"/galley.v1." + method + "\",code=";
  };
  for (const std::string method : {"ArticleService/SearchArticles", "FeedService/ListChanges", "FeedService/StreamChanges"}) {
    EXPECT_EQ(metrics.find(calls(method) + "\"INVALID_ARGUMENT\"}"), std::string::npos) << metrics;
  }
  // Whether a unary call's cancel reaches the server before its answer is
  // a race (a short ListChanges is often answered first); a stream never
  // ends by itself, so each one the server saw ended CANCELLED.
  EXPECT_GT(MetricValue(metrics, calls("FeedService/StreamChanges") + "\"CANCELLED\"}"), 0) << metrics;
  EXPECT_EQ(metrics.find(calls("FeedService/StreamChanges") + "\"OK\"}"), std::string::npos) << metrics;
  // An upload cut off stored nothing; one that finished before its cancel
  // is whole.
  pqxx::connection connection(database_.url());
  pqxx::nontransaction tx(connection);
  const auto photos = tx.exec1(
      "SELECT count(*), count(*) FILTER (WHERE length(bytes) = size_bytes AND size_bytes = " +
      std::to_string(png.size()) + ") FROM photos");
  EXPECT_EQ(photos[0].as<int>(), photos[1].as<int>()) << "photos stored in part";
  for (int i = 0; i < 5; ++i) ExpectOthersServed(desk, "after-" + std::to_string(i));
  // Served, or refused at once when every thread the server may run is
  // busy (RESOURCE_EXHAUSTED, gRPC's own answer at its thread bound).
  int reads = 0;
  for (const auto& [code, count] : served) {
    reads += count;
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::RESOURCE_EXHAUSTED) << code;
  }
  EXPECT_GT(served[grpc::StatusCode::OK], 0);
  PrintFigures("%d calls cancelled midway (%d ended CANCELLED, the rest finished first); %d whole photos stored, "
              "none in part; threads %d at rest, %d after; a reader meanwhile: %d of %d reads served, %d refused "
              "RESOURCE_EXHAUSTED\n",
              kClients * kCallsEach, cancelled.load(), photos[1].as<int>(), resting.threads,
              StatusOf(server_->pid()).threads, served[grpc::StatusCode::OK], reads,
              served[grpc::StatusCode::RESOURCE_EXHAUSTED]);
}

TEST_F(HostileClientTest, RequestsPastTheMessageSizeLimitAreRefusedAndTheServerServesOn) {
  ArticleDriver desk(ChannelTo(address_, admin_));
  auto channel = ChannelTo(address_, admin_);
  v1::CreateArticleRequest create;
  create.set_parent("publications/gannan-daily");
  create.mutable_article()->set_headline("过大");
  auto* paragraph = create.mutable_article()->add_body();
  paragraph->set_kind(v1::Block::PARAGRAPH);
  paragraph->set_text(std::string(20 << 20, 'a'));  // 20 MiB, past the 16 MiB the server takes
  grpc::ClientContext create_context;
  v1::Article article;
  EXPECT_EQ(v1::ArticleService::NewStub(channel)->CreateArticle(&create_context, create, &article).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  auto photos = v1::PhotoService::NewStub(channel);
  const auto upload = UploadPhoto(*photos, {"publications/gannan-daily", "huge", std::string(17 << 20, 'x'), 17 << 20});
  EXPECT_EQ(upload.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << upload.error_message();

  ExpectOthersServed(desk, "after");
  pqxx::connection connection(database_.url());
  pqxx::nontransaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM photos")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM articles WHERE headline = '过大'")[0].as<int>(), 0);
  PrintFigures("a 20 MiB CreateArticle and a 17 MiB upload chunk: RESOURCE_EXHAUSTED; RSS %ld MiB after\n",
              StatusOf(server_->pid()).rss_mib);
}

}  // namespace
}  // namespace galley::testing
