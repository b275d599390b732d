// Every gRPC service of Galley, built over one database: what `serve`
// registers, and what in-process integration tests run, so that both wire
// the services the same way.
#pragma once

#include <grpcpp/server_builder.h>

#include <cstdint>
#include <string>

#include "api/access_service.h"
#include "api/article_service.h"
#include "api/gatekeeper.h"
#include "auth/principal_limits.h"
#include "auth/token_verifier.h"
#include "api/contributor_service.h"
#include "api/feed_service.h"
#include "api/issue_service.h"
#include "api/photo_service.h"
#include "api/publication_service.h"
#include "api/rpc_metrics.h"
#include "domain/page_token.h"
#include "domain/photo.h"
#include "store/database.h"
#include "store/article_repository.h"
#include "store/audit_log.h"
#include "store/change_log.h"
#include "store/token_repository.h"
#include "store/contributor_repository.h"
#include "store/issue_repository.h"
#include "store/photo_repository.h"
#include "store/publication_repository.h"
#include "store/publishing.h"
#include "store/replica_reads.h"

namespace galley::app {

// The standard gRPC health service and server reflection, which need no
// token: call before creating the grpc::ServerBuilder they are to be on.
void EnableHealthAndReflection();

class GalleyServices {
 public:
  struct Limits {
    std::int64_t max_photo_bytes = domain::kDefaultMaxPhotoBytes;
    int max_streams = kDefaultMaxStreams;
    auth::PrincipalLimitSettings per_principal;
  };
  // Change notifications LISTEN on a connection of their own to `database`.
  // `read_replica`, when not null, is a streaming replica's: readers' reads
  // and the feed's replay go there (store/replica_reads.h).
  GalleyServices(store::Database& database, store::Database* read_replica, std::string page_token_secret,
                 Limits limits);
  GalleyServices(store::Database& database, std::string page_token_secret, Limits limits)
      : GalleyServices(database, nullptr, std::move(page_token_secret), limits) {}
  GalleyServices(store::Database& database, std::string page_token_secret)
      : GalleyServices(database, nullptr, std::move(page_token_secret), Limits{}) {}

  // Ends every change stream with UNAVAILABLE, so that consumers reconnect
  // to another replica; new streams are refused the same way.
  void EndStreams() { notifier_.Stop(); }

  static constexpr int kDefaultMaxStreams = 1000;
  // The largest request message a call may send: larger is RESOURCE_EXHAUSTED
  // before any of it is parsed. A 1 MiB page to import fits many times over.
  static constexpr int kMaxRequestBytes = 16 * 1024 * 1024;

  // Registers every service, the limit on a request's size, and the
  // interceptors every call goes through (malformed requests become
  // INVALID_ARGUMENT; one log line per call).
  // The services must outlive the server built from `builder`.
  void RegisterWith(grpc::ServerBuilder& builder, bool json_logs);

  // What /metrics shows of the services (app/metrics_endpoint.h).
  const api::RpcMetrics& rpc_metrics() const { return rpc_metrics_; }
  int feed_streams() const { return feed_service_.streams(); }
  std::optional<std::int64_t> feed_slowest_stream() const { return feed_service_.slowest_stream(); }
  std::int64_t feed_head() const { return notifier_.head(); }
  // Where readers' reads go; the health monitor says whether the replica answers.
  store::ReplicaReads& replica_reads() { return replica_reads_; }
  const store::ReplicaReads& replica_reads() const { return replica_reads_; }

 private:
  api::RpcMetrics rpc_metrics_;
  domain::PageTokenCodec page_tokens_;
  store::PublicationRepository publications_;
  store::IssueRepository issues_;
  store::ContributorRepository contributors_;
  store::ArticleRepository articles_;
  store::PhotoRepository photos_;
  store::Publisher publisher_;
  store::TokenRepository tokens_;
  store::AuditLog audit_;
  store::ChangeLog changes_;
  feed::ChangeNotifier notifier_;
  store::ReplicaReads replica_reads_;
  auth::TokenVerifier token_verifier_;
  auth::PrincipalLimits principal_limits_;
  api::Gatekeeper gate_;
  api::PublishedArticleCache published_articles_;
  api::PublicationService publication_service_;
  api::IssueService issue_service_;
  api::ContributorService contributor_service_;
  api::ArticleService article_service_;
  api::PhotoService photo_service_;
  api::AccessService access_service_;
  api::FeedService feed_service_;
};

}  // namespace galley::app
