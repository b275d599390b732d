#include "domain/json_text.h"

#include <gtest/gtest.h>

namespace galley::domain {
namespace {

TEST(JsonQuote, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\te"), R"("a\"b\\c\nd\te")");
  EXPECT_EQ(JsonQuote(std::string("\x01", 1)), R"("\u0001")");
}

TEST(JsonQuote, KeepsChineseAndReplacesInvalidBytes) {
  EXPECT_EQ(JsonQuote("赣南日报"), "\"赣南日报\"");
  EXPECT_EQ(JsonQuote("a\xFF"), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace galley::domain
