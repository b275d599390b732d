#include "domain/search_text.h"

#include <algorithm>
#include <cctype>

#include "domain/error.h"
#include "domain/text.h"
#include "domain/utf8.h"

namespace galley::domain {

namespace {

constexpr std::size_t kMaxQueryChars = 200;
constexpr int kMaxPosition = 16383;  // PostgreSQL keeps positions up to this
// A tsvector holds at most 1 MiB. Each CJK character costs two lexemes, so
// an article is indexed up to this many of them (the headline, kicker and
// summary come first), and up to this much Latin-script text: a long
// feature fits whole, a pasted book does not break the save.
constexpr std::size_t kMaxIndexedCjkChars = 30000;
constexpr std::size_t kMaxIndexedLatinBytes = 200000;
constexpr std::size_t kSnippetContext = 30;  // characters before a match
constexpr std::size_t kSnippetChars = 80;

// Full-width ASCII (ＪＡＭＡ, ２０２５) reads as ASCII; CJK punctuation
// separates like a space.
char32_t Fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2000 && c <= 0x206F)) return ' ';
  return c;
}

// Text cut into runs of CJK characters, and the rest with each run replaced
// by a space.
struct Split {
  std::vector<std::vector<std::string>> cjk_runs;  // each run, a character per entry
  std::string latin;
};

Split SplitText(const std::string& text) {
  Split split;
  std::vector<std::string> run;
  for (const auto& point : DecodeUtf8(text)) {
    const char32_t c = Fold(point.value);
    if (IsCjk(c)) {
      run.push_back(EncodeUtf8(c));
      continue;
    }
    if (!run.empty()) {
      split.cjk_runs.push_back(std::move(run));
      run.clear();
      split.latin += ' ';
    }
    split.latin += EncodeUtf8(c);
  }
  if (!run.empty()) split.cjk_runs.push_back(std::move(run));
  return split;
}

