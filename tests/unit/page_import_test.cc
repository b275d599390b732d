// The page importer, pinned to the sample page of 赣南日报 (samples/) and
// to each of its conventions, one case at a time.
#include "domain/page_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>


#include "domain/error.h"
#include "support/sample_page.h"

namespace galley::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using galley::testing::SamplePage;

std::vector<std::string> Names(const std::vector<Byline>& bylines) {
  std::vector<std::string> names;
  for (const auto& byline : bylines) names.push_back(byline.display_name);
  return names;
}

std::vector<std::string> Kinds(const std::vector<Block>& body) {
  std::vector<std::string> kinds;
  for (const auto& block : body) kinds.push_back(block.kind);
  return kinds;
}

ImportedPage Parse(const std::string& text) { return ParsePage("text", text); }

// The INVALID_ARGUMENT message `text` gets.
std::string Refusal(const std::string& text) {
  try {
    Parse(text);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.field_violations().at(0).field, "text");
    return error.field_violations().at(0).description;
  }
  ADD_FAILURE() << "parsed: " << text;
  return "";
}

class SamplePageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { page_ = new ImportedPage(ParsePage("text", SamplePage())); }
  static void TearDownTestSuite() { delete page_; }
  static const ArticleContent& Article(std::size_t index) { return page_->articles.at(index).content; }
  static ImportedPage* page_;
};

ImportedPage* SamplePageTest::page_ = nullptr;

TEST_F(SamplePageTest, FindsTheFourStoriesInPageOrder) {
  ASSERT_EQ(page_->articles.size(), 4u);
  EXPECT_EQ(Article(0).headline, "赣县区做强“四链三群”推动工业经济跃升");
  EXPECT_EQ(Article(1).headline, "会昌:用微建议撬动大治理");
  EXPECT_EQ(Article(2).headline, "南康区:推进老旧小区改造 办好民生实事");
  EXPECT_EQ(Article(3).headline, "重磅突破 南方医院赣州医院(赣州市人民医院)科研成果荣登JAMA正刊");
  EXPECT_EQ(page_->articles[0].line, 5);
}

TEST_F(SamplePageTest, TheHashLineAboveAHeadlineIsItsKicker) {
  EXPECT_EQ(Article(0).kicker, "产业拔节生长 集群磁力强劲");
  EXPECT_EQ(Article(1).kicker, "");
  EXPECT_EQ(Article(2).kicker, "");
  EXPECT_EQ(Article(3).kicker, "");
}

TEST_F(SamplePageTest, BylinesComeFromUnderTheHeadlineOrTheClosingParentheses) {
  EXPECT_THAT(Names(Article(0).bylines), ElementsAre("尹才霞"));
  EXPECT_THAT(Names(Article(1).bylines), ElementsAre("刘玉明", "罗瀚"));
  EXPECT_THAT(Names(Article(2).bylines), ElementsAre("陈莉", "廖宝誉"));
  EXPECT_THAT(Names(Article(3).bylines), ElementsAre("罗江", "祝伟"));
  // The names are not left in the text they closed.
  EXPECT_THAT(Article(1).body.back().text, EndsWith("让基层治理更精准、更暖心。"));
}

TEST_F(SamplePageTest, TheCaptionBecomesAPhotoBlockCreditedToThePhotographer) {
  const auto& body = Article(0).body;
  ASSERT_EQ(body.size(), 10u);
  EXPECT_EQ(body[4].kind, "PHOTO");
  EXPECT_EQ(body[4].text, "赣州康晋储能技术有限公司航拍图");
  EXPECT_EQ(body[4].credit, "薛顺鑫");
  EXPECT_EQ(body[4].photo, "");  // the picture is attached later
  for (std::size_t i = 1; i < 4; ++i) {
    for (const auto& kind : Kinds(Article(i).body)) EXPECT_EQ(kind, "PARAGRAPH") << "article " << i;
  }
}

