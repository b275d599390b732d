#include "sample_text_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "domain/utf8.h"

namespace galley::bench {

namespace {

// The page's sentence punctuation, as the print system exports it (an
// ASCII comma): the tokens 0..3 of the model, the full stop last.
const std::vector<std::string> kPunctuation{",", "、", ";", "。"};

void Count(std::vector<int>& tokens, std::vector<int>& counts, int token) {
  const auto at = std::find(tokens.begin(), tokens.end(), token);
  if (at != tokens.end()) {
    ++counts[static_cast<std::size_t>(at - tokens.begin())];
    return;
  }
  tokens.push_back(token);
  counts.push_back(1);
}

void Cumulate(std::vector<int>& counts) {
  for (std::size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
}

}  // namespace

SampleTextModel::SampleTextModel(const std::string& page_text) : tokens_(kPunctuation) {
  successors_.resize(tokens_.size());
  int previous = -1;  // none: the chain breaks at anything the model leaves out
  std::vector<std::string> run;
  for (const auto& point : domain::DecodeUtf8(page_text)) {
    const std::string text = domain::EncodeUtf8(point.value);
    const bool han = domain::IsHan(point.value);
    if (han) {
      run.push_back(text);
    } else if (!run.empty()) {
      han_runs_.push_back(std::move(run));
      run.clear();
    }
    const bool punctuation = std::find(kPunctuation.begin(), kPunctuation.end(), text) != kPunctuation.end();
    if (!han && !punctuation) {
      previous = -1;
      continue;
    }
    const int token = TokenOf(text);
    if (previous == kFullStop) Count(sentence_starts_.tokens, sentence_starts_.cumulative, token);
    if (previous >= 0) {
      auto& next = successors_[static_cast<std::size_t>(previous)];
      Count(next.tokens, next.cumulative, token);
    }
    previous = token;
  }
  if (!run.empty()) han_runs_.push_back(std::move(run));
  if (sentence_starts_.tokens.empty()) throw std::runtime_error("the sample text has no sentence to learn from");
  Cumulate(sentence_starts_.cumulative);
  for (auto& next : successors_) Cumulate(next.cumulative);
}

SampleTextModel SampleTextModel::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return SampleTextModel(text.str());
}

int SampleTextModel::TokenOf(const std::string& text) {
  const auto at = std::find(tokens_.begin(), tokens_.end(), text);
  if (at != tokens_.end()) return static_cast<int>(at - tokens_.begin());
  tokens_.push_back(text);
  successors_.emplace_back();
  return static_cast<int>(tokens_.size() - 1);
}

int SampleTextModel::Draw(std::mt19937_64& random, const Successors& successors) const {
  std::uniform_int_distribution<int> pick(0, successors.cumulative.back() - 1);
  const int drawn = pick(random);
  const auto at = std::upper_bound(successors.cumulative.begin(), successors.cumulative.end(), drawn);
  return successors.tokens[static_cast<std::size_t>(at - successors.cumulative.begin())];
}

int SampleTextModel::Next(std::mt19937_64& random, int token) const {
  const Successors& next = successors_[static_cast<std::size_t>(token)];
  return next.tokens.empty() ? Draw(random, sentence_starts_) : Draw(random, next);
}

std::string SampleTextModel::Paragraph(std::mt19937_64& random, std::size_t chars) const {
  std::string text;
  int token = Draw(random, sentence_starts_);
  for (std::size_t n = 1;; ++n) {
    // Past the length, the sentence ends at its next punctuation.
    if (n >= chars && IsPunctuation(token)) return text + tokens_[kFullStop];
    // A paragraph does not start with punctuation.
    if (!(IsPunctuation(token) && text.empty())) text += tokens_[static_cast<std::size_t>(token)];
    token = Next(random, token);
  }
}

std::string SampleTextModel::Phrase(std::mt19937_64& random, std::size_t chars) const {
  std::string text;
  int token = Draw(random, sentence_starts_);
  for (std::size_t n = 0; n < chars; token = Next(random, token)) {
    if (IsPunctuation(token)) continue;
    text += tokens_[static_cast<std::size_t>(token)];
    ++n;
  }
  return text;
}

std::string SampleTextModel::TermInFraction(std::size_t chars, double fraction, std::size_t paragraph_chars) const {
  constexpr int kParagraphs = 2000;
  std::map<std::string, int> paragraphs_with;  // the page's terms, by how many paragraphs have them
  for (const auto& run : han_runs_) {
    for (std::size_t i = 0; i + chars <= run.size(); ++i) {
      std::string term;
      for (std::size_t k = 0; k < chars; ++k) term += run[i + k];
      paragraphs_with.emplace(term, 0);
    }
  }
  if (paragraphs_with.empty()) throw std::runtime_error("the sample text has no run of " + std::to_string(chars) + " characters");
  std::mt19937_64 random(chars);  // the same term every run
  for (int p = 0; p < kParagraphs; ++p) {
    const std::string paragraph = Paragraph(random, paragraph_chars);
    for (auto& [term, count] : paragraphs_with) count += paragraph.find(term) != std::string::npos;
  }
  const double wanted = fraction * kParagraphs;
  return std::min_element(paragraphs_with.begin(), paragraphs_with.end(), [&](const auto& a, const auto& b) {
           return std::abs(a.second - wanted) < std::abs(b.second - wanted);
         })->first;
}

}  // namespace galley::bench
