#include "api/published_article_cache.h"

namespace galley::api {

std::shared_ptr<const v1::Article> PublishedArticleCache::Get(const std::string& name,
                                                              const std::function<Read()>& read, bool may_lag) {
  if (!notifier_.listening()) return std::make_shared<const v1::Article>(read().article);
  // Taken before the read: a change that commits during it moves the stamp on.
  const Stamp now{notifier_.head(), own_changes_.load()};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stamp_ != now) {
      entries_.clear();
      bytes_ = 0;
      stamp_ = now;
    } else if (const auto found = entries_.find(name);
               found != entries_.end() && (may_lag || !found->second.from_replica)) {
      return found->second.article;
    }
  }
  Read result = read();
  auto article = std::make_shared<const v1::Article>(std::move(result.article));
  if (result.as_of < now.head) return article;  // older than what the stamp says
  const Entry entry{article, result.as_of != store::ReplicaReads::kPrimary, article->ByteSizeLong() + name.size() + sizeof(v1::Article)};
  std::lock_guard<std::mutex> lock(mutex_);
  if (stamp_ != now) return article;  // read under a stamp that has moved on
  if (const auto found = entries_.find(name); found != entries_.end()) {
    if (entry.from_replica) return article;  // never in place of the primary's
    bytes_ -= found->second.bytes;
    entries_.erase(found);
  }
  if (bytes_ + entry.bytes > max_bytes_) {
    entries_.clear();  // rare (the cache holds thousands of stories): start over rather than track use
    bytes_ = 0;
  }
  entries_.emplace(name, entry);
  bytes_ += entry.bytes;
  return article;
}

}  // namespace galley::api