TEST_F(SamplePageTest, ParagraphsBrokenAcrossColumnsAreJoinedBack) {
  const auto& first = Article(0).body;
  // Broken before the caption, resumed after it; the caption follows the paragraph.
  EXPECT_THAT(first[3].text, HasSubstr("工业用电量从3.75亿千瓦时跃升至8.45亿千瓦时,增速连续两年位居全市第一,"
                                       "是一类县中唯一翻番的县(市、区)。"));
  EXPECT_THAT(first[5].text, HasSubstr("全国磁性材料、钴产品重要生产基地之一。"));
  EXPECT_THAT(first[6].text, HasSubstr("“链主”企业3家,新认定省制造业单项冠军企业2家"));
  const auto& fourth = Article(3).body;
  ASSERT_EQ(fourth.size(), 5u);
  EXPECT_THAT(fourth[1].text, HasSubstr("溶栓后治疗真空区提供权威、可靠的循证医学依据。"));
  EXPECT_THAT(fourth[3].text, HasSubstr("并称全球四大顶级医学期刊。作为全球临床医学的风向标"));
  EXPECT_THAT(fourth[4].text, HasSubstr("全流程培育科研项目,建设国家区域医疗中心赣州创新中心"));
  EXPECT_EQ(Article(1).body.size(), 6u);
  EXPECT_EQ(Article(2).body.size(), 5u);
}

TEST_F(SamplePageTest, TheNoticeAtTheFootOfThePageIsNoArticle) {
  for (const auto& article : page_->articles) {
    EXPECT_EQ(article.content.headline.find("人人讲安全"), std::string::npos);
    for (const auto& block : article.content.body) EXPECT_EQ(block.text.find("防灾减灾"), std::string::npos);
  }
  // The date line under the last story, and the two banner lines.
  EXPECT_THAT(page_->skipped_lines, ElementsAre(81, 83));
}

TEST_F(SamplePageTest, EveryArticlePassesTheContentRules) {
  FieldViolations violations;
  CheckImportedPage(violations, "text", *page_);
  EXPECT_TRUE(violations.empty());
}

TEST(PageImportTest, AHeadlineAloneIsAnArticle) {
  const auto page = Parse("## 标题");
  ASSERT_EQ(page.articles.size(), 1u);
  EXPECT_EQ(page.articles[0].content.headline, "标题");
  EXPECT_TRUE(page.articles[0].content.body.empty());
}

TEST(PageImportTest, ASubheadlineStandsRightUnderTheHeadlineAndASubheadingFurtherDown) {
  const auto page = Parse("## 主题\n### 副题\n\n第一段。\n\n### 小标题\n\n第二段。");
  const auto& content = page.articles.at(0).content;
  EXPECT_EQ(content.subheadline, "副题");
  EXPECT_THAT(Kinds(content.body), ElementsAre("PARAGRAPH", "SUBHEADING", "PARAGRAPH"));
  EXPECT_EQ(content.body[1].text, "小标题");
}

TEST(PageImportTest, CreditWordsInABylineGoWithTheNamesAfterThem) {
  const auto page = Parse("## 标题\n\n本报记者 张三 通讯员 李四\n\n正文。");
  const auto& bylines = page.articles.at(0).content.bylines;
  ASSERT_EQ(bylines.size(), 2u);
  EXPECT_EQ(bylines[0].display_name, "张三");
  EXPECT_EQ(bylines[0].credit, "本报记者");
  EXPECT_EQ(bylines[0].role, "REPORTER");
  EXPECT_EQ(bylines[1].display_name, "李四");
  EXPECT_EQ(bylines[1].credit, "通讯员");
  EXPECT_EQ(bylines[1].role, "CORRESPONDENT");
}

TEST(PageImportTest, AShortLineOfProseUnderTheHeadlineIsNoByline) {
  const auto page = Parse("## 标题\n\n近日,记者走访了社区。");
  EXPECT_TRUE(page.articles.at(0).content.bylines.empty());
  EXPECT_EQ(page.articles.at(0).content.body.size(), 1u);
}

TEST(PageImportTest, ANameAtTheTopAndAtTheEndIsOneByline) {
  const auto page = Parse("## 标题\n\n张三\n\n正文。(张三 李四)");
  EXPECT_THAT(Names(page.articles.at(0).content.bylines), ElementsAre("张三", "李四"));
}

TEST(PageImportTest, ParenthesesThatHoldNoNamesStayInTheText) {
  const auto page = Parse("## 标题\n\n他发表于国际顶尖医学期刊(影响因子55.0)");
  const auto& content = page.articles.at(0).content;
  EXPECT_TRUE(content.bylines.empty());
  EXPECT_EQ(content.body.at(0).text, "他发表于国际顶尖医学期刊(影响因子55.0)");
}

