#include "auth/principal_limits.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "domain/error.h"

namespace galley::auth {

namespace {

domain::Error Exhausted(const std::string& reason, const std::string& message) {
  return domain::Error(domain::ErrorCode::kResourceExhausted, reason, message);
}

}  // namespace

void PrincipalLimits::AdmitRequest(const domain::Caller& caller, Clock::time_point now) {
  const double rate = settings_.requests_per_second;
  if (rate <= 0) return;
  const double burst = 2 * rate;
  std::lock_guard<std::mutex> lock(mutex_);
  if (buckets_.size() >= kMaxBuckets && buckets_.count(caller.principal) == 0) ForgetFullBuckets(now);
  const auto [it, added] = buckets_.try_emplace(caller.principal, Bucket{burst, now});
  Bucket& bucket = it->second;
  if (!added) {
    const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(burst, bucket.tokens + elapsed * rate);
    bucket.refilled = now;
  }
  if (bucket.tokens < 1) {
    const auto wait_ms = static_cast<long long>(std::ceil((1 - bucket.tokens) / rate * 1000));
    throw Exhausted("RATE_LIMITED", caller.principal + " is sending more than " +
                                        std::to_string(static_cast<long long>(rate)) +
                                        " requests a second to this server; retry in " + std::to_string(wait_ms) +
                                        " ms");
  }
  bucket.tokens -= 1;
}

void PrincipalLimits::ForgetFullBuckets(Clock::time_point now) {
  const double rate = settings_.requests_per_second;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.refilled).count();
    it = it->second.tokens + elapsed * rate >= 2 * rate ? buckets_.erase(it) : std::next(it);
  }
  // All of them busy at once: start afresh rather than grow without bound.
  if (buckets_.size() >= kMaxBuckets) buckets_.clear();
}

void PrincipalLimits::CheckRequestSize(const domain::Caller& caller, std::size_t bytes) const {
  const std::size_t most =
      caller.AtLeast(domain::Role::kReporter) ? settings_.request_bytes : settings_.reader_request_bytes;
  if (bytes <= most) return;
  throw Exhausted("REQUEST_TOO_LARGE", "the request is " + std::to_string(bytes) + " bytes; the role " +
                                           domain::RoleName(caller.role) + " may send at most " +
                                           std::to_string(most));
}

PrincipalLimits::StreamLease::StreamLease(PrincipalLimits& limits, std::string principal)
    : limits_(limits), principal_(std::move(principal)) {
  const int most = limits_.settings_.streams;
  std::lock_guard<std::mutex> lock(limits_.mutex_);
  int& open = limits_.streams_[principal_];
  if (most > 0 && open >= most) {
    throw Exhausted("TOO_MANY_STREAMS", principal_ + " has " + std::to_string(open) +
                                            " change streams open on this server, the most a principal may; close "
                                            "one or retry later");
  }
  ++open;
}

PrincipalLimits::StreamLease::~StreamLease() {
  std::lock_guard<std::mutex> lock(limits_.mutex_);
  const auto it = limits_.streams_.find(principal_);
  if (it != limits_.streams_.end() && --it->second <= 0) limits_.streams_.erase(it);
}

}  // namespace galley::auth
