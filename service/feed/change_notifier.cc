#include "feed/change_notifier.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "store/change_log.h"

namespace galley::feed {

namespace {

constexpr std::chrono::seconds kMaxReconnectDelay{5};

class Listener final : public pqxx::notification_receiver {
 public:
  Listener(pqxx::connection_base& connection, ChangeNotifier& notifier)
      : pqxx::notification_receiver(connection, store::ChangeLog::kChannel), notifier_(notifier) {}

  void operator()(const std::string& payload, int /*backend_pid*/) override {
    try {
      notifier_.Advance(std::stoll(payload));
    } catch (const std::exception&) {
      spdlog::warn("ignoring a change notification with payload '{}'", payload);
    }
  }

 private:
  ChangeNotifier& notifier_;
};

std::int64_t ReadHead(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  return tx.exec1("SELECT COALESCE(max(sequence), 0) FROM changes")[0].as<std::int64_t>();
}

}  // namespace

ChangeNotifier::ChangeNotifier(std::string database_url, std::chrono::milliseconds poll_interval)
    : database_url_(std::move(database_url)), poll_interval_(poll_interval), thread_([this] { Run(); }) {}

ChangeNotifier::~ChangeNotifier() {
  Stop();
  thread_.join();
}

void ChangeNotifier::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopped_ = true;
  changed_.notify_all();
}

bool ChangeNotifier::stopped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopped_;
}

void ChangeNotifier::Advance(std::int64_t head) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (head <= head_) return;
  head_ = head;
  changed_.notify_all();
}

bool ChangeNotifier::listening() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return listening_;
}

std::optional<std::int64_t> ChangeNotifier::fresh_head() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!listening_) return std::nullopt;
  return head_;
}

void ChangeNotifier::SetListening(bool listening) {
  std::lock_guard<std::mutex> lock(mutex_);
  listening_ = listening;
}

std::int64_t ChangeNotifier::head() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return head_;
}

std::int64_t ChangeNotifier::WaitBeyond(std::int64_t sequence, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return stopped_ || head_ > sequence; });
  return head_;
}

bool ChangeNotifier::SleepUnlessStopped(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !changed_.wait_for(lock, duration, [&] { return stopped_; });
}

void ChangeNotifier::Run() {
  std::chrono::milliseconds reconnect_delay{100};
  const auto poll_seconds = poll_interval_.count() / 1000;
  const auto poll_micros = (poll_interval_.count() % 1000) * 1000;
  while (!stopped()) {
    try {
      pqxx::connection connection(database_url_);
      Listener listener(connection, *this);
      // Whatever committed while nobody listened.
      Advance(ReadHead(connection));
      SetListening(true);
      reconnect_delay = std::chrono::milliseconds(100);
      while (!stopped()) {
        if (connection.await_notification(poll_seconds, poll_micros) == 0) Advance(ReadHead(connection));
      }
    } catch (const std::exception& error) {
      SetListening(false);
      spdlog::warn("change notifications interrupted ({}); reconnecting in {} ms", error.what(),
                   reconnect_delay.count());
      if (!SleepUnlessStopped(reconnect_delay)) return;
      reconnect_delay = std::min<std::chrono::milliseconds>(reconnect_delay * 2, kMaxReconnectDelay);
    }
  }
}

}  // namespace galley::feed
