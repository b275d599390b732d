// Builds a verb's request from its command line: the flags given (and the
// positional argument) are assembled into a JSON object and parsed with
// protobuf's JSON parser, so values take the forms JSON requests take
// (enum names, RFC 3339 times, JSON for messages) and nothing is converted
// by hand. An Update's mask lists the resource fields whose flags were given.
#pragma once

#include <google/protobuf/message.h>

#include <vector>

#include "app/options.h"
#include "cli/request_flags.h"
#include "cli/verb.h"

namespace galley::cli {

// Fills `request` (the verb's request type) from `options`, parsed with
// OptionSpecsOf(flags). Throws app::UsageError naming the flag whose value
// does not fit its field, or the missing positional argument.
void BuildRequest(const Verb& verb, const std::vector<RequestFlag>& flags, const app::Options& options,
                  google::protobuf::Message& request);

}  // namespace galley::cli
