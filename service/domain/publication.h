// A publication (a newspaper) and the rules its fields follow.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "domain/list_query.h"
#include "domain/resource_name.h"
#include "domain/time.h"
#include "domain/update_mask.h"

namespace galley::domain {

struct Publication {
  std::string id;
  std::string display_name;
  std::string language;
  std::string time_zone;
  std::int64_t version = 0;  // bumped by every update; the etag derives from it
  Timestamp create_time;
  Timestamp update_time;

  std::string Name() const;
  std::string Etag() const;
};

const NamePattern& PublicationName();  // publications/{publication}

// Limits, in characters.
constexpr std::size_t kMaxDisplayNameChars = 200;

// Adds a violation for every field of `publication` that breaks its rule;
// `prefix` is the request field holding it ("publication").
void CheckPublication(FieldViolations& violations, const std::string& prefix,
                      const Publication& publication);

// Copies the fields named in `mask` from `update` into `target`.
void ApplyPublicationUpdate(Publication& target, const Publication& update, const std::set<std::string>& mask);

const ResourceFields& PublicationFields();               // for update_mask
const std::vector<QueryableField>& PublicationQueryFields();  // for filter and order_by

// BCP 47 syntax: a language subtag, then optional script, region and variants
// (`zh`, `zh-Hans`, `zh-Hans-CN`, `en-GB`).
bool IsLanguageTag(const std::string& tag);

// An IANA time zone name present in the system's time zone database
// (`Asia/Shanghai`, `UTC`).
bool IsKnownTimeZone(const std::string& name);

}  // namespace galley::domain
