// Small, structurally complete images of each supported type, made in code
// so the tests carry no binary files: enough for Galley's header checks.
#pragma once

#include <string>

namespace galley::testing {

std::string SamplePng(int width, int height);
std::string SampleJpeg(int width, int height);
std::string SampleGif(int width, int height);
std::string SampleWebp(int width, int height);  // the extended (VP8X) form

}  // namespace galley::testing
