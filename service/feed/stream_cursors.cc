#include "feed/stream_cursors.h"

#include <algorithm>

namespace galley::feed {

StreamCursors::Cursor::Cursor(StreamCursors& cursors, std::int64_t after) : cursors_(cursors) {
  std::lock_guard<std::mutex> lock(cursors_.mutex_);
  id_ = cursors_.next_id_++;
  cursors_.places_[id_] = after;
}

StreamCursors::Cursor::~Cursor() {
  std::lock_guard<std::mutex> lock(cursors_.mutex_);
  cursors_.places_.erase(id_);
}

void StreamCursors::Cursor::Advance(std::int64_t after) {
  std::lock_guard<std::mutex> lock(cursors_.mutex_);
  cursors_.places_[id_] = after;
}

std::optional<std::int64_t> StreamCursors::Slowest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (places_.empty()) return std::nullopt;
  return std::min_element(places_.begin(), places_.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->second;
}

}  // namespace galley::feed
