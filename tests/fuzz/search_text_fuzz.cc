// libFuzzer target: SearchArticles' query parser and the article indexer
// (domain/search_text.h). The input's first line is a query; the rest is an
// article: headline, kicker, subheadline, summary and dateline lines, then
// body paragraphs, with `tag:`, `by:` and `credit:` lines for tags, bylines
// and the credit of the block before, and `x:` for a paragraph written 64
// times (to reach the index limits). Whatever the bytes:
// - ParseSearchQuery throws INVALID_ARGUMENT on `query`, or returns a query
//   of valid UTF-8 within 200 characters whose CJK part is `'…'` lexemes of
//   one or two CJK characters joined by ` & `, whose Latin part is words
//   without CJK, and which asks for something;
// - IndexArticle never fails, and for UTF-8 content gives a tsvector
//   literal of such lexemes at positions 1 to 16383 with weights A, B, C,
//   at most 30,000 characters' worth, and Latin text of valid UTF-8 within
//   200,000 bytes in all;
// - SearchSnippet gives valid UTF-8 HTML: escaped text of at most 80
//   characters from one of the article's fields, with terms in <em>.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/article.h"
#include "domain/error.h"
#include "domain/search_text.h"
#include "domain/utf8.h"
#include "fuzz_contract.h"

namespace {

namespace d = galley::domain;
using galley::fuzz::Require;

bool AllCjk(const std::string& text, std::size_t min_chars, std::size_t max_chars) {
  const auto points = d::DecodeUtf8(text);
  if (points.size() < min_chars || points.size() > max_chars) return false;
  for (const auto& point : points) {
    if (!d::IsCjk(point.value)) return false;
  }
  return true;
}

bool HasCjk(const std::string& text) {
  for (const auto& point : d::DecodeUtf8(text)) {
    if (d::IsCjk(point.value)) return true;
  }
  return false;
}

bool IsWordByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte >= 0x80;
}

d::ArticleContent ContentOf(const std::vector<std::string>& lines) {
  d::ArticleContent content;
  std::string* const heads[] = {&content.headline, &content.kicker, &content.subheadline, &content.summary,
                                &content.dateline};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (i < 5) {
      *heads[i] = line;
    } else if (line.rfind("tag:", 0) == 0) {
      content.tags.push_back(line.substr(4));
    } else if (line.rfind("by:", 0) == 0) {
      content.bylines.push_back({"", line.substr(3), "", ""});
    } else if (line.rfind("credit:", 0) == 0 && !content.body.empty()) {
      content.body.back().credit = line.substr(7);
    } else if (line.rfind("x:", 0) == 0) {
      for (int k = 0; k < 64; ++k) content.body.push_back({"PARAGRAPH", line.substr(2), "", ""});
    } else {
      content.body.push_back({"PARAGRAPH", line, "", ""});
    }
  }
  return content;
}

// Whether `query` is `'lexeme' & 'lexeme' …` with 1- or 2-character CJK lexemes.
bool IsCjkQuery(const std::string& query) {
  if (query.empty()) return true;
  for (const auto& part : galley::fuzz::SplitOn(query, '&')) {
    std::string lexeme = part;
    if (!lexeme.empty() && lexeme.front() == ' ') lexeme.erase(0, 1);
    if (!lexeme.empty() && lexeme.back() == ' ') lexeme.pop_back();
    if (lexeme.size() < 2 || lexeme.front() != '\'' || lexeme.back() != '\'') return false;
    if (!AllCjk(lexeme.substr(1, lexeme.size() - 2), 1, 2)) return false;
  }
  return true;
}

void CheckQuery(const d::SearchQuery& query, const std::string& text) {
  const auto chars = d::CountUtf8CodePoints(text);
  Require(chars && *chars <= 200, "a query that is not UTF-8 or too long was accepted");
  Require(!query.cjk_query.empty() || !query.latin.empty(), "a query that asks for nothing was accepted");
  Require(IsCjkQuery(query.cjk_query), "the CJK query is not a conjunction of CJK lexemes");
  galley::fuzz::RequireStorable(query.latin, "the Latin query is not fit to send");
  Require(!HasCjk(query.latin), "the Latin query holds CJK characters");
  for (const auto& word : galley::fuzz::SplitOn(query.latin, ' ')) {
    if (query.latin.empty()) break;
    Require(!word.empty(), "the Latin query has an empty word");
    for (const char c : word) Require(IsWordByte(c), "the Latin query holds a separator inside a word");
  }
  Require(!query.terms.empty(), "a query without terms");
  for (const auto& term : query.terms) {
    Require(!term.empty(), "an empty query term");
    galley::fuzz::RequireStorable(term, "a query term is not valid UTF-8");
  }
  (void)query.Fingerprint();
}

bool ContentIsUtf8(const d::ArticleContent& content) {
  bool ok = galley::fuzz::IsUtf8(content.headline) && galley::fuzz::IsUtf8(content.kicker) &&
            galley::fuzz::IsUtf8(content.subheadline) && galley::fuzz::IsUtf8(content.summary) &&
            galley::fuzz::IsUtf8(content.dateline);
  for (const auto& tag : content.tags) ok = ok && galley::fuzz::IsUtf8(tag);
  for (const auto& byline : content.bylines) ok = ok && galley::fuzz::IsUtf8(byline.display_name);
  for (const auto& block : content.body) ok = ok && galley::fuzz::IsUtf8(block.text) && galley::fuzz::IsUtf8(block.credit);
  return ok;
}

