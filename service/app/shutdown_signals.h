// SIGINT and SIGTERM ask Galley to shut down gracefully. They are blocked in
// every thread and taken by one sigwait, so that no thread is interrupted at
// a random point and shutdown runs as ordinary code.
#pragma once

#include <signal.h>

namespace galley::app {

// Blocks SIGINT and SIGTERM in the calling thread and in every thread it
// starts afterwards. Call it before any thread starts; calling it again is
// harmless. A signal that arrives meanwhile waits for WaitForShutdownSignal.
sigset_t BlockShutdownSignals();

// Waits for SIGINT or SIGTERM and returns which.
int WaitForShutdownSignal(const sigset_t& signals);

}  // namespace galley::app
