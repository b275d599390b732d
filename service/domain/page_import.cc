#include "domain/page_import.h"

#include <optional>
#include <string_view>

#include "domain/error.h"
#include "domain/text.h"
#include "domain/utf8.h"

namespace galley::domain {

namespace {

// A line of names is short; a longer line is a paragraph however it reads.
constexpr std::size_t kMaxNamesLineChars = 60;
constexpr std::size_t kMaxNamesPerLine = 12;

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 || c == 0x3000 || c == 0xFEFF;
}

std::string Trim(const std::string& text) {
  const auto points = DecodeUtf8(text);
  std::size_t first = 0;
  std::size_t last = points.size();
  while (first < last && IsSpace(points[first].value)) ++first;
  while (last > first && IsSpace(points[last - 1].value)) --last;
  if (first == last) return "";
  const std::size_t end = points[last - 1].offset + points[last - 1].length;
  return text.substr(points[first].offset, end - points[first].offset);
}

// The words of a line of names: separated by spaces or enumeration commas.
std::vector<std::string> NameWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (const auto& point : DecodeUtf8(text)) {
    const char32_t c = point.value;
    if (IsSpace(c) || c == U'、' || c == U'，' || c == U',') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.append(text, point.offset, point.length);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// A Chinese personal name as bylines print it: two to four Han characters,
// or a transliterated name joined by middle dots (阿卜杜·热合曼).
bool IsPersonName(const std::string& word) {
  const auto points = DecodeUtf8(word);
  bool dotted = false;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const char32_t c = points[i].value;
    if (c == U'·' || c == U'・') {
      if (i == 0 || i + 1 == points.size()) return false;
      dotted = true;
    } else if (!IsHan(c)) {
      return false;
    }
  }
  return dotted ? points.size() >= 3 && points.size() <= 12 : points.size() >= 2 && points.size() <= 4;
}

// The words printed before names to say what the people did.
struct CreditWord {
  std::string_view word;
  std::string_view role;  // a Contributor.Role name, or empty
};

const CreditWord* FindCreditWord(const std::string& word) {
  static const CreditWord kWords[] = {
      {"本报记者", "REPORTER"},   {"记者", "REPORTER"},   {"特约记者", "REPORTER"}, {"见习记者", "REPORTER"},
      {"本报通讯员", "CORRESPONDENT"}, {"通讯员", "CORRESPONDENT"}, {"实习生", ""}};
  for (const auto& credit : kWords) {
    if (credit.word == word) return &credit;
  }
  return nullptr;
}

// The bylines a line of names prints (本报记者 张三 通讯员 李四), or nullopt
// if the line is anything else.
std::optional<std::vector<Byline>> ReadNames(const std::string& text) {
  const auto chars = CountUtf8CodePoints(text);
  if (!chars || *chars > kMaxNamesLineChars) return std::nullopt;
  std::vector<Byline> bylines;
  const CreditWord* credit = nullptr;
  for (const auto& word : NameWords(text)) {
    if (const CreditWord* found = FindCreditWord(word)) {
      credit = found;
      continue;
    }
    if (!IsPersonName(word)) return std::nullopt;
    Byline byline;
    byline.display_name = word;
    if (credit != nullptr) {
      byline.credit = std::string(credit->word);
      byline.role = std::string(credit->role);
    }
    bylines.push_back(std::move(byline));
  }
  if (bylines.empty() || bylines.size() > kMaxNamesPerLine) return std::nullopt;
  return bylines;
}

// What a line, or a run of lines, is before it is given to an article.
enum class UnitKind { kKicker, kHeadline, kSubheading, kText, kCaption };

struct Unit {
  UnitKind kind = UnitKind::kText;
  std::string text;
  int line = 0;
  std::string credit;  // kCaption: the photographer
};

bool EndsWith(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// `#`, `##` or `###` and a space; a `#` with no space after it (#话题) is text.
std::optional<Unit> ReadHeading(const std::string& line, int number) {
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes == 0 || hashes > 3) return std::nullopt;
  const std::string rest = line.substr(hashes);
  const std::string text = Trim(rest);
  if (!rest.empty() && text == rest) return std::nullopt;
  static const UnitKind kKinds[] = {UnitKind::kKicker, UnitKind::kHeadline, UnitKind::kSubheading};
  return Unit{kKinds[hashes - 1], text, number, ""};
}

// "赣州康晋储能技术有限公司航拍图 薛顺鑫摄": the caption, and the last name
// before 摄 as the credit (a credit word before it stays with the credit).
std::optional<Unit> ReadCaption(const std::string& line, int number) {
  const auto points = DecodeUtf8(line);
  if (points.empty() || points.back().value != U'摄') return std::nullopt;
  std::string before = Trim(line.substr(0, points.back().offset));
  if (before.size() >= 1 && before.back() == '/') before = Trim(before.substr(0, before.size() - 1));
  const std::vector<std::string> words = NameWords(before);
  if (words.empty() || !IsPersonName(words.back()) || !EndsWith(before, words.back())) return std::nullopt;
  std::string credit = words.back();
  std::string caption = Trim(before.substr(0, before.size() - credit.size()));
  if (words.size() >= 2 && FindCreditWord(words[words.size() - 2]) != nullptr &&
      EndsWith(caption, words[words.size() - 2])) {
    const std::string& word = words[words.size() - 2];
    credit = word + " " + credit;
    caption = Trim(caption.substr(0, caption.size() - word.size()));
  }
  return Unit{UnitKind::kCaption, caption, number, credit};
}

// Two pieces of one paragraph: directly after each other in Chinese, with a
// space between words of other scripts.
std::string JoinText(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  const bool spaced = static_cast<unsigned char>(first.back()) < 0x80 && static_cast<unsigned char>(second[0]) < 0x80;
  return first + (spaced ? " " : "") + second;
}

// Whether a paragraph ends where a sentence does; one that does not was
// broken across columns by the layout.
bool EndsSentence(const std::string& text) {
  static const std::u32string_view kEnds = U"。！？!?…；;：:”’」』）)】》\"'.—";
  const auto points = DecodeUtf8(text);
  return points.empty() || kEnds.find(points.back().value) != std::u32string_view::npos;
}

// The page cut into units: headings, captions and paragraphs (the lines
// between blank lines, joined).
std::vector<Unit> ReadUnits(const std::string& text) {
  std::vector<Unit> units;
  Unit paragraph;  // being gathered while its text is not empty
  const auto flush = [&] {
    if (!paragraph.text.empty()) units.push_back(std::move(paragraph));
    paragraph = Unit{};
  };
  int number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++number;
    const std::string line = Trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) {
      flush();
    } else if (auto heading = ReadHeading(line, number)) {
      flush();
      units.push_back(std::move(*heading));
    } else if (auto caption = ReadCaption(line, number)) {
      flush();
      units.push_back(std::move(*caption));
    } else if (!paragraph.text.empty()) {
      paragraph.text = JoinText(paragraph.text, line);
    } else {
      paragraph = Unit{UnitKind::kText, line, number, ""};
    }
  }
  flush();
  return units;
}

