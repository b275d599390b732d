// The client commands of the `galley` tool that are not resource commands
// (resource_command.h): they call a running server.
#pragma once

#include "app/commands.h"

namespace galley::cli {

int RunHealthCommand(const app::Args& args);  // health_command.cc
int RunCallCommand(const app::Args& args);    // call_command.cc

// The streaming verbs of the resource commands (galley_nouns.cc); each takes
// the arguments after its verb.
int RunPhotoUpload(const app::Args& args);    // photo_command.cc
int RunPhotoDownload(const app::Args& args);  // photo_command.cc
int RunFeedFollow(const app::Args& args);     // feed_command.cc
int RunAttachPhoto(const app::Args& args);    // attach_photo_command.cc

}  // namespace galley::cli
