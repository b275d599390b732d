// Code points of UTF-8 text, for the code that cuts text by script: the
// search index (domain/search_text.h) and the page importer
// (domain/page_import.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace galley::domain {

struct CodePoint {
  char32_t value = 0;
  std::size_t offset = 0;  // in bytes
  std::size_t length = 0;
};

// Stored text is valid UTF-8 (checked on the way in); a stray byte still
// comes out as U+FFFD, one byte long, rather than derail the caller.
std::vector<CodePoint> DecodeUtf8(const std::string& text);

std::string EncodeUtf8(char32_t c);

// Han (with the extensions), kana and Hangul: scripts written without
// spaces between words.
bool IsCjk(char32_t c);

// Han characters alone: what Chinese personal names are written in.
bool IsHan(char32_t c);

}  // namespace galley::domain
