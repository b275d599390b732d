// An article written in any editor, in the importer's text form (README
// "Importing a page"): `# kicker`, `## headline`, `### subheadline`, a line
// of names, paragraphs between blank lines, captions ending in 摄. `galley
// article create|update --story-file FILE` sends it.
#pragma once

#include <string>
#include <vector>

#include "galley/v1/article.pb.h"

namespace galley::cli {

// The article `text` holds; throws app::UsageError, prefixed with `what`,
// if it does not hold exactly one.
v1::Article ReadStory(const std::string& what, const std::string& text);

// The Article fields a story file sets (an update's mask names them all, so
// that a kicker taken out of the file is taken off the article).
const std::vector<std::string>& StoryFields();

}  // namespace galley::cli
