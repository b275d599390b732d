// The sample page of 赣南日报 (samples/gannan-daily-page.txt), as the print
// system exports it: what the importer's tests read.
#pragma once

#include <string>

namespace galley::testing {

// Where the page is, for tests that hand it to the `galley` binary.
std::string SamplePagePath();
// The page's text; fails the test if the file cannot be read.
std::string SamplePage();

}  // namespace galley::testing
