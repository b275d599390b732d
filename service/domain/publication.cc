#include "domain/publication.h"

#include <fstream>
#include <regex>

#include "domain/etag.h"
#include "domain/text.h"

namespace galley::domain {

std::string Publication::Name() const { return PublicationName().Format({id}); }

std::string Publication::Etag() const { return MakeEtag(Name(), version); }

const NamePattern& PublicationName() {
  static const NamePattern kPattern("publications/{publication}");
  return kPattern;
}

void CheckPublication(FieldViolations& violations, const std::string& prefix,
                      const Publication& publication) {
  CheckText(violations, prefix + ".display_name", publication.display_name,
            TextRule{/*required=*/true, kMaxDisplayNameChars, /*single_line=*/true});
  if (publication.language.empty()) {
    violations.Add(prefix + ".language", "is required: a BCP 47 language tag such as zh-Hans");
  } else if (!IsLanguageTag(publication.language)) {
    violations.Add(prefix + ".language", "must be a BCP 47 language tag such as zh-Hans or en");
  }
  if (publication.time_zone.empty()) {
    violations.Add(prefix + ".time_zone", "is required: an IANA time zone such as Asia/Shanghai");
  } else if (!IsKnownTimeZone(publication.time_zone)) {
    violations.Add(prefix + ".time_zone", "must be an IANA time zone such as Asia/Shanghai");
  }
}

void ApplyPublicationUpdate(Publication& target, const Publication& update, const std::set<std::string>& mask) {
  if (mask.count("display_name") > 0) target.display_name = update.display_name;
  if (mask.count("language") > 0) target.language = update.language;
  if (mask.count("time_zone") > 0) target.time_zone = update.time_zone;
}

const ResourceFields& PublicationFields() {
  static const ResourceFields kFields{
      {"display_name", "language", "time_zone"},
      {"name", "create_time", "update_time", "etag"},
  };
  return kFields;
}

const std::vector<QueryableField>& PublicationQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"name", FieldType::kString, false, true},
      {"display_name", FieldType::kString, true, true},
      {"language", FieldType::kString, true, false},
      {"time_zone", FieldType::kString, true, false},
      {"create_time", FieldType::kTimestamp, true, true},
      {"update_time", FieldType::kTimestamp, true, false},
  };
  return kFields;
}

bool IsLanguageTag(const std::string& tag) {
  static const std::regex kPattern(
      R"([A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*)");
  return tag.size() <= 35 && std::regex_match(tag, kPattern);
}

bool IsKnownTimeZone(const std::string& name) {
  // Only names shaped like zone names reach the file system: no "..", no
  // absolute paths.
  static const std::regex kShape(R"([A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*)");
  if (name.size() > 64 || !std::regex_match(name, kShape)) return false;
  std::ifstream zone_file("/usr/share/zoneinfo/" + name, std::ios::binary);
  char magic[4] = {};
  // Zone files start with "TZif"; that also rules out zone.tab and friends.
  return zone_file.read(magic, sizeof magic) && std::string(magic, 4) == "TZif";
}

}  // namespace galley::domain