void CheckVector(const std::string& vector) {
  if (vector.empty()) return;
  std::size_t unigrams = 0;
  for (const auto& entry : galley::fuzz::SplitOn(vector, ' ')) {
    const std::size_t colon = entry.rfind(':');
    Require(colon != std::string::npos && colon >= 2 && entry.front() == '\'' && entry[colon - 1] == '\'',
            "a tsvector entry is not 'lexeme':position");
    const std::string lexeme = entry.substr(1, colon - 2);
    Require(AllCjk(lexeme, 1, 2), "a tsvector lexeme is not one or two CJK characters");
    unigrams += d::DecodeUtf8(lexeme).size() == 1;
    const std::string at = entry.substr(colon + 1);
    Require(at.size() >= 2 && at.size() <= 6, "a tsvector position is malformed");
    const char weight = at.back();
    Require(weight == 'A' || weight == 'B' || weight == 'C', "a tsvector weight is not A, B or C");
    int position = 0;
    for (std::size_t i = 0; i + 1 < at.size(); ++i) {
      Require(at[i] >= '0' && at[i] <= '9', "a tsvector position is not a number");
      position = position * 10 + (at[i] - '0');
    }
    Require(position >= 1 && position <= 16383, "a tsvector position out of range");
  }
  Require(unigrams <= 30000, "more CJK characters indexed than the limit");
}

void CheckDocument(const d::SearchDocument& document) {
  CheckVector(document.cjk_vector);
  for (const auto* latin : {&document.latin_a, &document.latin_b, &document.latin_c}) {
    Require(galley::fuzz::IsUtf8(*latin), "indexed Latin text is not UTF-8");
    Require(!HasCjk(*latin), "indexed Latin text holds CJK characters");
  }
  Require(document.latin_a.size() + document.latin_b.size() + document.latin_c.size() <= 200000,
          "more Latin text indexed than the limit");
}

std::string Unescaped(const std::string& html) {
  std::string text;
  std::size_t i = 0;
  while (i < html.size()) {
    bool entity = false;
    for (const auto& [escaped, plain] : {std::pair<const char*, char>{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
                                         {"&quot;", '"'}}) {
      const std::string e = escaped;
      if (html.compare(i, e.size(), e) == 0) {
        text += plain;
        i += e.size();
        entity = true;
        break;
      }
    }
    if (entity) continue;
    Require(html[i] != '&' && html[i] != '<' && html[i] != '>' && html[i] != '"', "a snippet is not escaped");
    text += html[i++];
  }
  return text;
}

void CheckSnippet(const std::string& snippet, const d::ArticleContent& content) {
  Require(galley::fuzz::IsUtf8(snippet), "a snippet is not UTF-8");
  static const std::string kEllipsis = "…";
  std::string html = snippet;
  if (html.compare(0, kEllipsis.size(), kEllipsis) == 0) html.erase(0, kEllipsis.size());
  if (html.size() >= kEllipsis.size() && html.compare(html.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0) {
    html.erase(html.size() - kEllipsis.size());
  }
  // Take the <em> marks out, checking they pair up.
  std::string plain_html;
  bool open = false;
  std::size_t i = 0;
  while (i < html.size()) {
    const std::string mark = open ? "</em>" : "<em>";
    if (html.compare(i, mark.size(), mark) == 0) {
      open = !open;
      i += mark.size();
      continue;
    }
    plain_html += html[i++];
  }
  Require(!open, "a snippet leaves <em> open");
  const std::string text = Unescaped(plain_html);
  const auto chars = d::CountUtf8CodePoints(text);
  Require(chars && *chars <= 80, "a snippet is longer than 80 characters");
  bool found = false;
  for (const auto* field : {&content.headline, &content.summary}) found = found || field->find(text) != std::string::npos;
  for (const auto& block : content.body) found = found || block.text.find(text) != std::string::npos;
  Require(found, "a snippet is not text of the article");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input = galley::fuzz::AsString(data, size);
  const std::size_t newline = input.find('\n');
  const std::string text = input.substr(0, newline);
  const std::vector<std::string> lines =
      newline == std::string::npos ? std::vector<std::string>{} : galley::fuzz::SplitOn(input.substr(newline + 1), '\n');

  std::optional<d::SearchQuery> query;
  try {
    query = d::ParseSearchQuery("query", text);
    CheckQuery(*query, text);
  } catch (const d::Error& error) {
    galley::fuzz::RequireInvalidField(error, "query", galley::fuzz::IsUtf8(text));
  }

  const d::ArticleContent content = ContentOf(lines);
  const d::SearchDocument document = d::IndexArticle(content);  // total, whatever the bytes
  if (!ContentIsUtf8(content)) return 0;
  CheckDocument(document);
  if (query) CheckSnippet(d::SearchSnippet(content, *query), content);
  return 0;
}
