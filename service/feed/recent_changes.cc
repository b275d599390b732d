#include "feed/recent_changes.h"

#include <algorithm>

#include "store/call_cancellation.h"

namespace galley::feed {

namespace {

constexpr int kReadBatch = 1000;
constexpr std::chrono::seconds kRetryAfterFailure{1};

// Roughly what a change costs in memory: its text, which dominates.
std::size_t ApproximateBytes(const domain::Change& change) {
  std::size_t bytes = sizeof(domain::Change) + change.resource.size() + change.reason.size();
  if (change.article) {
    const auto& content = change.article->content;
    bytes += sizeof(domain::Article) + content.headline.size() + content.kicker.size() +
             content.subheadline.size() + content.summary.size() + content.dateline.size();
    for (const auto& block : content.body) bytes += sizeof(block) + block.text.size() + block.photo.size();
    for (const auto& byline : content.bylines) bytes += sizeof(byline) + byline.display_name.size();
    for (const auto& tag : content.tags) bytes += tag.size();
    for (const auto& correction : change.article->corrections) bytes += correction.text.size();
  }
  for (const auto& article : change.articles) bytes += article.size();
  return bytes;
}

}  // namespace

RecentChanges::RecentChanges(LogReader read, std::size_t max_changes, std::size_t max_bytes)
    : read_(std::move(read)), max_changes_(std::max<std::size_t>(max_changes, 1)), max_bytes_(max_bytes) {}

std::optional<store::ChangePage> RecentChanges::Read(std::int64_t after, int limit, const std::string& publication_id,
                                                     std::int64_t head) {
  if (after < first_known_.load()) return std::nullopt;  // never held up by a read for the streams at the head
  if (std::chrono::steady_clock::now().time_since_epoch().count() < retry_after_.load()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!started_) {
    // Nothing is known of what came before the first head seen: keep from
    // there on.
    started_ = true;
    first_ = last_ = head;
  }
  if (after < first_) return std::nullopt;
  if (head > last_) {
    try {
      CatchUp(head);
    } catch (...) {
      retry_after_.store((std::chrono::steady_clock::now() + kRetryAfterFailure).time_since_epoch().count());
      throw;
    }
  }
  first_known_.store(first_);
  if (after < first_) return std::nullopt;  // CatchUp had to start afresh beyond it

  store::ChangePage page;
  page.head = last_;
  const auto start = std::upper_bound(changes_.begin(), changes_.end(), after,
                                      [](std::int64_t sequence, const domain::Change& change) {
                                        return sequence < change.sequence;
                                      });
  for (auto it = start; it != changes_.end() && static_cast<int>(page.changes.size()) < limit; ++it) {
    if (publication_id.empty() || it->publication_id == publication_id) page.changes.push_back(*it);
  }
  const bool full = static_cast<int>(page.changes.size()) == limit;
  page.next_after = full ? page.changes.back().sequence : std::max(after, last_);
  return page;
}

void RecentChanges::CatchUp(std::int64_t head) {
  // Read for every stream, not the one that happens to ask: its consumer
  // cancelling must not fail the read for the others.
  const store::CallCancellationScope shared(nullptr);
  if (head - last_ > static_cast<std::int64_t>(max_changes_)) {
    // Too far behind to be worth reading through: start afresh at the head;
    // streams behind it read the log themselves.
    changes_.clear();
    bytes_ = 0;
    first_ = last_ = head;
    return;
  }
  while (last_ < head) {
    store::ChangePage page = read_(last_, kReadBatch);
    for (auto& change : page.changes) Append(std::move(change));
    if (page.next_after <= last_) break;  // the log has nothing newer yet
    last_ = page.next_after;
  }
}

void RecentChanges::Append(domain::Change change) {
  if (change.type == domain::ChangeType::kArticleKilled) {
    // Killed content is never served again: not from here either.
    for (auto& kept : changes_) {
      if (kept.resource == change.resource && kept.article) {
        bytes_ -= ApproximateBytes(kept);
        kept.article.reset();
        bytes_ += ApproximateBytes(kept);
      }
    }
  }
  bytes_ += ApproximateBytes(change);
  changes_.push_back(std::move(change));
  while (changes_.size() > 1 && (changes_.size() > max_changes_ || bytes_ > max_bytes_)) {
    bytes_ -= ApproximateBytes(changes_.front());
    first_ = changes_.front().sequence;
    changes_.pop_front();
  }
}

}  // namespace galley::feed
