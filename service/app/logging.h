// Process-wide logging set-up: human-readable lines by default, JSON lines
// (one object per line) with --log-format=json, always to stderr, UTC times.
#pragma once

#include <string>

namespace galley::app {

// Throws UsageError for an unknown level.
void ConfigureLogging(bool json, const std::string& level);

}  // namespace galley::app
