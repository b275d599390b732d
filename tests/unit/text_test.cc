#include "domain/text.h"

#include <gtest/gtest.h>

namespace galley::domain {
namespace {

std::vector<FieldViolation> Violations(const std::string& text, const TextRule& rule) {
  FieldViolations violations;
  CheckText(violations, "f", text, rule);
  try {
    violations.ThrowIfAny();
  } catch (const Error& error) {
    return error.field_violations();
  }
  return {};
}

TEST(CountUtf8CodePoints, CountsChineseCharactersAsOneEach) {
  EXPECT_EQ(CountUtf8CodePoints("赣南日报"), 4u);
  EXPECT_EQ(CountUtf8CodePoints("abc"), 3u);
  EXPECT_EQ(CountUtf8CodePoints("𠀀"), 1u);  // outside the BMP: four bytes
}

TEST(CountUtf8CodePoints, RejectsMalformedSequences) {
  EXPECT_FALSE(CountUtf8CodePoints("\xC3"));              // truncated
  EXPECT_FALSE(CountUtf8CodePoints("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(CountUtf8CodePoints("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(CountUtf8CodePoints("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(CountUtf8CodePoints("\x80"));              // lone continuation
}

TEST(CheckText, AcceptsChineseUpToTheLimitInCharacters) {
  const std::string two_hundred(200 * 3, 'x');
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "报";
  EXPECT_TRUE(Violations(chinese, {true, 200, true}).empty());
  EXPECT_EQ(Violations(chinese + "报", {true, 200, true}).size(), 1u);
}

TEST(CheckText, NamesTheProblem) {
  EXPECT_EQ(Violations("", {true, 10, true}).at(0).description, "is required");
  EXPECT_EQ(Violations("   ", {true, 10, true}).at(0).description, "must not be blank");
  EXPECT_EQ(Violations(std::string("a\0b", 3), {true, 10, true}).at(0).description, "contains a NUL character");
  EXPECT_EQ(Violations("\xFF", {true, 10, true}).at(0).description, "is not valid UTF-8");
  EXPECT_EQ(Violations("two\nlines", {true, 20, true}).at(0).field, "f");
  EXPECT_TRUE(Violations("two\nlines", {true, 20, false}).empty());
  EXPECT_TRUE(Violations("", {false, 10, true}).empty());
}

TEST(CheckText, RefusesC1ControlsEverywhereAndUnicodeLineBreaksOnOneLine) {
  const TextRule one_line{true, 50, true};
  const TextRule lines{true, 50, false};
  for (const std::string control : {"\xC2\x80", "\xC2\x85" /* NEL */, "\xC2\x9F"}) {
    EXPECT_EQ(Violations("标题" + control + "正文", one_line).size(), 1u) << control;
    EXPECT_EQ(Violations("标题" + control + "正文", lines).size(), 1u) << control;
  }
  for (const std::string separator : {"\xE2\x80\xA8", "\xE2\x80\xA9"}) {
    EXPECT_EQ(Violations("标题" + separator + "正文", one_line).size(), 1u) << separator;
    EXPECT_TRUE(Violations("标题" + separator + "正文", lines).empty()) << separator;
  }
  // Their neighbours are ordinary characters: a no-break space, the
  // copyright sign, an en dash, a narrow no-break space.
  for (const std::string ordinary : {"\xC2\xA0", "\xC2\xA9", "\xE2\x80\x93", "\xE2\x80\xAF"}) {
    EXPECT_TRUE(Violations("标题" + ordinary + "正文", one_line).empty()) << ordinary;
  }
}

}  // namespace
}  // namespace galley::domain
