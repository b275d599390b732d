// The columns `galley <noun> list` shows for each of Galley's resources, and
// how the messages inside a resource read as one line in `galley <noun> get`.
#include <google/protobuf/message.h>

#include "cli/display_width.h"
#include "cli/output_style.h"
#include "galley/v1/article.pb.h"

namespace galley::cli {

namespace {

constexpr std::size_t kUncut = 0;  // names: whole, to copy into the next command
constexpr std::size_t kText = 40;
constexpr std::size_t kLine = 72;

// A LineFormat for the generated type T.
template <typename T>
std::pair<const std::string, LineFormat> LineOf(std::string (*format)(const T&)) {
  return {T::descriptor()->full_name(), [format](const google::protobuf::Message& message) {
            const T* typed = google::protobuf::DynamicCastToGenerated<T>(&message);
            return typed == nullptr ? std::string() : format(*typed);
          }};
}

// `PARAGRAPH  日前,走进…`; a photo block shows its credit and the photo it
// places, or that the picture is still to be attached.
std::string BlockLine(const v1::Block& block) {
  std::string line = v1::Block::Kind_Name(block.kind());
  if (block.kind() == v1::Block::PHOTO) line += block.photo().empty() ? "  (no photo attached yet)" : "  " + block.photo();
  if (!block.credit().empty()) line += "  [" + block.credit() + "]";
  if (!block.text().empty()) line += "  " + block.text();
  return CutToWidth(line, kLine);
}

// `尹才霞 (REPORTER) 本报记者`
std::string BylineLine(const v1::Byline& byline) {
  std::string line = byline.display_name().empty() ? byline.contributor() : byline.display_name();
  if (byline.role() != v1::Contributor::ROLE_UNSPECIFIED) line += " (" + v1::Contributor::Role_Name(byline.role()) + ")";
  if (!byline.credit().empty()) line += " " + byline.credit();
  return line;
}

std::string CorrectionLine(const v1::Correction& correction) {
  return "revision " + std::to_string(correction.revision()) + ": " + CutToWidth(correction.text(), kLine);
}

// An article inside another response (PublishIssueResponse).
std::string ArticleLine(const v1::Article& article) {
  return article.name() + "  " + v1::Article::State_Name(article.state()) + "  " + CutToWidth(article.headline(), kText);
}

}  // namespace

const OutputStyle& GalleyOutputStyle() {
  static const OutputStyle style{
      {
          {"galley.v1.Publication",
           {{"NAME", "name", kUncut}, {"DISPLAY NAME", "display_name", kText}, {"LANGUAGE", "language", kText},
            {"TIME ZONE", "time_zone", kText}}},
          {"galley.v1.Issue",
           {{"NAME", "name", kUncut}, {"DATE", "issue_date", kText}, {"STATE", "state", kText}, {"TITLE", "title", kText}}},
          {"galley.v1.Section",
           {{"NAME", "name", kUncut}, {"PAGE", "page_number", kText}, {"POSITION", "position", kText},
            {"DISPLAY NAME", "display_name", kText}}},
          {"galley.v1.Article",
           {{"NAME", "name", kUncut}, {"STATE", "state", kText}, {"REVISION", "revision", kText},
            {"HEADLINE", "headline", kText}}},
          {"galley.v1.SearchResult",
           {{"NAME", "article.name", kUncut}, {"STATE", "article.state", kText}, {"HEADLINE", "article.headline", kText},
            {"SNIPPET", "snippet", kText}}},
          {"galley.v1.ArticleRevision",
           {{"NAME", "name", kUncut}, {"AUTHOR", "author", kText}, {"CREATED", "create_time", kText},
            {"CHANGED", "changed_fields", kText}}},
          {"galley.v1.Contributor",
           {{"NAME", "name", kUncut}, {"DISPLAY NAME", "display_name", kText}, {"ROLES", "roles", kText},
            {"AFFILIATION", "affiliation", kText}}},
          {"galley.v1.Photo",
           {{"NAME", "name", kUncut}, {"TYPE", "mime_type", kText}, {"WIDTH", "width", kText},
            {"HEIGHT", "height", kText}, {"CAPTION", "caption", kText}}},
          {"galley.v1.Token",
           {{"NAME", "name", kUncut}, {"PRINCIPAL", "principal", kText}, {"ROLE", "role", kText},
            {"CREATED", "create_time", kText}, {"EXPIRES", "expire_time", kText}, {"REVOKED", "revoke_time", kText}}},
          {"galley.v1.AuditEvent",
           {{"TIME", "time", kText}, {"PRINCIPAL", "principal", kText}, {"METHOD", "method", kText},
            {"RESOURCE", "resource", kUncut}, {"OUTCOME", "outcome", kText}}},
          {"galley.v1.Change",
           {{"SEQUENCE", "sequence", kText}, {"TYPE", "type", kText}, {"RESOURCE", "resource", kUncut},
            {"COMMIT TIME", "commit_time", kText}}},
      },
      {LineOf(&BlockLine), LineOf(&BylineLine), LineOf(&CorrectionLine), LineOf(&ArticleLine)},
  };
  return style;
}

}  // namespace galley::cli
