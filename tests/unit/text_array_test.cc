// text[] values between Galley and PostgreSQL (store/text_array.h): what the
// store binds and what it reads back are the same lists, whatever the text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/error.h"
#include "store/text_array.h"

namespace galley::store {
namespace {

using Texts = std::vector<std::string>;

TEST(TextArray, EveryTextRoundTripsThroughTheLiteralTheStoreBinds) {
  const Texts values{";", "a;b", "", "NULL", "null", "{}", "\"", "\\", ",", "赣南 日报", "'); DROP TABLE articles; --",
                     "%", "_", "$1", "\\'", "/* */"};
  EXPECT_EQ(ParseTextArray(TextArrayLiteral(values)), values);
  EXPECT_EQ(ParseTextArray(TextArrayLiteral({})), Texts{});
}

// PostgreSQL leaves an element unquoted unless it holds a space, a brace, a
// comma, a quote or a backslash, or is empty or NULL.
TEST(TextArray, ReadsWhatPostgresqlWrites) {
  EXPECT_EQ(ParseTextArray("{;,a;b,%,_,$1,赣县}"), (Texts{";", "a;b", "%", "_", "$1", "赣县"}));
  EXPECT_EQ(ParseTextArray(R"({"","a b","\"","\\",",","{}"})"), (Texts{"", "a b", "\"", "\\", ",", "{}"}));
  EXPECT_EQ(ParseTextArray(R"({NULL,"NULL"})"), Texts{"NULL"});
  EXPECT_EQ(ParseTextArray("{}"), Texts{});
}

TEST(TextArray, AnythingButAOneDimensionalArrayIsCorrupt) {
  for (const std::string text : {"", "{", "a,b", "{\"a}", "{\"a\"b}", "{{a},{b}}", "{a\"b}"}) {
    EXPECT_THROW(ParseTextArray(text), domain::Error) << text;
  }
}

}  // namespace
}  // namespace galley::store
