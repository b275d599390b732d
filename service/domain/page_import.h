// Reads a page of plain text as the print system exports it (see
// shared/samples/gannan-daily-page.txt) into the articles it holds. The
// same conventions make the simple text form `galley article create
// --text-file` reads:
//
//   # 产业拔节生长 集群磁力强劲            a `#` line right above a headline: its kicker (引题)
//   ## 赣县区做强“四链三群”推动工业经济跃升   the headline; every article starts with one
//   ### …                                 right under the headline: the subheadline (副题);
//                                         further down: a subheading (小标题)
//   尹才霞                                 a short line of names right under it: the byline
//   日前,走进…                             paragraphs, separated by blank lines
//   …航拍图 薛顺鑫摄                        a line ending in 摄: a photo caption, credited to
//                                         the last name before 摄 (the picture is attached later)
//   …让基层治理更精准、更暖心。(刘玉明 罗瀚)   names in parentheses ending the story: its bylines
//
// A paragraph that ends mid-sentence was broken across columns by the
// layout: it is joined with the next paragraph, past any captions between
// them (they follow the joined paragraph). Text that belongs to no article
// (a banner, a public-service notice, whatever follows a story's closing
// bylines) is skipped.
//
// Pure: no I/O, linear in the text's length, and total: every input either
// parses or gets an InvalidField explaining what was expected (fuzzed in
// tests/fuzz).
#pragma once

#include <string>
#include <vector>

#include "domain/article.h"

namespace galley::domain {

struct ImportedArticle {
  // Kicker, headline, subheadline, bylines (display names and credits; no
  // contributors linked yet) and body. Section, position and language are
  // left for the caller.
  ArticleContent content;
  int line = 0;  // of its headline, 1-based
};

struct ImportedPage {
  std::vector<ImportedArticle> articles;  // in page order
  std::vector<int> skipped_lines;         // the first line of each block that belongs to no article
};

// The most text one import takes: a broadsheet page is about 20 kB.
constexpr std::size_t kMaxImportBytes = 1 << 20;
constexpr std::size_t kMaxImportedArticles = 200;

// Throws InvalidField(field, …) for text that is not valid UTF-8, holds a
// NUL, is too large, or holds no article.
ImportedPage ParsePage(const std::string& field, const std::string& text);

// Adds a violation on `field` for each rule an imported article breaks (a
// headline over 200 characters, say), naming the article by its line.
void CheckImportedPage(FieldViolations& violations, const std::string& field, const ImportedPage& page);

}  // namespace galley::domain
