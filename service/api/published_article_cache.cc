#include "api/published_article_cache.h"

namespace galley::api {

std::shared_ptr<const v1::Article> PublishedArticleCache::Get(const std::string& name,
                                                              const std::function<v1::Article()>& read) {
  if (!notifier_.listening()) return std::make_shared<const v1::Article>(read());
  // Taken before the read: a change that commits during it moves the stamp on.
  const Stamp now{notifier_.head(), own_changes_.load()};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stamp_ != now) {
      entries_.clear();
      bytes_ = 0;
      stamp_ = now;
    } else if (const auto found = entries_.find(name); found != entries_.end()) {
      return found->second;
    }
  }
  auto article = std::make_shared<const v1::Article>(read());
  const std::size_t bytes = article->ByteSizeLong() + name.size() + sizeof(v1::Article);
  std::lock_guard<std::mutex> lock(mutex_);
  if (stamp_ != now) return article;  // read under a stamp that has moved on
  if (bytes_ + bytes > max_bytes_) {
    entries_.clear();  // rare (the cache holds thousands of stories): start over rather than track use
    bytes_ = 0;
  }
  if (entries_.emplace(name, article).second) bytes_ += bytes;
  return article;
}

}  // namespace galley::api
