// How SearchArticles cuts text and queries (domain/search_text.h): CJK
// unigrams and bigrams with positions and weights, Latin-script text left
// for PostgreSQL's english configuration, and snippets.
#include "domain/search_text.h"

#include <gtest/gtest.h>

namespace galley::domain {
namespace {

TEST(IndexArticle, CutsChineseIntoCharactersAndPairsWithTheFieldsWeight) {
  ArticleContent content;
  content.headline = "稀土JAMA卒中";
  content.summary = "微建议";
  content.body = {{"PARAGRAPH", "Published 赣州", "", "薛顺鑫摄"}};
  const SearchDocument document = IndexArticle(content);
  EXPECT_EQ(document.cjk_vector,
            "'稀':1A '稀土':1A '土':2A '卒':4A '卒中':4A '中':5A "
            "'微':7B '微建':7B '建':8B '建议':8B '议':9B "
            "'赣':11C '赣州':11C '州':12C '薛':14C '薛顺':14C '顺':15C '顺鑫':15C '鑫':16C '鑫摄':16C '摄':17C");
  EXPECT_EQ(document.latin_a, " JAMA");
  EXPECT_NE(document.latin_c.find("Published"), std::string::npos);
}

TEST(ParseSearchQuery, ChineseTermsAskForAllTheirPairsAndWordsGoToTheStemmer) {
  const SearchQuery two = ParseSearchQuery("query", "稀土");
  EXPECT_EQ(two.cjk_query, "'稀土'");
  EXPECT_EQ(two.latin, "");
  EXPECT_EQ(ParseSearchQuery("query", "老旧小区").cjk_query, "'老旧' & '旧小' & '小区'");
  EXPECT_EQ(ParseSearchQuery("query", "稀").cjk_query, "'稀'");
  const SearchQuery mixed = ParseSearchQuery("query", "JAMA,卒中 study's");
  EXPECT_EQ(mixed.cjk_query, "'卒中'");
  EXPECT_EQ(mixed.latin, "JAMA study s");
  EXPECT_EQ(mixed.terms, (std::vector<std::string>{"卒中", "JAMA", "study", "s"}));
  // A quote cannot break out of the tsquery literal.
  EXPECT_EQ(ParseSearchQuery("query", "it's").latin, "it s");
}

TEST(ParseSearchQuery, NothingToSearchForIsRefusedNamingTheField) {
  // Also bytes that are not UTF-8: cut short, overlong, a lone surrogate,
  // beyond U+10FFFF, a stray continuation byte; and a NUL or another
  // control character, which is no space.
  for (const std::string& text : std::vector<std::string>{"", "   ", ",。!?", std::string(201, 'a'), "稀\xE5\x9C",
                                                          "\xC0\xAF稀土", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                                          "稀土\x80", std::string("稀土\0产业", 13), "稀土\x1B"}) {
    try {
      ParseSearchQuery("query", text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& error) {
      ASSERT_EQ(error.field_violations().size(), 1u);
      EXPECT_EQ(error.field_violations()[0].field, "query");
    }
  }
}

TEST(SearchSnippet, MarksEveryOccurrenceAroundTheFirstAndEscapesTheText) {
  ArticleContent content;
  content.headline = "无关标题";
  content.body = {{"PARAGRAPH", std::string("前文") + std::string(40, 'x') + "稀土<产业>稀土", "", ""}};
  const std::string snippet = SearchSnippet(content, ParseSearchQuery("query", "稀土"));
  EXPECT_EQ(snippet, "…" + std::string(30, 'x') + "<em>稀土</em>&lt;产业&gt;<em>稀土</em>");
  // No literal match (a stemmed one): the headline's start.
  EXPECT_EQ(SearchSnippet(content, ParseSearchQuery("query", "publishing")), "无关标题");
}

}  // namespace
}  // namespace galley::domain
