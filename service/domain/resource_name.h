// Resource names and ids (AIP-122): `publications/gannan-daily`,
// `publications/gannan-daily/issues/2026-05-12`. Every service parses and
// formats names through here, so a name means the same thing everywhere.
#pragma once

#include <string>
#include <vector>

#include "domain/error.h"

namespace galley::domain {

// A name pattern such as "publications/{publication}/issues/{issue}".
class NamePattern {
 public:
  explicit NamePattern(std::string pattern);

  // The ids in the order the pattern names them. Throws INVALID_ARGUMENT for
  // `field` when `name` does not match the pattern or an id is malformed.
  std::vector<std::string> Parse(const std::string& field, const std::string& name) const;

  // The name for these ids (which must be valid; no check is made).
  std::string Format(const std::vector<std::string>& ids) const;

  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::vector<std::string> collections_;  // "publications", "issues", ...
};

// 1 to 63 characters: lowercase ASCII letters, digits and hyphens, starting
// with a letter or digit and not ending with a hyphen (`gannan-daily`, `a03`,
// `2026-05-12`). Ids are ASCII so that names are safe in URLs and logs.
bool IsValidResourceId(const std::string& id);
std::string ResourceIdRuleText();

// Checks an id a client chose (`publication_id`), adding a violation for it.
void CheckResourceId(FieldViolations& violations, const std::string& field, const std::string& id);

// A fresh random id for a resource created without one.
std::string GenerateResourceId();

}  // namespace galley::domain
