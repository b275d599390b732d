// Chinese text with the character statistics of the sample page
// (samples/gannan-daily-page.txt): a first-order Markov chain over the
// page's Han characters and its sentence punctuation, so that generated
// articles have the page's character and bigram frequencies (which is what
// the search index is made of) without repeating its sentences.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace galley::bench {

class SampleTextModel {
 public:
  explicit SampleTextModel(const std::string& page_text);
  // Throws std::runtime_error when the file cannot be read.
  static SampleTextModel FromFile(const std::string& path);

  // Running text of about `chars` characters, punctuated as the page is,
  // ending with "。".
  std::string Paragraph(std::mt19937_64& random, std::size_t chars) const;
  // Exactly `chars` Han characters and no punctuation: a headline, a name.
  std::string Phrase(std::mt19937_64& random, std::size_t chars) const;
  // A run of `chars` Han characters from the page that about `fraction` of
  // generated paragraphs of `paragraph_chars` contain: a term a reader of
  // this paper searches for, as common as asked (the most frequent terms
  // are in a third of all articles: too common for a realistic search).
  std::string TermInFraction(std::size_t chars, double fraction, std::size_t paragraph_chars) const;

 private:
  // Successors of a token with their counts, cumulated, to draw by frequency.
  struct Successors {
    std::vector<int> tokens;
    std::vector<int> cumulative;
  };

  int TokenOf(const std::string& text);
  int Draw(std::mt19937_64& random, const Successors& successors) const;
  // The token after `token`; a sentence start where the page had none.
  int Next(std::mt19937_64& random, int token) const;
  bool IsPunctuation(int token) const { return token < kPunctuationCount; }

  static constexpr int kPunctuationCount = 4;  // tokens 0..3: , 、 ; 。
  static constexpr int kFullStop = 3;
  std::vector<std::string> tokens_;       // token id -> UTF-8
  std::vector<Successors> successors_;    // by token id
  Successors sentence_starts_;            // what follows a full stop
  std::vector<std::vector<std::string>> han_runs_;  // the page's runs of Han characters
};

}  // namespace galley::bench
