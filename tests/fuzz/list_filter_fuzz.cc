// libFuzzer target: the List request parts clients write (domain/
// list_query.h): `filter`, `order_by` and `page_size`, against the fields
// of every listable collection. The input is tried as a filter and as an
// order_by for each. Whatever the bytes:
// - ParseFilter returns terms that each name a filterable field of the
//   collection, compare a list only with `=`, carry a value of the field's
//   type and fit to store, and parse back to themselves when written out
//   again; or it throws INVALID_ARGUMENT on `filter`;
// - a token filter's role terms come out as role names, or INVALID_ARGUMENT;
// - ParseOrderBy gives the default, or a sortable field with `asc`/`desc`,
//   exactly when the rule allows it, else INVALID_ARGUMENT on `order_by`;
// - IsRfc3339Timestamp and IsIsoDate agree with a separate reading of the
//   two formats, and ResolvePageSize (from the first four bytes) with its
//   rule.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "domain/access_token.h"
#include "domain/article.h"
#include "domain/audit_event.h"
#include "domain/caller.h"
#include "domain/contributor.h"
#include "domain/error.h"
#include "domain/issue.h"
#include "domain/list_query.h"
#include "domain/photo.h"
#include "domain/publication.h"
#include "domain/search_text.h"
#include "fuzz_contract.h"

