#include "api/feed_service.h"

#include <chrono>

#include "api/article_conversion.h"
#include "api/feed_requests.h"
#include "api/issue_conversion.h"
#include "api/photo_conversion.h"
#include "api/request_context.h"
#include "api/time_conversion.h"
#include "domain/error.h"
#include "domain/ninjs.h"

namespace galley::api {

namespace {

v1::Change::Type TypeToProto(domain::ChangeType type) {
  switch (type) {
    case domain::ChangeType::kArticlePublished: return v1::Change::ARTICLE_PUBLISHED;
    case domain::ChangeType::kArticleCorrected: return v1::Change::ARTICLE_CORRECTED;
    case domain::ChangeType::kArticleUnpublished: return v1::Change::ARTICLE_UNPUBLISHED;
    case domain::ChangeType::kArticleKilled: return v1::Change::ARTICLE_KILLED;
    case domain::ChangeType::kIssuePublished: return v1::Change::ISSUE_PUBLISHED;
    case domain::ChangeType::kPhotoUpdated: return v1::Change::PHOTO_UPDATED;
  }
  return v1::Change::TYPE_UNSPECIFIED;
}

void ToProto(const domain::Change& change, bool include_ninjs, v1::Change* out) {
  out->set_sequence(change.sequence);
  out->set_type(TypeToProto(change.type));
  out->set_resource(change.resource);
  api::ToProto(change.commit_time, out->mutable_commit_time());
  out->set_reason(change.reason);
  if (change.article) api::ToProto(*change.article, out->mutable_article());
  if (change.issue) api::ToProto(*change.issue, out->mutable_issue());
  if (change.photo) api::ToProto(*change.photo, out->mutable_photo());
  for (const auto& article : change.articles) out->add_articles(article);
  if (include_ninjs) out->set_ninjs(domain::NinjsOf(change));
}

constexpr char kStreamChanges[] = "galley.v1.FeedService/StreamChanges";

// Releases a stream's place when it ends, however it ends.
class StreamSlot {
 public:
  StreamSlot(std::atomic<int>& streams, int max) : streams_(streams) {
    if (streams_.fetch_add(1) >= max) {
      streams_.fetch_sub(1);
      throw domain::Error(domain::ErrorCode::kResourceExhausted, "TOO_MANY_STREAMS",
                          "this server follows " + std::to_string(max) +
                              " streams already; retry later or on another replica");
    }
  }
  ~StreamSlot() { streams_.fetch_sub(1); }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;

 private:
  std::atomic<int>& streams_;
};

}  // namespace

grpc::Status FeedService::ListChanges(grpc::ServerContext* context, const v1::ListChangesRequest* request,
                                      v1::ListChangesResponse* response) {
  return gate_.Handle(*context, "galley.v1.FeedService/ListChanges", request, [&](const Call& call) {
    const ChangesQuery query = ParseListChanges(*request);
    const bool ninjs = request->include_ninjs();
    const auto page =
        replay_.ListChanges(query.after_sequence, query.page_size, query.publication_id, ninjs, call.deadline());
    for (const auto& change : page.changes) ToProto(change, ninjs, response->add_changes());
    response->set_next_after_sequence(page.next_after);
    response->set_head_sequence(page.head);
  });
}

grpc::Status FeedService::StreamChanges(grpc::ServerContext* context, const v1::StreamChangesRequest* request,
                                        grpc::ServerWriter<v1::StreamChangesResponse>* writer) {
  return gate_.Handle(*context, kStreamChanges, request, [&](const Call& call) {
    const ChangesQuery query = ParseStreamChanges(*request);
    const auth::PrincipalLimits::StreamLease principal_stream(gate_.limits(), call.caller().principal);
    const StreamSlot slot(streams_, max_streams_);
    feed::StreamCursors::Cursor cursor(cursors_, query.after_sequence);
    // One message at a time: Write returns once the transport took it, so
    // flow control holds a slow consumer's stream here, not in memory.
    const auto send = [&](const store::ChangePage& page) {
      v1::StreamChangesResponse message;
      for (const auto& change : page.changes) ToProto(change, request->include_ninjs(), message.add_changes());
      message.set_head_sequence(page.head);
      return writer->Write(message);
    };
    feed::FollowOptions options = follow_;
    options.describe_photos = request->include_ninjs();
    // A stream lasts as long as its consumer likes, so its token is checked
    // again now and then: one revoked or expired since ends the stream
    // (UNAUTHENTICATED) within about twice the token cache's lifetime.
    // A database that cannot say (UNAVAILABLE) ends nothing: the stream
    // asks again at the next check.
    auto next_check = store::Clock::now() + auth::TokenVerifier::kCacheLifetime;
    const auto gone = [&] {
      if (context->IsCancelled()) return true;
      if (store::Clock::now() >= next_check) {
        next_check = store::Clock::now() + auth::TokenVerifier::kCacheLifetime;
        try {
          gate_.Recheck(*context, kStreamChanges);
        } catch (const domain::Error& error) {
          if (error.code() == domain::ErrorCode::kUnauthenticated) throw;
        }
      }
      return false;
    };
    feed::FollowChanges(changes_, replay_, recent_, notifier_, query.after_sequence, query.publication_id, options,
                        send, gone, [&](std::int64_t after) { cursor.Advance(after); });
    // It ends only when its consumer went: cancelled, past its deadline, or
    // gone so that a write failed, which gRPC may not have marked as
    // cancelled yet; or, blocked writing to a consumer who stopped reading,
    // when the server's shutdown cancelled it. Say which, for the logs and
    // metrics; never OK.
    if (notifier_.stopped()) throw domain::Unavailable("the server is shutting down");
    if (std::chrono::system_clock::now() >= context->deadline()) {
      throw domain::DeadlineExceeded("the stream reached its deadline");
    }
    throw domain::Cancelled("the consumer cancelled the stream");
  });
}

}  // namespace galley::api