// "…更暖心。(刘玉明 罗瀚)": the text before the parentheses and the bylines
// they name, if they close the paragraph and hold names only.
std::optional<std::pair<std::string, std::vector<Byline>>> SplitClosingBylines(const std::string& text) {
  const auto points = DecodeUtf8(text);
  if (points.empty() || (points.back().value != U')' && points.back().value != U'）')) return std::nullopt;
  for (std::size_t i = points.size() - 1; i-- > 0;) {
    const char32_t c = points[i].value;
    if (c == U')' || c == U'）') return std::nullopt;
    if (c != U'(' && c != U'（') continue;
    const std::size_t inner = points[i].offset + points[i].length;
    auto names = ReadNames(text.substr(inner, points.back().offset - inner));
    if (!names) return std::nullopt;
    return std::make_pair(Trim(text.substr(0, points[i].offset)), std::move(*names));
  }
  return std::nullopt;
}

void AddBylines(std::vector<Byline>& bylines, std::vector<Byline> more) {
  for (auto& byline : more) {
    bool known = false;
    for (const auto& existing : bylines) known = known || existing.display_name == byline.display_name;
    if (!known) bylines.push_back(std::move(byline));
  }
}

// Gives the units to articles, one at a time, in page order.
class PageReader {
 public:
  explicit PageReader(std::string field) : field_(std::move(field)) {}

  void Read(const Unit& unit) {
    switch (unit.kind) {
      case UnitKind::kKicker: return AddKicker(unit);
      case UnitKind::kHeadline: return StartArticle(unit);
      case UnitKind::kSubheading: return AddSubheading(unit);
      case UnitKind::kText: return AddText(unit);
      case UnitKind::kCaption: return AddCaption(unit);
    }
  }

  ImportedPage Finish() {
    EndArticle();
    SkipKickers();
    if (page_.articles.empty()) {
      throw InvalidField(field_, "holds no article: each article starts with its headline on a line of its own, "
                                 "after \"## \" (and its kicker may stand above it, after \"# \")");
    }
    return std::move(page_);
  }

 private:
  ArticleContent& content() { return page_.articles.back().content; }

