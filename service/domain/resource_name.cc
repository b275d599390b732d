#include "domain/resource_name.h"

#include <random>
#include <sstream>

namespace galley::domain {

namespace {

constexpr std::size_t kMaxIdLength = 63;

std::vector<std::string> SplitPath(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, '/')) parts.push_back(part);
  if (!text.empty() && text.back() == '/') parts.emplace_back();
  return parts;
}

}  // namespace

NamePattern::NamePattern(std::string pattern) : pattern_(std::move(pattern)) {
  const auto parts = SplitPath(pattern_);
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2) collections_.push_back(parts[i]);
}

std::vector<std::string> NamePattern::Parse(const std::string& field, const std::string& name) const {
  if (name.empty()) throw InvalidField(field, "is required");
  const auto parts = SplitPath(name);
  auto mismatch = [&] {
    return InvalidField(field, "must be a resource name of the form " + pattern_);
  };
  if (parts.size() != collections_.size() * 2) throw mismatch();
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < collections_.size(); ++i) {
    if (parts[2 * i] != collections_[i]) throw mismatch();
    const auto& id = parts[2 * i + 1];
    if (!IsValidResourceId(id)) {
      throw InvalidField(field, "has a malformed id segment; ids are " + ResourceIdRuleText());
    }
    ids.push_back(id);
  }
  return ids;
}

std::string NamePattern::Format(const std::vector<std::string>& ids) const {
  std::string name;
  for (std::size_t i = 0; i < collections_.size() && i < ids.size(); ++i) {
    if (!name.empty()) name += '/';
    name += collections_[i] + '/' + ids[i];
  }
  return name;
}

bool IsValidResourceId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return id.front() != '-' && id.back() != '-';
}

std::string ResourceIdRuleText() {
  return "1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen";
}

void CheckResourceId(FieldViolations& violations, const std::string& field, const std::string& id) {
  if (!IsValidResourceId(id)) violations.Add(field, "must be " + ResourceIdRuleText());
}

std::string GenerateResourceId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlphabet) - 2);
  std::string id = "g";  // a letter first keeps generated ids apart from dates
  for (int i = 0; i < 15; ++i) id += kAlphabet[pick(generator)];
  return id;
}

}  // namespace galley::domain
