#include "cli/story_file.h"

#include "api/article_conversion.h"
#include "app/options.h"
#include "domain/error.h"
#include "domain/page_import.h"

namespace galley::cli {

v1::Article ReadStory(const std::string& what, const std::string& text) {
  domain::ImportedPage page;
  try {
    page = domain::ParsePage("story", text);
  } catch (const domain::Error& error) {
    const auto& violations = error.field_violations();
    throw app::UsageError(what + ": " + (violations.empty() ? error.what() : violations[0].description));
  }
  if (page.articles.size() != 1) {
    throw app::UsageError(what + ": holds " + std::to_string(page.articles.size()) +
                          " articles (a \"## \" headline each); a story file holds one. To bring in a whole page, "
                          "use `galley article import`");
  }
  domain::Article article;
  article.content = std::move(page.articles[0].content);
  v1::Article story;
  api::ToProto(article, &story);
  // Only what the file says: the rest of ToProto's output describes no article.
  v1::Article out;
  out.set_headline(story.headline());
  out.set_kicker(story.kicker());
  out.set_subheadline(story.subheadline());
  *out.mutable_bylines() = story.bylines();
  *out.mutable_body() = story.body();
  return out;
}

const std::vector<std::string>& StoryFields() {
  static const std::vector<std::string> kFields{"headline", "kicker", "subheadline", "bylines", "body"};
  return kFields;
}

}  // namespace galley::cli
