// libFuzzer target: update masks (domain/update_mask.h) against the fields
// of every updatable resource. The input is the mask's paths, one a line.
// Whatever they are, ResolveUpdateMask returns exactly the mutable fields
// they name (all of them for `*` alone), never an output-only or unknown
// one, or throws INVALID_ARGUMENT on `update_mask` with one violation per
// path it refuses (one in all for more than kMaxUpdateMaskPaths paths); it
// accepts precisely the masks that rule allows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/contributor.h"
#include "domain/error.h"
#include "domain/issue.h"
#include "domain/photo.h"
#include "domain/publication.h"
#include "domain/update_mask.h"
#include "fuzz_contract.h"

namespace {

using galley::domain::ResourceFields;
using galley::fuzz::Require;

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void CheckMask(const std::vector<std::string>& paths, const ResourceFields& fields, bool utf8) {
  const bool star = Contains(paths, "*");
  std::size_t refused_paths = 0;
  for (const auto& path : paths) refused_paths += !Contains(fields.mutable_fields, path);
  const bool too_many = paths.size() > galley::domain::kMaxUpdateMaskPaths;
  const bool acceptable = !paths.empty() && !too_many && (star ? paths.size() == 1 : refused_paths == 0);

  std::set<std::string> resolved;
  try {
    resolved = galley::domain::ResolveUpdateMask(paths, fields);
  } catch (const galley::domain::Error& error) {
    Require(!acceptable, "an acceptable mask was refused");
    galley::fuzz::RequireInvalidField(error, "update_mask", utf8);
    for (const auto& violation : error.field_violations()) {
      Require(violation.field == "update_mask", "a mask violation names another field");
    }
    if (too_many) {
      Require(error.field_violations().size() == 1, "too many paths, but not refused with one violation");
    } else if (!star && !paths.empty()) {
      Require(error.field_violations().size() == refused_paths, "not one violation per refused path");
    }
    return;
  }
  Require(acceptable, "an unacceptable mask was accepted");
  const std::set<std::string> expected = star ? std::set<std::string>(fields.mutable_fields.begin(),
                                                                      fields.mutable_fields.end())
                                              : std::set<std::string>(paths.begin(), paths.end());
  Require(resolved == expected, "the mask resolved to other fields than it names");
  for (const auto& field : resolved) Require(!Contains(fields.output_only, field), "an output-only field resolved");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace d = galley::domain;
  const std::string text = galley::fuzz::AsString(data, size);
  const bool utf8 = galley::fuzz::IsUtf8(text);
  const std::vector<std::string> paths = text.empty() ? std::vector<std::string>{} : galley::fuzz::SplitOn(text, '\n');
  for (const auto* fields : {&d::PublicationFields(), &d::IssueFields(), &d::SectionFields(), &d::ArticleFields(),
                             &d::ContributorFields(), &d::PhotoFields()}) {
    CheckMask(paths, *fields, utf8);
  }
  return 0;
}
