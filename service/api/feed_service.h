// galley.v1.FeedService: the change log, paged (ListChanges) and streamed
// (StreamChanges). A stream holds one handler thread while it lasts (the
// server is synchronous), so their number is capped separately from the
// threads that serve every other call.
#pragma once

#include <atomic>
#include <optional>

#include "api/gatekeeper.h"
#include "feed/change_notifier.h"
#include "feed/follow.h"
#include "feed/recent_changes.h"
#include "feed/stream_cursors.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "store/change_log.h"
#include "store/replica_reads.h"

namespace galley::api {

class FeedService final : public galley::v1::FeedService::Service {
 public:
  // `replay` serves ListChanges and the replay of streams (a streaming
  // replica's, when there is one); `changes`, the primary's log, the rest.
  FeedService(Gatekeeper& gate, store::ChangeLog& changes, store::ReplicaReads& replay,
              feed::ChangeNotifier& notifier, int max_streams, feed::FollowOptions follow = {})
      : gate_(gate),
        changes_(changes),
        replay_(replay),
        notifier_(notifier),
        max_streams_(max_streams),
        follow_(follow),
        recent_([this](std::int64_t after, int limit) {
          return changes_.List(after, limit, "", false, store::Clock::now() + follow_.read_timeout);
        }) {}

  grpc::Status ListChanges(grpc::ServerContext* context, const v1::ListChangesRequest* request,
                           v1::ListChangesResponse* response) override;
  grpc::Status StreamChanges(grpc::ServerContext* context, const v1::StreamChangesRequest* request,
                             grpc::ServerWriter<v1::StreamChangesResponse>* writer) override;

  // Change streams open now, and the lowest place of any (for /metrics).
  int streams() const { return streams_.load(); }
  std::optional<std::int64_t> slowest_stream() const { return cursors_.Slowest(); }

 private:
  Gatekeeper& gate_;
  store::ChangeLog& changes_;
  store::ReplicaReads& replay_;
  feed::ChangeNotifier& notifier_;
  const int max_streams_;
  const feed::FollowOptions follow_;
  // What every stream of this server shares of the log's newest changes.
  feed::RecentChanges recent_;
  std::atomic<int> streams_{0};
  feed::StreamCursors cursors_;
};

}  // namespace galley::api
