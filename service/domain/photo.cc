#include "domain/photo.h"

#include "domain/article.h"
#include "domain/contributor.h"
#include "domain/etag.h"
#include "domain/text.h"

namespace galley::domain {

std::string Photo::Name() const { return PhotoName().Format({publication_id, id}); }
std::string Photo::Etag() const { return MakeEtag(Name(), version); }

void CheckPhoto(FieldViolations& violations, const std::string& prefix, const Photo& photo) {
  CheckText(violations, prefix + ".caption", photo.caption, TextRule{false, kMaxCaptionChars, false});
  CheckText(violations, prefix + ".credit", photo.credit, TextRule{false, kMaxCreditChars, true});
  CheckText(violations, prefix + ".alt_text", photo.alt_text, TextRule{false, kMaxCaptionChars, false});
  if (!photo.photographer.empty()) {
    try {
      ContributorName().Parse(prefix + ".photographer", photo.photographer);
    } catch (const Error& error) {
      for (const auto& violation : error.field_violations()) violations.Add(violation.field, violation.description);
    }
  }
}

void ApplyPhotoUpdate(Photo& target, const Photo& update, const std::set<std::string>& mask) {
  if (mask.count("caption") > 0) target.caption = update.caption;
  if (mask.count("credit") > 0) target.credit = update.credit;
  if (mask.count("photographer") > 0) target.photographer = update.photographer;
  if (mask.count("alt_text") > 0) target.alt_text = update.alt_text;
}

const ResourceFields& PhotoFields() {
  static const ResourceFields kFields{
      {"caption", "credit", "photographer", "alt_text"},
      {"name", "mime_type", "width", "height", "size_bytes", "sha256", "create_time", "update_time", "etag"}};
  return kFields;
}

const std::vector<QueryableField>& PhotoQueryFields() {
  static const std::vector<QueryableField> kFields{
      {"name", FieldType::kString, false, true},
      {"mime_type", FieldType::kString, true, false},
      {"photographer", FieldType::kString, true, false},
      {"create_time", FieldType::kTimestamp, true, true},
  };
  return kFields;
}

}  // namespace galley::domain