  // A `#` line ends the article before it: a kicker or a banner follows.
  void AddKicker(const Unit& unit) {
    EndArticle();
    if (!unit.text.empty()) kickers_.push_back(unit);
  }

  void StartArticle(const Unit& unit) {
    EndArticle();
    if (unit.text.empty()) {
      throw InvalidField(field_, "line " + std::to_string(unit.line) + ": \"##\" must be followed by the headline");
    }
    if (page_.articles.size() == kMaxImportedArticles) {
      throw InvalidField(field_, "holds more than " + std::to_string(kMaxImportedArticles) +
                                     " articles; import one page at a time");
    }
    ImportedArticle article;
    article.line = unit.line;
    article.content.headline = unit.text;
    for (const auto& kicker : kickers_) article.content.kicker = JoinText(article.content.kicker, kicker.text);
    kickers_.clear();
    page_.articles.push_back(std::move(article));
    open_ = true;
    at_head_ = true;
  }

  // Right under the headline: the subheadline; further down: a subheading.
  void AddSubheading(const Unit& unit) {
    if (!open_ || closed_) return Skip(unit);
    if (at_head_) {
      content().subheadline = JoinText(content().subheadline, unit.text);
      return;
    }
    content().body.push_back({"SUBHEADING", unit.text, "", ""});
    unfinished_paragraph_.reset();
  }

  void AddText(const Unit& unit) {
    if (!open_ || closed_) {
      SkipKickers();
      return Skip(unit);
    }
    ArticleContent& article = content();
    const bool right_under_headline = at_head_;
    at_head_ = false;
    if (right_under_headline) {
      if (auto names = ReadNames(unit.text)) return AddBylines(article.bylines, std::move(*names));
    }
    std::string text = unit.text;
    if (auto closing = SplitClosingBylines(text)) {
      text = std::move(closing->first);
      AddBylines(article.bylines, std::move(closing->second));
      closed_ = true;
    }
    if (text.empty()) return;
    if (unfinished_paragraph_) {
      Block& paragraph = article.body[*unfinished_paragraph_];
      paragraph.text = JoinText(paragraph.text, text);
    } else {
      article.body.push_back({"PARAGRAPH", text, "", ""});
      unfinished_paragraph_ = article.body.size() - 1;
    }
    if (closed_ || EndsSentence(article.body[*unfinished_paragraph_].text)) unfinished_paragraph_.reset();
  }

  // A caption after a story's closing bylines still shows one of its photos.
  void AddCaption(const Unit& unit) {
    if (!open_) return Skip(unit);
    at_head_ = false;
    content().body.push_back({"PHOTO", unit.text, "", unit.credit});
  }

  void EndArticle() {
    open_ = false;
    closed_ = false;
    at_head_ = false;
    unfinished_paragraph_.reset();
  }

  // Kickers that no headline follows were a banner.
  void SkipKickers() {
    if (!kickers_.empty()) page_.skipped_lines.push_back(kickers_.front().line);
    kickers_.clear();
  }

  void Skip(const Unit& unit) { page_.skipped_lines.push_back(unit.line); }

  std::string field_;
  ImportedPage page_;
  std::vector<Unit> kickers_;  // the `#` lines since the last article ended
  bool open_ = false;          // page_.articles.back() is being read
  bool closed_ = false;        // its closing bylines were read: its text is over
  bool at_head_ = false;       // nothing but its headline (and subheadline) yet
  std::optional<std::size_t> unfinished_paragraph_;  // the body block that ended mid-sentence
};

}  // namespace

ImportedPage ParsePage(const std::string& field, const std::string& text) {
  if (text.size() > kMaxImportBytes) {
    throw InvalidField(field, "must be at most " + std::to_string(kMaxImportBytes / 1024) + " KiB");
  }
  if (!CountUtf8CodePoints(text)) throw InvalidField(field, "must be valid UTF-8");
  if (text.find('\0') != std::string::npos) throw InvalidField(field, "must not contain NUL characters");
  PageReader reader(field);
  for (const auto& unit : ReadUnits(text)) reader.Read(unit);
  return reader.Finish();
}

void CheckImportedPage(FieldViolations& violations, const std::string& field, const ImportedPage& page) {
  for (const auto& article : page.articles) {
    FieldViolations own;
    CheckArticleContent(own, "", article.content);
    for (const auto& violation : own.list()) {
      const std::string& name = violation.field;  // ".headline", ".body[3].text"
      violations.Add(field, "the article at line " + std::to_string(article.line) + ": " + name.substr(1) + " " +
                                violation.description);
    }
  }
}

}  // namespace galley::domain
