// libFuzzer target: resource names and the ids clients choose
// (domain/resource_name.h, request_id.h, access_token.h). Whatever the bytes,
// every name pattern's Parse either throws INVALID_ARGUMENT naming the field
// or returns one valid id per collection such that Format(Parse(x)) == x;
// ids that are valid come back from Parse(Format(ids)) unchanged; a section
// name's issue is the issue its ids name; and IsValidResourceId,
// CheckResourceId, CheckRequestId and CheckPrincipal agree with the rules
// their headers state, checked here independently.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/access_token.h"
#include "domain/article.h"
#include "domain/contributor.h"
#include "domain/error.h"
#include "domain/issue.h"
#include "domain/publication.h"
#include "domain/request_id.h"
#include "domain/resource_name.h"
#include "fuzz_contract.h"

namespace {

using galley::domain::NamePattern;
using galley::fuzz::Require;

const std::vector<const NamePattern*>& Patterns() {
  namespace d = galley::domain;
  static const std::vector<const NamePattern*> kPatterns{
      &d::PublicationName(), &d::IssueName(),     &d::SectionName(), &d::ArticleName(),
      &d::ArticleRevisionName(), &d::PhotoName(), &d::ContributorName(), &d::AccessTokenName(),
  };
  return kPatterns;
}

std::size_t IdCount(const NamePattern& pattern) {
  std::size_t slashes = 0;
  for (const char c : pattern.pattern()) slashes += c == '/';
  return (slashes + 1) / 2;
}

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// AIP-122 as resource_name.h states it.
bool ExpectedValidId(const std::string& id) {
  if (id.empty() || id.size() > 63) return false;
  for (const char c : id) {
    if (!IsLowerOrDigit(c) && c != '-') return false;
  }
  return id.front() != '-' && id.back() != '-';
}

bool ExpectedValidRequestId(const std::string& id) {
  if (id.size() > 64) return false;
  for (const char c : id) {
    if (!IsLowerOrDigit(c) && !(c >= 'A' && c <= 'Z') && c != '-' && c != '_') return false;
  }
  return true;
}

bool ExpectedValidPrincipal(const std::string& principal) {
  if (principal.empty() || principal.size() > 100) return false;
  for (const char c : principal) {
    if (!IsLowerOrDigit(c) && !(c >= 'A' && c <= 'Z') && c != '.' && c != '_' && c != '@' && c != '-') return false;
  }
  return true;
}

void CheckName(const NamePattern& pattern, const std::string& name, bool utf8) {
  std::vector<std::string> ids;
  try {
    ids = pattern.Parse("name", name);
  } catch (const galley::domain::Error& error) {
    galley::fuzz::RequireInvalidField(error, "name", utf8);
    return;
  }
  Require(ids.size() == IdCount(pattern), "Parse returned the wrong number of ids");
  for (const auto& id : ids) Require(ExpectedValidId(id), "Parse returned an invalid id");
  Require(pattern.Format(ids) == name, "Format(Parse(name)) != name");
  if (&pattern == &galley::domain::SectionName()) {
    Require(galley::domain::IssueOfSection(name) == galley::domain::IssueName().Format({ids[0], ids[1]}),
            "IssueOfSection names another issue than the section's ids");
  }
}

void CheckIds(const std::vector<std::string>& ids) {
  for (const auto* pattern : Patterns()) {
    const std::size_t count = IdCount(*pattern);
    if (ids.size() < count) continue;
    const std::vector<std::string> chosen(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(count));
    bool all_valid = true;
    for (const auto& id : chosen) all_valid = all_valid && ExpectedValidId(id);
    if (!all_valid) continue;
    Require(pattern->Parse("name", pattern->Format(chosen)) == chosen, "Parse(Format(ids)) != ids");
  }
}

void CheckIdentifier(const std::string& text, bool utf8) {
  const bool valid = ExpectedValidId(text);
  Require(galley::domain::IsValidResourceId(text) == valid, "IsValidResourceId disagrees with AIP-122");
  galley::domain::FieldViolations violations;
  galley::domain::CheckResourceId(violations, "publication_id", text);
  Require(violations.empty() == valid, "CheckResourceId disagrees with IsValidResourceId");

  galley::domain::FieldViolations request_id;
  galley::domain::CheckRequestId(request_id, "request_id", text);
  Require(request_id.empty() == ExpectedValidRequestId(text), "CheckRequestId disagrees with its rule");

  galley::domain::FieldViolations principal;
  galley::domain::CheckPrincipal(principal, "token.principal", text);
  Require(principal.empty() == ExpectedValidPrincipal(text), "CheckPrincipal disagrees with its rule");

  for (const auto* list : {&violations, &request_id, &principal}) {
    try {
      list->ThrowIfAny();
    } catch (const galley::domain::Error& error) {
      galley::fuzz::RequireRefusal(error, galley::domain::ErrorCode::kInvalidArgument, utf8);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = galley::fuzz::AsString(data, size);
  const bool utf8 = galley::fuzz::IsUtf8(text);
  for (const auto* pattern : Patterns()) CheckName(*pattern, text, utf8);
  CheckIds(galley::fuzz::SplitOn(text, '\n'));
  CheckIdentifier(text, utf8);
  return 0;
}
