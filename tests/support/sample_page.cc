#include "support/sample_page.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace galley::testing {

std::string SamplePagePath() { return GALLEY_SAMPLE_PAGE; }

std::string SamplePage() {
  std::ifstream file(SamplePagePath());
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_FALSE(text.str().empty()) << "cannot read " << GALLEY_SAMPLE_PAGE;
  return text.str();
}

}  // namespace galley::testing
