// The figures a fault test measured (writes acknowledged, recovery times,
// threads and memory), printed as one line each: "figures: <test>: <what>".
// scripts/test prints every such line after the suite has run, so that CI's
// log shows them for the tests that passed too.
#pragma once

namespace galley::testing {

void PrintFigures(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace galley::testing
