// libFuzzer target: the page importer (domain/page_import.h) and the content
// rules its articles then meet. Whatever the bytes, ParsePage returns or
// throws domain::Error (INVALID_ARGUMENT), never anything else, and what it
// returns is fit to store: valid UTF-8 without NUL, a headline on every
// article, no more articles than the limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "domain/error.h"
#include "domain/page_import.h"
#include "domain/text.h"

namespace {

using galley::domain::ImportedPage;

void Require(bool holds) {
  if (!holds) std::abort();
}

void RequireStorable(const std::string& text) {
  Require(galley::domain::CountUtf8CodePoints(text).has_value());
  Require(text.find('\0') == std::string::npos);
}

void CheckPage(const ImportedPage& page) {
  Require(!page.articles.empty());
  Require(page.articles.size() <= galley::domain::kMaxImportedArticles);
  int last_line = 0;
  for (const auto& article : page.articles) {
    const auto& content = article.content;
    Require(!content.headline.empty());
    Require(article.line > last_line);  // page order
    last_line = article.line;
    for (const auto* text : {&content.headline, &content.kicker, &content.subheadline}) RequireStorable(*text);
    for (const auto& block : content.body) {
      RequireStorable(block.text);
      RequireStorable(block.credit);
      Require(block.photo.empty());
    }
    for (const auto& byline : content.bylines) RequireStorable(byline.display_name);
  }
  galley::domain::FieldViolations violations;
  galley::domain::CheckImportedPage(violations, "text", page);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    CheckPage(galley::domain::ParsePage("text", text));
  } catch (const galley::domain::Error& error) {
    Require(error.code() == galley::domain::ErrorCode::kInvalidArgument);
  }
  return 0;
}
