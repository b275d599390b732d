// Photos: their describing fields and the rules they follow. The bytes are
// checked by image_info.h.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "domain/error.h"
#include "domain/list_query.h"
#include "domain/time.h"
#include "domain/update_mask.h"

namespace galley::domain {

struct Photo {
  std::string publication_id;
  std::string id;
  std::string caption;
  std::string credit;
  std::string photographer;  // a contributor name, or empty
  std::string alt_text;
  std::string mime_type;
  int width = 0;
  int height = 0;
  std::int64_t size_bytes = 0;
  std::string sha256;  // hex
  std::int64_t version = 0;
  Timestamp create_time;
  Timestamp update_time;

  std::string Name() const;
  std::string Etag() const;
};

constexpr std::int64_t kDefaultMaxPhotoBytes = 25LL * 1024 * 1024;

void CheckPhoto(FieldViolations& violations, const std::string& prefix, const Photo& photo);
void ApplyPhotoUpdate(Photo& target, const Photo& update, const std::set<std::string>& mask);

const ResourceFields& PhotoFields();
const std::vector<QueryableField>& PhotoQueryFields();

}  // namespace galley::domain
