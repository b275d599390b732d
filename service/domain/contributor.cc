#include "domain/contributor.h"

#include <algorithm>

#include "domain/etag.h"
#include "domain/text.h"

namespace galley::domain {

const std::vector<std::string>& ContributorRoles() {
  static const std::vector<std::string> kRoles{"REPORTER", "CORRESPONDENT", "PHOTOGRAPHER", "EDITOR"};
  return kRoles;
}

std::string Contributor::Name() const { return ContributorName().Format({publication_id, id}); }
std::string Contributor::Etag() const { return MakeEtag(Name(), version); }

const NamePattern& ContributorName() {
  static const NamePattern kPattern("publications/{publication}/contributors/{contributor}");
  return kPattern;
}

void CheckContributor(FieldViolations& violations, const std::string& prefix, const Contributor& contributor) {
  CheckText(violations, prefix + ".display_name", contributor.display_name,
            TextRule{/*required=*/true, kMaxContributorNameChars, /*single_line=*/true});
  CheckText(violations, prefix + ".affiliation", contributor.affiliation,
            TextRule{/*required=*/false, kMaxAffiliationChars, /*single_line=*/true});
  const auto& known = ContributorRoles();
  // Each role at most once: more roles than there are cannot all be right.
  if (contributor.roles.size() > known.size()) {
    violations.Add(prefix + ".roles",
                   "has more than " + std::to_string(known.size()) + " roles; each may be listed once");
  }
  for (std::size_t i = 0; i < contributor.roles.size() && i < known.size(); ++i) {
    const auto& role = contributor.roles[i];
    const std::string field = prefix + ".roles[" + std::to_string(i) + "]";
    if (std::find(known.begin(), known.end(), role) == known.end()) {
      violations.Add(field, "must be REPORTER, CORRESPONDENT, PHOTOGRAPHER or EDITOR");
    } else if (std::find(contributor.roles.begin(), contributor.roles.begin() + static_cast<std::ptrdiff_t>(i),
                         role) != contributor.roles.begin() + static_cast<std::ptrdiff_t>(i)) {
      violations.Add(field, role + " is listed twice");
    }
  }
}

void ApplyContributorUpdate(Contributor& target, const Contributor& update, const std::set<std::string>& mask) {
  if (mask.count("display_name") > 0) target.display_name = update.display_name;
  if (mask.count("roles") > 0) target.roles = update.roles;
  if (mask.count("affiliation") > 0) target.affiliation = update.affiliation;
}

const ResourceFields& ContributorFields() {
  static const ResourceFields kFields{{"display_name", "roles", "affiliation"},
                                      {"name", "create_time", "update_time", "etag"}};
  return kFields;
}

const std::vector<QueryableField>& ContributorQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"name", FieldType::kString, false, true},
      {"display_name", FieldType::kString, true, true},
      {"affiliation", FieldType::kString, true, false},
      {"roles", FieldType::kStringList, true, false},
      {"create_time", FieldType::kTimestamp, true, true},
      {"update_time", FieldType::kTimestamp, true, false},
  };
  return kFields;
}

}  // namespace galley::domain
