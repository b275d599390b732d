// The resource commands of the `galley` tool (`galley article update NAME
// --headline X`), built from a table of nouns and verbs: a verb names an API
// method, and its flags come from the method's request by reflection
// (request_flags.h), so a new field or method needs no code here.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "app/options.h"
#include "cli/verb.h"

namespace galley::cli {

// Runs `galley NOUN VERB args...` (`args` starts with the verb). Prints the
// noun's usage for no verb or --help.
int RunResourceCommand(const Noun& noun, const app::Args& args);

// The flags every resource command takes besides its fields': --output and
// the client's (client.h).
std::vector<app::OptionSpec> CommandOptionSpecs();

// Prints `response` as --output asks (throws app::UsageError for a value
// other than table or json).
void PrintResponse(const google::protobuf::Message& response, const app::Options& options);

// "NAME", "PARENT": how a verb's usage shows its positional argument.
std::string PositionalPlaceholder(const Verb& verb);

}  // namespace galley::cli
