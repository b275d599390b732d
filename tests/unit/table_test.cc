#include "cli/table.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "cli/display_width.h"

namespace galley::cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The display column at which `needle` starts in `line`.
std::size_t ColumnOf(const std::string& line, const std::string& needle) {
  return DisplayWidth(line.substr(0, line.find(needle)));
}

TEST(Table, PadsColumnsByDisplayWidthSoChineseTextLinesUp) {
  Table table({"NAME", "STATE", "HEADLINE"});
  table.AddRow({"kangjin", "DRAFT", "产业拔节生长"});
  table.AddRow({"xitu", "PUBLISHED", "稀土产业链加速延伸"});
  const auto lines = Lines(table.Render());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "NAME     STATE      HEADLINE");
  EXPECT_EQ(lines[1], "kangjin  DRAFT      产业拔节生长");
  EXPECT_EQ(ColumnOf(lines[1], "产业"), ColumnOf(lines[0], "HEADLINE"));
  EXPECT_EQ(ColumnOf(lines[2], "PUBLISHED"), ColumnOf(lines[0], "STATE"));
}

TEST(Table, WideCellsInAnEarlierColumnPushTheNextOneByTheirColumnsNotTheirBytes) {
  Table table({"DISPLAY NAME", "LANGUAGE"});
  table.AddRow({"赣南日报社会版", "zh-Hans"});  // 14 columns, 21 bytes
  table.AddRow({"Gannan Daily", "en"});
  const auto lines = Lines(table.Render());
  EXPECT_EQ(ColumnOf(lines[1], "zh-Hans"), 16u);
  EXPECT_EQ(ColumnOf(lines[2], "en"), 16u);
  EXPECT_EQ(ColumnOf(lines[0], "LANGUAGE"), 16u);
}

TEST(Table, CutsLongCellsToTheColumnCapAndKeepsUncappedOnesWhole) {
  Table table({"NAME", "HEADLINE"}, {0, 10});
  table.AddRow({"publications/gannan-daily/articles/kangjin", "赣县区做强“四链三群”推动工业经济跃升"});
  const auto lines = Lines(table.Render());
  EXPECT_EQ(lines[1], "publications/gannan-daily/articles/kangjin  赣县区做…");
}

TEST(Table, PutsEachRowOnOneLineWithoutTrailingSpaces) {
  Table table({"A", "B"});
  table.AddRow({"line one\nline two", ""});
  table.AddRow({"x"});  // a missing cell is empty
  const auto lines = Lines(table.Render());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "line one line two");
  EXPECT_EQ(lines[2], "x");
}

}  // namespace
}  // namespace galley::cli
