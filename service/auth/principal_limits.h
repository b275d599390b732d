// What one principal may ask of a server, so that a runaway script or a
// partner gone wrong cannot take the newsroom's share: a request rate, a
// request size, and a number of change streams at once. Past a limit a call
// is refused with RESOURCE_EXHAUSTED before it does any work, and the
// message says which limit and when to retry. Limits count per server
// process: behind a load balancer with N replicas a principal gets up to N
// times as much, which is what capacity planning wants anyway.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/caller.h"

namespace galley::auth {

struct PrincipalLimitSettings {
  double requests_per_second = 1000;  // 0: no limit; bursts of twice as many
  int streams = 100;                  // change streams at once; 0: no limit
  std::size_t request_bytes = 2 << 20;          // a request's serialized size, photo bytes aside
  std::size_t reader_request_bytes = 64 << 10;  // readers send names, filters and queries only
};

class PrincipalLimits {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PrincipalLimits(PrincipalLimitSettings settings) : settings_(settings) {}

  // Takes one request from `caller`'s allowance; throws RESOURCE_EXHAUSTED
  // when it is used up.
  void AdmitRequest(const domain::Caller& caller) { AdmitRequest(caller, Clock::now()); }
  void AdmitRequest(const domain::Caller& caller, Clock::time_point now);

  // Throws RESOURCE_EXHAUSTED when a request of `bytes` is more than
  // `caller`'s role may send.
  void CheckRequestSize(const domain::Caller& caller, std::size_t bytes) const;

  // A change stream of `caller`'s, counted while it lives; throws
  // RESOURCE_EXHAUSTED when the principal has all it may have open.
  class StreamLease {
   public:
    StreamLease(PrincipalLimits& limits, std::string principal);
    ~StreamLease();
    StreamLease(const StreamLease&) = delete;
    StreamLease& operator=(const StreamLease&) = delete;

   private:
    PrincipalLimits& limits_;
    std::string principal_;
  };

  const PrincipalLimitSettings& settings() const { return settings_; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled;
  };
  // Principals are few (one per token), but the map of buckets is bounded
  // all the same: full buckets carry no state and go first.
  static constexpr std::size_t kMaxBuckets = 10000;

  void ForgetFullBuckets(Clock::time_point now);

  const PrincipalLimitSettings settings_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::unordered_map<std::string, int> streams_;
};

}  // namespace galley::auth
