#include "domain/list_query.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "domain/digest.h"
#include "domain/error.h"
#include "domain/text.h"

namespace galley::domain {

int ResolvePageSize(std::int32_t requested) {
  if (requested < 0) throw InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min<std::int32_t>(requested, kMaxPageSize);
}

std::string ListQuery::Fingerprint(const std::string& scope) const {
  std::string text = scope + "\norder:" + order_by.field + (order_by.descending ? " desc" : "");
  for (const auto& term : filter) {
    text += "\nfilter:" + term.field + ' ' + std::to_string(static_cast<int>(term.comparison)) + ' ' +
            std::to_string(term.value.size()) + ':' + term.value;
  }
  return Sha256(text);
}

bool IsRfc3339Timestamp(const std::string& text) {
  static const std::regex kPattern(
      R"(\d{4}-\d{2}-\d{2}[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d))");
  return std::regex_match(text, kPattern) && IsIsoDate(text.substr(0, 10));
}

bool IsIsoDate(const std::string& text) {
  static const std::regex kPattern(R"((\d{4})-(\d{2})-(\d{2}))");
  std::smatch match;
  if (!std::regex_match(text, match, kPattern)) return false;
  const int year = std::stoi(match[1].str());
  const int month = std::stoi(match[2].str());
  const int day = std::stoi(match[3].str());
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

namespace {

constexpr const char* kFilterField = "filter";

bool IsInteger(const std::string& text) {
  static const std::regex kPattern(R"(-?\d{1,9})");
  return std::regex_match(text, kPattern);
}

// Why `value` does not fit `field`, or "" when it does.
std::string ValueProblem(const QueryableField& field, const std::string& value) {
  switch (field.type) {
    case FieldType::kTimestamp:
      return IsRfc3339Timestamp(value) ? "" : "takes an RFC 3339 time such as \"2026-05-12T08:00:00Z\"";
    case FieldType::kDate:
      return IsIsoDate(value) ? "" : "takes a date such as \"2026-05-12\"";
    case FieldType::kInteger:
      return IsInteger(value) ? "" : "takes a whole number";
    case FieldType::kString:
    case FieldType::kStringList:
      return "";
  }
  return "";
}

const QueryableField* FindField(const std::vector<QueryableField>& fields, const std::string& name) {
  for (const auto& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string FieldList(const std::vector<QueryableField>& fields, bool sortable) {
  std::string list;
  for (const auto& field : fields) {
    if (sortable ? !field.sortable : !field.filterable) continue;
    if (!list.empty()) list += ", ";
    list += field.name;
  }
  return list;
}

// Splits a filter into tokens: words, operators and quoted strings (kept with
// a leading '"' so that a quoted AND is a value, not the keyword).
class FilterLexer {
 public:
  explicit FilterLexer(const std::string& text) : text_(text) {}

  std::vector<std::string> Tokens() {
    std::vector<std::string> tokens;
    while (true) {
      while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ >= text_.size()) return tokens;
      const char c = text_[pos_];
      if (c == '"') {
        tokens.push_back(QuotedString());
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        tokens.push_back(Operator());
      } else {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
               std::string("=!<>\"()").find(text_[pos_]) == std::string::npos) {
          ++pos_;
        }
        if (pos_ == start) throw InvalidField(kFilterField, std::string("unexpected '") + c + "'; parentheses and OR are not supported");
        tokens.push_back(text_.substr(start, pos_ - start));
      }
    }
  }

 private:
  std::string QuotedString() {
    std::string value = "\"";
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return value;
      if (c == '\\' && pos_ < text_.size()) {
        value += text_[pos_++];
      } else {
        value += c;
      }
    }
    throw InvalidField(kFilterField, "has a string without its closing quote");
  }

  std::string Operator() {
    const char c = text_[pos_++];
    if (pos_ < text_.size() && text_[pos_] == '=') {
      ++pos_;
      return std::string(1, c) + "=";
    }
    if (c == '!') throw InvalidField(kFilterField, "has '!' without '='");
    return std::string(1, c);
  }

  const std::string& text_;
  std::size_t pos_ = 0;
};

bool ParseComparison(const std::string& token, Comparison& comparison) {
  static const std::pair<const char*, Comparison> kOperators[] = {
      {"=", Comparison::kEqual},       {"!=", Comparison::kNotEqual},
      {"<", Comparison::kLess},        {"<=", Comparison::kLessOrEqual},
      {">", Comparison::kGreater},     {">=", Comparison::kGreaterOrEqual},
  };
  for (const auto& [text, value] : kOperators) {
    if (token == text) {
      comparison = value;
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<FilterTerm> ParseFilter(const std::string& text, const std::vector<QueryableField>& fields) {
  FieldViolations text_problems;
  CheckText(text_problems, kFilterField, text, TextRule{false, 2000, true});
  text_problems.ThrowIfAny();
  std::vector<FilterTerm> terms;
  const auto tokens = FilterLexer(text).Tokens();
  std::size_t i = 0;
  while (i < tokens.size()) {
    if (!terms.empty()) {
      if (tokens[i] != "AND") {
        throw InvalidField(kFilterField, "expected AND between terms, found `" + tokens[i] + "`");
      }
      ++i;
    }
    if (i + 3 > tokens.size()) {
      throw InvalidField(kFilterField, "expected a term of the form `field = \"value\"`");
    }
    FilterTerm term;
    term.field = tokens[i];
    const QueryableField* field = FindField(fields, term.field);
    if (field == nullptr || !field->filterable) {
      throw InvalidField(kFilterField, "cannot filter on `" + term.field + "`; fields: " + FieldList(fields, false));
    }
    if (!ParseComparison(tokens[i + 1], term.comparison)) {
      throw InvalidField(kFilterField, "expected one of = != < <= > >= after `" + term.field + "`");
    }
    if (field->type == FieldType::kStringList && term.comparison != Comparison::kEqual) {
      throw InvalidField(kFilterField, "`" + term.field + "` is a list: only `" + term.field +
                                           " = \"value\"` (it contains the value) is supported");
    }
    const std::string& value = tokens[i + 2];
    term.value = !value.empty() && value.front() == '"' ? value.substr(1) : value;
    if (const std::string problem = ValueProblem(*field, term.value); !problem.empty()) {
      throw InvalidField(kFilterField, "`" + term.field + "` " + problem);
    }
    terms.push_back(std::move(term));
    i += 3;
  }
  return terms;
}

OrderBy ParseOrderBy(const std::string& text, const std::vector<QueryableField>& fields,
                     const std::string& default_field) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && !std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos > start) words.push_back(text.substr(start, pos - start));
  }
  if (words.empty()) return {default_field, false};
  const QueryableField* field = FindField(fields, words[0]);
  if (words.size() > 2 || field == nullptr || !field->sortable) {
    throw InvalidField("order_by", "must be one of " + FieldList(fields, true) + ", optionally followed by `desc`");
  }
  if (words.size() == 2 && words[1] != "desc" && words[1] != "asc") {
    throw InvalidField("order_by", "the direction after `" + words[0] + "` must be `asc` or `desc`");
  }
  return {words[0], words.size() == 2 && words[1] == "desc"};
}

}  // namespace galley::domain
