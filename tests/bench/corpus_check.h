// Checks that loaded articles are what the service would have written and
// reads back: one generated article is also written through the API (the
// reference), and the loaded copy must equal it in every column but its id
// and times, its revisions too; then the loaded articles are read through
// GetArticle (both views), ListArticleRevisions and SearchArticles.
// Failures throw ScenarioFailure naming what differs.
#pragma once

#include <cstdint>
#include <string>

#include "article_generator.h"
#include "harness.h"
#include "sample_text_model.h"

namespace galley::bench {

struct ServiceReference {
  std::int64_t index = 0;  // the generated article it copies (a published one)
  std::string id;          // its own id
  std::string author;      // the principal the service recorded as owner and author
};

// Writes generated article `index` through the API under another id, with
// the same history: created, edited if it was, submitted, approved and
// published if it was.
ServiceReference WriteReference(Harness& harness, const SampleTextModel& text, const CorpusLayout& layout,
                                std::int64_t index);

// Checks articles [from, to) once loaded; `reference` copies article `from`.
void CheckLoaded(Harness& harness, const SampleTextModel& text, const CorpusLayout& layout,
                 const ServiceReference& reference, std::int64_t from, std::int64_t to);

}  // namespace galley::bench
