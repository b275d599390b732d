// libFuzzer target: the validators of whole resources that Create and
// Update requests carry (CheckPublication, CheckIssue, CheckSection,
// CheckContributor, CheckPhoto, CheckArticleContent, CheckActionRequest).
// The input's lines fill each resource's fields in order; an article's
// lines after the eighth are `tag|…`, `by|name|contributor|role|credit` or
// `kind|text|photo|credit` blocks. Whatever the bytes, every violation is
// on a field of the request, the violations throw as INVALID_ARGUMENT
// (words in UTF-8 when the input was), and a resource with none is fit to
// store: all its text valid UTF-8 without NUL and within its limit in
// characters, required fields present, references well-formed names, enums
// known, numbers in range, lists within their limits and without repeats.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/contributor.h"
#include "domain/error.h"
#include "domain/issue.h"
#include "domain/photo.h"
#include "domain/publication.h"
#include "domain/workflow.h"
#include "fuzz_contract.h"

namespace {

namespace d = galley::domain;
using galley::fuzz::Require;

struct Lines {
  std::vector<std::string> lines;
  std::string operator[](std::size_t i) const { return i < lines.size() ? lines[i] : std::string(); }
};

// An optional '-' and up to nine digits; anything else reads as 0.
int NumberOf(const std::string& text) {
  const std::size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  const bool negative = start == 1;
  int value = 0;
  for (std::size_t i = start; i < text.size() && i < start + 9; ++i) {
    if (text[i] < '0' || text[i] > '9') return 0;
    value = value * 10 + (text[i] - '0');
  }
  return negative ? -value : value;
}

void RequireText(const std::string& text, std::size_t max_chars, bool required, const char* what) {
  galley::fuzz::RequireStorable(text, what);
  const auto chars = d::CountUtf8CodePoints(text);
  Require(*chars <= max_chars, what);
  Require(!required || !text.empty(), what);
}

bool Parses(const d::NamePattern& pattern, const std::string& name) {
  try {
    pattern.Parse("name", name);
    return true;
  } catch (const d::Error&) {
    return false;
  }
}

bool Unique(const std::vector<std::string>& list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (std::find(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(i), list[i]) !=
        list.begin() + static_cast<std::ptrdiff_t>(i)) {
      return false;
    }
  }
  return true;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool LanguageShaped(const std::string& tag) {
  if (tag.empty() || tag.size() > 35) return false;
  for (const char c : tag) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// Whether the checks found nothing; either way, the violations must be
// well-formed and on fields under `prefix`.
bool Accepted(const d::FieldViolations& violations, const std::string& prefix, bool utf8) {
  for (const auto& violation : violations.list()) {
    Require(violation.field.compare(0, prefix.size(), prefix) == 0, "a violation names a field of another message");
  }
  try {
    violations.ThrowIfAny();
  } catch (const d::Error& error) {
    galley::fuzz::RequireRefusal(error, d::ErrorCode::kInvalidArgument, utf8);
    Require(error.field_violations().size() == violations.list().size(), "ThrowIfAny dropped violations");
    return false;
  }
  return true;
}

void CheckPublication(const Lines& in, bool utf8) {
  d::Publication publication;
  publication.display_name = in[0];
  publication.language = in[1];
  publication.time_zone = in[2];
  d::FieldViolations violations;
  d::CheckPublication(violations, "publication", publication);
  if (!Accepted(violations, "publication", utf8)) return;
  RequireText(publication.display_name, d::kMaxDisplayNameChars, true, "publication.display_name accepted");
  Require(LanguageShaped(publication.language), "publication.language accepted without the shape of a tag");
  const std::string& zone = publication.time_zone;
  Require(!zone.empty() && zone.size() <= 64 && zone.front() != '/' && zone.find("..") == std::string::npos,
          "publication.time_zone accepted a path outside the zone database");
}

void CheckIssue(const Lines& in, bool utf8) {
  d::Issue issue;
  issue.issue_date = in[0];
  issue.title = in[1];
  issue.issue_number = NumberOf(in[2]);
  d::FieldViolations violations;
  d::CheckIssue(violations, "issue", issue);
  if (!Accepted(violations, "issue", utf8)) return;
  Require(issue.issue_date.size() == 10 && d::IsIsoDate(issue.issue_date), "issue.issue_date accepted");
  Require(issue.issue_number >= 0, "issue.issue_number accepted negative");
  RequireText(issue.title, d::kMaxIssueTitleChars, false, "issue.title accepted");
}

void CheckSection(const Lines& in, bool utf8) {
  d::Section section;
  section.display_name = in[0];
  section.page_number = NumberOf(in[1]);
  section.position = NumberOf(in[2]);
  d::FieldViolations violations;
  d::CheckSection(violations, "section", section);
  if (!Accepted(violations, "section", utf8)) return;
  RequireText(section.display_name, d::kMaxSectionNameChars, true, "section.display_name accepted");
  Require(section.page_number >= 0 && section.page_number <= d::kMaxPageNumber, "section.page_number accepted");
  Require(section.position >= 0, "section.position accepted negative");
}

void CheckContributor(const Lines& in, bool utf8) {
  d::Contributor contributor;
  contributor.display_name = in[0];
  contributor.affiliation = in[1];
  if (!in[2].empty()) contributor.roles = galley::fuzz::SplitOn(in[2], '|');
  d::FieldViolations violations;
  d::CheckContributor(violations, "contributor", contributor);
  if (!Accepted(violations, "contributor", utf8)) return;
  RequireText(contributor.display_name, d::kMaxContributorNameChars, true, "contributor.display_name accepted");
  RequireText(contributor.affiliation, d::kMaxAffiliationChars, false, "contributor.affiliation accepted");
  for (const auto& role : contributor.roles) Require(Contains(d::ContributorRoles(), role), "an unknown role accepted");
  Require(Unique(contributor.roles), "a repeated role accepted");
}

void CheckPhoto(const Lines& in, bool utf8) {
  d::Photo photo;
  photo.caption = in[0];
  photo.credit = in[1];
  photo.alt_text = in[2];
  photo.photographer = in[3];
  d::FieldViolations violations;
  d::CheckPhoto(violations, "photo", photo);
  if (!Accepted(violations, "photo", utf8)) return;
  RequireText(photo.caption, d::kMaxCaptionChars, false, "photo.caption accepted");
  RequireText(photo.credit, d::kMaxCreditChars, false, "photo.credit accepted");
  RequireText(photo.alt_text, d::kMaxCaptionChars, false, "photo.alt_text accepted");
  Require(photo.photographer.empty() || Parses(d::ContributorName(), photo.photographer),
          "photo.photographer accepted a malformed name");
}

void CheckActions(const Lines& in, bool utf8) {
  for (const auto action : {d::ArticleAction::kSubmit, d::ArticleAction::kApprove, d::ArticleAction::kReject,
                            d::ArticleAction::kPublish, d::ArticleAction::kUnpublish, d::ArticleAction::kKill}) {
    d::ActionRequest request;
    request.action = action;
    request.note = in[0];
    d::FieldViolations violations;
    d::CheckActionRequest(violations, request);
    if (!Accepted(violations, "", utf8)) continue;
    const bool required = action == d::ArticleAction::kReject || action == d::ArticleAction::kKill;
    RequireText(request.note, d::kMaxNoteChars, required, "an action's note accepted");
  }
}

d::ArticleContent ContentOf(const Lines& in) {
  d::ArticleContent content;
  content.headline = in[0];
  content.kicker = in[1];
  content.subheadline = in[2];
  content.summary = in[3];
  content.dateline = in[4];
  content.language = in[5];
  content.section = in[6];
  content.position = NumberOf(in[7]);
  for (std::size_t i = 8; i < in.lines.size(); ++i) {
    const Lines parts{galley::fuzz::SplitOn(in.lines[i], '|')};
    if (parts[0] == "tag") {
      content.tags.push_back(parts[1]);
    } else if (parts[0] == "by") {
      content.bylines.push_back({parts[2], parts[1], parts[3], parts[4]});
    } else {
      content.body.push_back({parts[0], parts[1], parts[2], parts[3]});
    }
  }
  return content;
}

void CheckArticle(const Lines& in, bool utf8) {
  const d::ArticleContent content = ContentOf(in);
  d::FieldViolations violations;
  d::CheckArticleContent(violations, "article", content);
  if (!Accepted(violations, "article", utf8)) return;
  RequireText(content.headline, d::kMaxHeadlineChars, true, "article.headline accepted");
  RequireText(content.kicker, d::kMaxHeadlineChars, false, "article.kicker accepted");
  RequireText(content.subheadline, d::kMaxHeadlineChars, false, "article.subheadline accepted");
  RequireText(content.summary, d::kMaxSummaryChars, false, "article.summary accepted");
  RequireText(content.dateline, d::kMaxDatelineChars, false, "article.dateline accepted");
  Require(content.language.empty() || LanguageShaped(content.language), "article.language accepted");
  Require(content.section.empty() || Parses(d::SectionName(), content.section), "article.section accepted");
  Require(content.position >= 0, "article.position accepted negative");
  Require(content.body.size() <= d::kMaxBodyBlocks, "too many blocks accepted");
  for (const auto& block : content.body) {
    const bool photo = block.kind == "PHOTO";
    Require(Contains({"PARAGRAPH", "SUBHEADING", "PHOTO", "QUOTE"}, block.kind), "a block kind accepted");
    RequireText(block.text, photo ? d::kMaxCaptionChars : d::kMaxBlockTextChars, !photo, "a block's text accepted");
    RequireText(block.credit, d::kMaxCreditChars, false, "a block's credit accepted");
    Require(photo ? block.photo.empty() || Parses(d::PhotoName(), block.photo) : block.photo.empty(),
            "a block's photo accepted");
  }
  Require(content.bylines.size() <= d::kMaxBylines, "too many bylines accepted");
  for (const auto& byline : content.bylines) {
    RequireText(byline.display_name, d::kMaxContributorNameChars, true, "a byline's name accepted");
    RequireText(byline.credit, 100, false, "a byline's credit accepted");
    Require(byline.contributor.empty() || Parses(d::ContributorName(), byline.contributor),
            "a byline's contributor accepted");
    Require(byline.role.empty() || Contains(d::ContributorRoles(), byline.role), "a byline's role accepted");
  }
  Require(content.tags.size() <= d::kMaxTags && Unique(content.tags), "tags accepted");
  for (const auto& tag : content.tags) RequireText(tag, d::kMaxTagChars, true, "a tag accepted");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = galley::fuzz::AsString(data, size);
  const bool utf8 = galley::fuzz::IsUtf8(text);
  const Lines in{galley::fuzz::SplitOn(text, '\n')};
  CheckPublication(in, utf8);
  CheckIssue(in, utf8);
  CheckSection(in, utf8);
  CheckContributor(in, utf8);
  CheckPhoto(in, utf8);
  CheckActions(in, utf8);
  CheckArticle(in, utf8);
  return 0;
}