namespace {

namespace d = galley::domain;
using d::Comparison;
using d::FieldType;
using d::FilterTerm;
using d::QueryableField;
using galley::fuzz::Require;

const std::vector<const std::vector<QueryableField>*>& Collections() {
  static const std::vector<const std::vector<QueryableField>*> kCollections{
      &d::PublicationQueryFields(), &d::IssueQueryFields(),        &d::SectionQueryFields(),
      &d::ArticleQueryFields(),     &d::ContributorQueryFields(),  &d::PhotoQueryFields(),
      &d::AccessTokenQueryFields(), &d::AuditEventQueryFields(),   &d::ArticleSearchFields(),
  };
  return kCollections;
}

bool Digits(const std::string& text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return false;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int Number(const std::string& text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// YYYY-MM-DD naming a day that exists, year 1 on.
bool ExpectedDate(const std::string& text) {
  if (text.size() != 10 || !Digits(text, 0, 4) || text[4] != '-' || !Digits(text, 5, 2) || text[7] != '-' ||
      !Digits(text, 8, 2)) {
    return false;
  }
  const int year = Number(text, 0, 4), month = Number(text, 5, 2), day = Number(text, 8, 2);
  if (year == 0 || month == 0 || month > 12 || day == 0) return false;
  const bool leap = year % 400 == 0 || (year % 4 == 0 && year % 100 != 0);
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day <= days[month - 1];
}

// RFC 3339 date-time: a date, T, hh:mm:ss (a leap second allowed), an
// optional fraction of 1 to 9 digits, and Z or a ±hh:mm offset.
bool ExpectedTimestamp(const std::string& text) {
  if (text.size() < 20 || !ExpectedDate(text.substr(0, 10)) || (text[10] != 'T' && text[10] != 't')) return false;
  if (!Digits(text, 11, 2) || text[13] != ':' || !Digits(text, 14, 2) || text[16] != ':' || !Digits(text, 17, 2)) {
    return false;
  }
  if (Number(text, 11, 2) > 23 || Number(text, 14, 2) > 59 || Number(text, 17, 2) > 60) return false;
  std::size_t i = 19;
  if (text[i] == '.') {
    std::size_t digits = 0;
    while (Digits(text, i + 1 + digits, 1)) ++digits;
    if (digits < 1 || digits > 9) return false;
    i += 1 + digits;
  }
  const std::string zone = text.substr(i);
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && Digits(zone, 1, 2) && zone[3] == ':' &&
         Digits(zone, 4, 2) && Number(zone, 1, 2) <= 23 && Number(zone, 4, 2) <= 59;
}

bool ExpectedInteger(const std::string& text) {
  const std::size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  const std::size_t digits = text.size() - sign;
  return digits >= 1 && digits <= 9 && Digits(text, sign, digits);
}

const QueryableField* Find(const std::vector<QueryableField>& fields, const std::string& name) {
  for (const auto& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

const char* OperatorText(Comparison comparison) {
  switch (comparison) {
    case Comparison::kEqual: return "=";
    case Comparison::kNotEqual: return "!=";
    case Comparison::kLess: return "<";
    case Comparison::kLessOrEqual: return "<=";
    case Comparison::kGreater: return ">";
    case Comparison::kGreaterOrEqual: return ">=";
  }
  galley::fuzz::Fail("a comparison out of range");
}

// The terms written out as a client would: every value quoted.
std::string FilterText(const std::vector<FilterTerm>& terms) {
  std::string text;
  for (const auto& term : terms) {
    if (!text.empty()) text += " AND ";
    text += term.field + ' ' + OperatorText(term.comparison) + " \"";
    for (const char c : term.value) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text;
}

bool SameTerms(const std::vector<FilterTerm>& a, const std::vector<FilterTerm>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].field != b[i].field || a[i].comparison != b[i].comparison || a[i].value != b[i].value) return false;
  }
  return true;
}

void RequireTermsValid(const std::vector<FilterTerm>& terms, const std::vector<QueryableField>& fields) {
  for (const auto& term : terms) {
    const QueryableField* field = Find(fields, term.field);
    Require(field != nullptr && field->filterable, "a term names a field that cannot be filtered");
    galley::fuzz::RequireStorable(term.value, "a filter value is not fit to store");
    switch (field->type) {
      case FieldType::kTimestamp: Require(ExpectedTimestamp(term.value), "a time value is not RFC 3339"); break;
      case FieldType::kDate: Require(ExpectedDate(term.value), "a date value is not a date"); break;
      case FieldType::kInteger: Require(ExpectedInteger(term.value), "an integer value is not one"); break;
      case FieldType::kStringList:
        Require(term.comparison == Comparison::kEqual, "a list compared with other than =");
        break;
      case FieldType::kString: break;
    }
  }
}

void CheckFilter(const std::string& text, const std::vector<QueryableField>& fields, bool utf8) {
  std::vector<FilterTerm> terms;
  try {
    terms = d::ParseFilter(text, fields);
  } catch (const d::Error& error) {
    galley::fuzz::RequireInvalidField(error, "filter", utf8);
    return;
  }
  galley::fuzz::RequireStorable(text, "a filter that is not fit to store was accepted");
  Require(text.size() <= 4 * 2000, "an oversized filter was accepted");
  RequireTermsValid(terms, fields);
  const std::string again = FilterText(terms);
  if (again.size() <= 2000) {
    Require(SameTerms(d::ParseFilter(again, fields), terms), "a filter written out again parses to other terms");
  }
  d::ListQuery query;
  query.filter = terms;
  Require(query.Fingerprint("scope").size() == 32, "a fingerprint is not a SHA-256");

  if (&fields == &d::AccessTokenQueryFields()) {
    try {
      d::CanonicalizeRoleTerms(terms, "filter");
    } catch (const d::Error& error) {
      galley::fuzz::RequireInvalidField(error, "filter", utf8);
      return;
    }
    for (const auto& term : terms) {
      if (term.field == "role") Require(d::ParseRole(term.value).has_value(), "a role term names no role");
    }
  }
}

void CheckOrderBy(const std::string& text, const std::vector<QueryableField>& fields, bool utf8) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text + ' ') {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  const QueryableField* field = words.empty() ? nullptr : Find(fields, words[0]);
  const bool acceptable = words.empty() || (field != nullptr && field->sortable &&
                                            (words.size() == 1 || (words.size() == 2 && (words[1] == "asc" ||
                                                                                          words[1] == "desc"))));
  d::OrderBy order;
  try {
    order = d::ParseOrderBy(text, fields, "default");
  } catch (const d::Error& error) {
    Require(!acceptable, "an acceptable order_by was refused");
    galley::fuzz::RequireInvalidField(error, "order_by", utf8);
    return;
  }
  Require(acceptable, "an unacceptable order_by was accepted");
  if (words.empty()) {
    Require(order.field == "default" && !order.descending, "an empty order_by is not the default");
  } else {
    Require(order.field == words[0], "order_by sorts on another field");
    Require(order.descending == (words.size() == 2 && words[1] == "desc"), "order_by sorts the other way");
  }
}

void CheckPageSize(const std::string& text) {
  if (text.size() < 4) return;
  std::int32_t requested = 0;
  std::memcpy(&requested, text.data(), sizeof requested);
  try {
    const int size = d::ResolvePageSize(requested);
    Require(requested >= 0, "a negative page size was accepted");
    Require(size == (requested == 0 ? d::kDefaultPageSize : std::min(requested, d::kMaxPageSize)),
            "page size resolved against its rule");
  } catch (const d::Error& error) {
    Require(requested < 0, "a page size that is not negative was refused");
    galley::fuzz::RequireInvalidField(error, "page_size", true);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = galley::fuzz::AsString(data, size);
  const bool utf8 = galley::fuzz::IsUtf8(text);
  for (const auto* fields : Collections()) {
    CheckFilter(text, *fields, utf8);
    CheckOrderBy(text, *fields, utf8);
  }
  Require(d::IsRfc3339Timestamp(text) == ExpectedTimestamp(text), "IsRfc3339Timestamp disagrees with RFC 3339");
  Require(d::IsIsoDate(text) == ExpectedDate(text), "IsIsoDate disagrees with the calendar");
  CheckPageSize(text);
  return 0;
}