// A lexeme quoted for a tsvector or tsquery literal.
std::string Quoted(const std::string& lexeme) {
  std::string out = "'";
  for (const char c : lexeme) {
    if (c == '\'') out += '\'';
    if (c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

class VectorWriter {
 public:
  // Adds `text` with `weight` (A, B or C); returns its Latin-script part.
  std::string Add(const std::string& text, char weight) {
    Split split = SplitText(text);
    for (const auto& run : split.cjk_runs) {
      for (std::size_t i = 0; i < run.size() && chars_ < kMaxIndexedCjkChars; ++i, ++chars_) {
        const std::string at = ':' + std::to_string(std::min(position_ + static_cast<int>(i), kMaxPosition)) + weight;
        Lexeme(run[i], at);
        if (i + 1 < run.size()) Lexeme(run[i] + run[i + 1], at);
      }
      position_ += static_cast<int>(run.size()) + 1;  // runs do not touch
    }
    return split.latin;
  }

  std::string vector() const { return vector_; }

 private:
  void Lexeme(const std::string& lexeme, const std::string& at) {
    if (!vector_.empty()) vector_ += ' ';
    vector_ += Quoted(lexeme) + at;
  }

  std::string vector_;
  int position_ = 1;
  std::size_t chars_ = 0;
};

// `text` cut to at most `limit` bytes at a space, so no character is split.
std::string Truncated(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  const auto space = text.rfind(' ', limit);
  return text.substr(0, space == std::string::npos ? 0 : space);
}

std::string AsciiLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The byte offset and length of the first term in `text` (ASCII case
// ignored), or npos.
std::pair<std::size_t, std::size_t> FirstMatch(const std::string& text, const std::vector<std::string>& terms) {
  const std::string lower = AsciiLower(text);
  std::pair<std::size_t, std::size_t> best{std::string::npos, 0};
  for (const auto& term : terms) {
    const auto at = lower.find(AsciiLower(term));
    if (at != std::string::npos && at < best.first) best = {at, term.size()};
  }
  return best;
}

// Up to kSnippetChars characters of `text` from code point `from`, every
// occurrence of a term in <em>.
std::string Passage(const std::string& text, const std::vector<std::string>& terms, std::size_t from) {
  const auto points = DecodeUtf8(text);
  const std::size_t first = std::min(from, points.size());
  const std::size_t last = std::min(points.size(), first + kSnippetChars);
  const std::size_t begin = first < points.size() ? points[first].offset : text.size();
  const std::size_t end = last < points.size() ? points[last].offset : text.size();
  const std::string window = text.substr(begin, end - begin);
  std::string out = first > 0 ? "…" : "";
  std::size_t i = 0;
  while (i < window.size()) {
    const auto match = FirstMatch(window.substr(i), terms);
    if (match.first == std::string::npos) {
      out += EscapeHtml(window.substr(i));
      break;
    }
    out += EscapeHtml(window.substr(i, match.first));
    out += "<em>" + EscapeHtml(window.substr(i + match.first, match.second)) + "</em>";
    i += match.first + match.second;
  }
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace

SearchDocument IndexArticle(const ArticleContent& content) {
  VectorWriter vector;
  SearchDocument document;
  document.latin_a = vector.Add(content.headline, 'A');
  std::vector<std::string> b{content.kicker, content.subheadline, content.summary};
  b.insert(b.end(), content.tags.begin(), content.tags.end());
  for (const auto& byline : content.bylines) b.push_back(byline.display_name);
  for (const auto& text : b) document.latin_b += vector.Add(text, 'B') + ' ';
  for (const auto& block : content.body) {
    document.latin_c += vector.Add(block.text, 'C') + ' ';
    if (!block.credit.empty()) document.latin_c += vector.Add(block.credit, 'C') + ' ';
  }
  document.latin_c += vector.Add(content.dateline, 'C');
  document.cjk_vector = vector.vector();
  document.latin_a = Truncated(document.latin_a, kMaxIndexedLatinBytes);
  document.latin_b = Truncated(document.latin_b, kMaxIndexedLatinBytes - document.latin_a.size());
  document.latin_c =
      Truncated(document.latin_c, kMaxIndexedLatinBytes - document.latin_a.size() - document.latin_b.size());
  return document;
}

SearchQuery ParseSearchQuery(const std::string& field, const std::string& text) {
  // DecodeUtf8 takes what it is given apart without judging it: bytes that
  // are not UTF-8 would reach PostgreSQL and fail there, as INTERNAL. A NUL
  // or another control character is refused as in any text (a query pasted
  // with its line breaks is welcome), not silently taken for a space.
  FieldViolations violations;
  CheckText(violations, field, text, TextRule{false, kMaxQueryChars, false});
  violations.ThrowIfAny();
  SearchQuery query;
  const Split split = SplitText(text);
  for (const auto& run : split.cjk_runs) {
    std::string written;
    for (const auto& c : run) written += c;
    query.terms.push_back(written);
    std::vector<std::string> lexemes;
    if (run.size() == 1) lexemes.push_back(run[0]);
    for (std::size_t i = 0; i + 1 < run.size(); ++i) lexemes.push_back(run[i] + run[i + 1]);
    for (const auto& lexeme : lexemes) {
      if (!query.cjk_query.empty()) query.cjk_query += " & ";
      query.cjk_query += Quoted(lexeme);
    }
  }
  // Words: letters and digits; the rest separates them.
  std::string word;
  for (const char c : split.latin + ' ') {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
      continue;
    }
    if (!word.empty()) {
      query.terms.push_back(word);
      if (!query.latin.empty()) query.latin += ' ';
      query.latin += word;
      word.clear();
    }
  }
  if (query.cjk_query.empty() && query.latin.empty()) {
    throw InvalidField(field, text.empty() ? "is required" : "has no words or characters to search for");
  }
  return query;
}

std::string SearchSnippet(const ArticleContent& content, const SearchQuery& query) {
  std::vector<const std::string*> fields{&content.headline, &content.summary};
  for (const auto& block : content.body) fields.push_back(&block.text);
  for (const auto* text : fields) {
    const auto match = FirstMatch(*text, query.terms);
    if (match.first == std::string::npos) continue;
    // Start a little before the match, counted in characters.
    std::size_t index = 0;
    for (const auto& point : DecodeUtf8(*text)) {
      if (point.offset >= match.first) break;
      ++index;
    }
    return Passage(*text, query.terms, index > kSnippetContext ? index - kSnippetContext : 0);
  }
  return Passage(content.summary.empty() ? content.headline : content.summary, query.terms, 0);
}

const std::vector<QueryableField>& ArticleSearchFields() {
  static const std::vector<QueryableField> kFields{
      {"state", FieldType::kString, true, false},     {"issue", FieldType::kString, true, false},
      {"section", FieldType::kString, true, false},   {"tags", FieldType::kStringList, true, false},
      {"language", FieldType::kString, true, false},  {"owner", FieldType::kString, true, false},
      {"relevance", FieldType::kInteger, false, true},
  };
  return kFields;
}

}  // namespace galley::domain
