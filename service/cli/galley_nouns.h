// The nouns of the `galley` client and their verbs (galley_nouns.cc): every
// service of the API, one table.
#pragma once

#include <string>
#include <vector>

#include "cli/verb.h"

namespace galley::cli {

const std::vector<Noun>& GalleyNouns();

// nullptr if `name` is no noun.
const Noun* FindNoun(const std::string& name);

}  // namespace galley::cli
