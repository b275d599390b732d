#include "store/call_cancellation.h"

#include <utility>

namespace galley::store {

namespace {

thread_local const CallCancellationScope* current_scope = nullptr;

}  // namespace

CallCancellationScope::CallCancellationScope(std::function<bool()> cancelled)
    : cancelled_(std::move(cancelled)), outer_(current_scope) {
  current_scope = this;
}

CallCancellationScope::~CallCancellationScope() { current_scope = outer_; }

bool CallCancellationScope::CurrentCallCancelled() {
  return current_scope != nullptr && current_scope->cancelled_ && current_scope->cancelled_();
}

}  // namespace galley::store
