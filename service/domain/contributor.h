// Contributors: the people bylines name (reporters, correspondents 通讯员,
// photographers, editors), and the rules their fields follow.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/list_query.h"
#include "domain/resource_name.h"
#include "domain/time.h"
#include "domain/update_mask.h"

namespace galley::domain {

// The roles, by the names the API and the database use.
const std::vector<std::string>& ContributorRoles();  // REPORTER, CORRESPONDENT, PHOTOGRAPHER, EDITOR

struct Contributor {
  std::string publication_id;
  std::string id;
  std::string display_name;
  std::vector<std::string> roles;  // names from ContributorRoles(), each once
  std::string affiliation;
  std::int64_t version = 0;
  Timestamp create_time;
  Timestamp update_time;

  std::string Name() const;
  std::string Etag() const;
};

const NamePattern& ContributorName();  // publications/{publication}/contributors/{contributor}

constexpr std::size_t kMaxContributorNameChars = 100;
constexpr std::size_t kMaxAffiliationChars = 200;

void CheckContributor(FieldViolations& violations, const std::string& prefix, const Contributor& contributor);
void ApplyContributorUpdate(Contributor& target, const Contributor& update, const std::set<std::string>& mask);

const ResourceFields& ContributorFields();
const std::vector<QueryableField>& ContributorQueryFields();

}  // namespace galley::domain
