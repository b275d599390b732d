#include "domain/ninjs.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/json_writer.h"
#include "domain/text.h"

namespace galley::domain {

namespace {

constexpr const char* kPhotoBlock = "PHOTO";

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::int64_t CharCount(const std::string& text) {
  return static_cast<std::int64_t>(CountUtf8CodePoints(text).value_or(text.size()));
}

// The photo id of a photo resource name, which names its association.
std::string PhotoIdOf(const std::string& photo_name) { return photo_name.substr(photo_name.rfind('/') + 1); }

std::string BodyHtml(const std::vector<Block>& body) {
  std::string html;
  for (const auto& block : body) {
    const std::string text = EscapeHtml(block.text);
    if (block.kind == "SUBHEADING") {
      html += "<h2>" + text + "</h2>";
    } else if (block.kind == "QUOTE") {
      html += "<blockquote><p>" + text + "</p></blockquote>";
    } else if (block.kind == kPhotoBlock) {
      html += "<figure data-association=\"" + EscapeHtml(PhotoIdOf(block.photo)) + "\"><figcaption>" + text;
      if (!block.credit.empty()) html += " <span class=\"credit\">" + EscapeHtml(block.credit) + "</span>";
      html += "</figcaption></figure>";
    } else {
      html += "<p>" + text + "</p>";
    }
  }
  return html;
}

// The text readers read, without the photos: blocks separated by a blank line.
std::string BodyText(const std::vector<Block>& body) {
  std::string text;
  for (const auto& block : body) {
    if (block.kind == kPhotoBlock) continue;
    if (!text.empty()) text += "\n\n";
    text += block.text;
  }
  return text;
}

// "本报记者 尹才霞 薛顺鑫": each byline's credit and name, as printed.
std::string ByLine(const std::vector<Byline>& bylines) {
  std::string by;
  for (const auto& byline : bylines) {
    for (const auto* part : {&byline.credit, &byline.display_name}) {
      if (part->empty()) continue;
      if (!by.empty()) by += ' ';
      by += *part;
    }
  }
  return by;
}

// What every item readers may use begins with: its kind, version and times.
void WriteUsableItem(JsonWriter& json, const char* type, std::int64_t version, Timestamp first_created,
                     Timestamp version_created) {
  json.Key("type").String(type);
  json.Key("version").String(std::to_string(version));
  json.Key("firstcreated").String(FormatRfc3339(first_created));
  json.Key("versioncreated").String(FormatRfc3339(version_created));
  json.Key("pubstatus").String("usable");
}

void WriteValues(JsonWriter& json, const std::string& key,
                 const std::vector<std::pair<std::string, std::string>>& roles_and_values) {
  bool any = false;
  for (const auto& [role, value] : roles_and_values) {
    if (value.empty()) continue;
    if (!any) json.Key(key).BeginArray();
    any = true;
    json.BeginObject().Member("role", role).Key("value").String(value).EndObject();
  }
  if (any) json.EndArray();
}

void WritePerson(JsonWriter& json, const std::string& name, const std::string& rel, const std::string& contributor) {
  json.BeginObject().Member("name", name).Member("rel", rel);
  if (!contributor.empty()) json.Key("uri").String(NinjsUri(contributor));
  json.EndObject();
}

// What describes a photo, as an association of an article (with the
// caption and credit the article prints) or as an item of its own. Its
// version was created at `version_created`.
void WritePictureFields(JsonWriter& json, const Photo& photo, const std::string& caption, const std::string& credit,
                        Timestamp version_created) {
  WriteUsableItem(json, "picture", photo.version, photo.create_time, version_created);
  WriteValues(json, "descriptions", {{"caption", caption}, {"alt", photo.alt_text}});
  json.Member("by", credit);
  if (!photo.photographer.empty()) {
    json.Key("people").BeginArray();
    WritePerson(json, "", "photographer", photo.photographer);
    json.EndArray();
  }
  json.Key("altids").BeginArray();
  json.BeginObject().Key("role").String("sha256").Key("value").String(photo.sha256).EndObject();
  json.EndArray();
  json.Key("renditions").BeginArray().BeginObject();
  json.Key("name").String("original");
  json.Member("contenttype", photo.mime_type);
  json.Key("width").Number(photo.width);
  json.Key("height").Number(photo.height);
  json.Key("sizeinbytes").Number(photo.size_bytes);
  json.EndObject().EndArray();
}

void WritePhotoAssociations(JsonWriter& json, const std::vector<Block>& body, const std::vector<Photo>& photos) {
  std::set<std::string> written;
  bool any = false;
  for (const auto& block : body) {
    if (block.kind != kPhotoBlock || !written.insert(block.photo).second) continue;
    if (!any) json.Key("associations").BeginArray();
    any = true;
    json.BeginObject();
    json.Key("name").String(PhotoIdOf(block.photo));
    json.Key("uri").String(NinjsUri(block.photo));
    const auto photo = std::find_if(photos.begin(), photos.end(),
                                    [&](const Photo& candidate) { return candidate.Name() == block.photo; });
    if (photo != photos.end()) {
      WritePictureFields(json, *photo, block.text.empty() ? photo->caption : block.text,
                         block.credit.empty() ? photo->credit : block.credit, photo->update_time);
    } else {
      json.Key("type").String("picture");
    }
    json.EndObject();
  }
  if (any) json.EndArray();
}

void WriteArticle(JsonWriter& json, const Change& change, const Article& article) {
  const ArticleContent& content = article.content;
  WriteUsableItem(json, "text", article.revision, article.create_time, change.commit_time);
  json.Key("representationtype").String("full");
  json.Key("profile").String("galley-article");
  json.Member("language", content.language);
  WriteValues(json, "headlines",
              {{"main", content.headline}, {"kicker", content.kicker}, {"subheadline", content.subheadline}});
  std::vector<std::pair<std::string, std::string>> descriptions{{"summary", content.summary}};
  for (const auto& correction : article.corrections) descriptions.emplace_back("correction", correction.text);
  WriteValues(json, "descriptions", descriptions);
  const std::string html = BodyHtml(content.body);
  const std::string text = BodyText(content.body);
  if (!content.body.empty()) {
    json.Key("bodies").BeginArray();
    json.BeginObject().Key("role").String("main").Key("contenttype").String("text/html");
    json.Key("charcount").Number(CharCount(text)).Key("value").String(html).EndObject();
    json.BeginObject().Key("role").String("main").Key("contenttype").String("text/plain");
    json.Key("charcount").Number(CharCount(text)).Key("value").String(text).EndObject();
    json.EndArray();
  }
  json.Member("by", ByLine(content.bylines));
  if (!content.bylines.empty()) {
    json.Key("people").BeginArray();
    for (const auto& byline : content.bylines) {
      WritePerson(json, byline.display_name, Lowercase(byline.role), byline.contributor);
    }
    json.EndArray();
  }
  json.Member("located", content.dateline);
  if (!content.tags.empty()) {
    json.Key("subjects").BeginArray();
    for (const auto& tag : content.tags) json.BeginObject().Key("name").String(tag).EndObject();
    json.EndArray();
  }
  WritePhotoAssociations(json, content.body, change.article_photos);
}

void WriteIssue(JsonWriter& json, const Change& change, const Issue& issue) {
  WriteUsableItem(json, "composite", issue.version, issue.create_time, change.commit_time);
  json.Key("profile").String("galley-issue");
  WriteValues(json, "headlines", {{"main", issue.title.empty() ? issue.issue_date : issue.title}});
  WriteValues(json, "altids",
              {{"issue-date", issue.issue_date},
               {"issue-number", issue.issue_number == 0 ? "" : std::to_string(issue.issue_number)}});
  if (!change.articles.empty()) {
    json.Key("associations").BeginArray();
    for (std::size_t i = 0; i < change.articles.size(); ++i) {
      json.BeginObject();
      json.Key("name").String("article-" + std::to_string(i + 1));
      json.Key("uri").String(NinjsUri(change.articles[i]));
      json.Key("type").String("text");
      json.EndObject();
    }
    json.EndArray();
  }
}

// An item readers may no longer use: its status and why, and no content.
void WriteTombstone(JsonWriter& json, const Change& change, const char* status, const std::string& note) {
  json.Key("type").String("text");
  json.Key("versioncreated").String(FormatRfc3339(change.commit_time));
  json.Key("pubstatus").String(status);
  json.Member("ednote", note);
}

}  // namespace

std::string NinjsUri(const std::string& resource_name) { return "urn:galley:" + resource_name; }

std::string NinjsOf(const Change& change) {
  JsonWriter json;
  json.BeginObject();
  json.Key("uri").String(NinjsUri(change.resource));
  switch (change.type) {
    case ChangeType::kArticlePublished:
    case ChangeType::kArticleCorrected:
      if (change.article) {
        WriteArticle(json, change, *change.article);
      } else {
        WriteTombstone(json, change, "canceled", "killed since: remove every copy");
      }
      break;
    case ChangeType::kArticleUnpublished: WriteTombstone(json, change, "withheld", change.reason); break;
    case ChangeType::kArticleKilled: WriteTombstone(json, change, "canceled", change.reason); break;
    case ChangeType::kIssuePublished:
      if (change.issue) {
        WriteIssue(json, change, *change.issue);
      } else {
        json.Key("type").String("composite");
      }
      break;
    case ChangeType::kPhotoUpdated:
      if (change.photo) {
        WritePictureFields(json, *change.photo, change.photo->caption, change.photo->credit, change.commit_time);
      }
      break;
  }
  json.EndObject();
  return json.text();
}

}  // namespace galley::domain
