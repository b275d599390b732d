#include "cli/display_width.h"

#include <gtest/gtest.h>

namespace galley::cli {
namespace {

TEST(DisplayWidth, ChineseCharactersTakeTwoColumnsAndAsciiOne) {
  EXPECT_EQ(DisplayWidth("赣南日报"), 8u);
  EXPECT_EQ(DisplayWidth("galley"), 6u);
  EXPECT_EQ(DisplayWidth("A03 综合新闻"), 12u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(DisplayWidth, FullWidthPunctuationIsWideAndCombiningMarksTakeNone) {
  EXPECT_EQ(DisplayWidth("“四链三群”"), 10u);  // the quotes are ambiguous width: one each
  EXPECT_EQ(DisplayWidth("日前，走进"), 10u);   // U+FF0C FULLWIDTH COMMA
  EXPECT_EQ(DisplayWidth("e\u0301"), 1u);       // e + COMBINING ACUTE ACCENT
}

TEST(DisplayWidth, InvalidUtf8CountsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth("a\xff" "b"), 3u);
  EXPECT_EQ(DisplayWidth("\xe8\xb5"), 2u);  // a character cut short
}

TEST(CutToWidth, LeavesTextThatFitsAlone) {
  EXPECT_EQ(CutToWidth("赣南日报", 8), "赣南日报");
  EXPECT_EQ(CutToWidth("abc", 3), "abc");
}

TEST(CutToWidth, CutsBetweenCharactersAndEndsWithAnEllipsis) {
  EXPECT_EQ(CutToWidth("产业拔节生长 集群磁力强劲", 9), "产业拔节…");
  EXPECT_EQ(CutToWidth("产业拔节生长", 8), "产业拔…");  // a wide character never half shown
  EXPECT_EQ(DisplayWidth(CutToWidth("产业拔节生长", 8)), 7u);
  EXPECT_EQ(CutToWidth("headline", 5), "head…");
  EXPECT_EQ(CutToWidth("headline", 0), "");
}

}  // namespace
}  // namespace galley::cli
