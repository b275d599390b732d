// The client commands of the `galley` tool: they call a running server.
#pragma once

#include "app/commands.h"

namespace galley::cli {

int RunPublicationCommand(const app::Args& args);  // publication_command.cc
int RunHealthCommand(const app::Args& args);       // health_command.cc
int RunCallCommand(const app::Args& args);         // call_command.cc
int RunPhotoCommand(const app::Args& args);        // photo_command.cc
int RunFeedCommand(const app::Args& args);         // feed_command.cc

}  // namespace galley::cli
