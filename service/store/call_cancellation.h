// Whether the client of the call this thread is serving went away. The api
// layer sets it for the length of each call (a gRPC handler runs on one
// thread, start to end), so that the store stops queueing for a database
// connection on behalf of a client that has cancelled, without every
// repository method passing it along. Outside a call it is never cancelled.
#pragma once

#include <functional>

namespace galley::store {

class CallCancellationScope {
 public:
  explicit CallCancellationScope(std::function<bool()> cancelled);
  ~CallCancellationScope();

  CallCancellationScope(const CallCancellationScope&) = delete;
  CallCancellationScope& operator=(const CallCancellationScope&) = delete;

  // True if the call this thread serves was cancelled by its client.
  static bool CurrentCallCancelled();

 private:
  std::function<bool()> cancelled_;
  const CallCancellationScope* outer_;
};

}  // namespace galley::store