TEST(PageImportTest, CaptionsNeedANameBefore摄) {
  const auto page = Parse("## 标题\n\n航拍图 本报记者 张三 摄\n\n航拍图薛顺鑫摄\n\n李四摄");
  const auto& body = page.articles.at(0).content.body;
  ASSERT_THAT(Kinds(body), ElementsAre("PHOTO", "PARAGRAPH", "PHOTO"));
  EXPECT_EQ(body[0].text, "航拍图");
  EXPECT_EQ(body[0].credit, "本报记者 张三");
  EXPECT_EQ(body[1].text, "航拍图薛顺鑫摄");  // no space before the name: prose
  EXPECT_EQ(body[2].text, "");
  EXPECT_EQ(body[2].credit, "李四");
}

TEST(PageImportTest, LinesBetweenBlankLinesAreOneParagraph) {
  const auto page = Parse("## Title\n\nThe first line\nand the second.\n\n第一行\n第二行。");
  const auto& body = page.articles.at(0).content.body;
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0].text, "The first line and the second.");
  EXPECT_EQ(body[1].text, "第一行第二行。");
}

TEST(PageImportTest, AParagraphEndingMidSentenceAtTheEndOfTheStoryStaysAsItIs) {
  const auto page = Parse("## 一\n\n未完的段落\n\n## 二\n\n第二篇。");
  ASSERT_EQ(page.articles.size(), 2u);
  EXPECT_EQ(page.articles[0].content.body.at(0).text, "未完的段落");
  EXPECT_EQ(page.articles[1].content.body.at(0).text, "第二篇。");
}

TEST(PageImportTest, SeveralKickerLinesAreOneKickerAndABannerBeforeTextIsSkipped) {
  const auto page = Parse("# 横幅\n\n横幅下的文字\n\n# 引题一\n# 引题二\n## 标题\n\n正文。");
  ASSERT_EQ(page.articles.size(), 1u);
  EXPECT_EQ(page.articles[0].content.kicker, "引题一引题二");
  EXPECT_THAT(page.skipped_lines, ElementsAre(1, 3));
}

TEST(PageImportTest, WindowsLineEndsFullWidthSpacesAndAByteOrderMarkAreWhitespace) {
  const auto page = Parse("\xEF\xBB\xBF## 标题\r\n\r\n\xE3\x80\x80\xE3\x80\x80正文。\r\n");
  ASSERT_EQ(page.articles.size(), 1u);
  EXPECT_EQ(page.articles[0].content.headline, "标题");
  EXPECT_EQ(page.articles[0].content.body.at(0).text, "正文。");
}

TEST(PageImportTest, AHashWithoutASpaceIsText) {
  const auto page = Parse("## 标题\n\n#话题# 正文。");
  EXPECT_EQ(page.articles.at(0).content.body.at(0).text, "#话题# 正文。");
}

TEST(PageImportTest, TextWithNoHeadlineSaysWhatIsExpected) {
  EXPECT_THAT(Refusal(""), HasSubstr("\"## \""));
  EXPECT_THAT(Refusal("只有一段文字。\n\n# 横幅"), HasSubstr("holds no article"));
}

TEST(PageImportTest, AnEmptyHeadlineIsRefusedWithItsLine) {
  EXPECT_THAT(Refusal("## 一\n\n正文。\n\n##   \n"), HasSubstr("line 5"));
}

TEST(PageImportTest, BadBytesAreRefused) {
  EXPECT_THAT(Refusal("## \xFF\xFE"), HasSubstr("UTF-8"));
  EXPECT_THAT(Refusal(std::string("## a\0b", 6)), HasSubstr("NUL"));
  EXPECT_THAT(Refusal("## a\n" + std::string(kMaxImportBytes, 'x')), HasSubstr("KiB"));
}

TEST(PageImportTest, TooManyArticlesAreRefused) {
  std::string text;
  for (std::size_t i = 0; i <= kMaxImportedArticles; ++i) text += "## 标题\n";
  EXPECT_THAT(Refusal(text), HasSubstr("one page at a time"));
}

TEST(PageImportTest, ContentRulesNameTheArticleByItsLine) {
  const auto page = Parse("## 一\n\n正文。\n\n## " + std::string(201, 'h'));
  FieldViolations violations;
  CheckImportedPage(violations, "text", page);
  ASSERT_EQ(violations.list().size(), 1u);
  EXPECT_EQ(violations.list()[0].field, "text");
  EXPECT_THAT(violations.list()[0].description, HasSubstr("the article at line 5: headline"));
}

}  // namespace
}  // namespace galley::domain
