// libFuzzer target: arbitrary bytes as the serialized request of each RPC,
// through what the service layer runs on a request before it touches the
// database or asks who is calling: each RPC's parse function in
// service/api/*_requests.h, the very functions the services call. The first
// byte picks the RPC (service_rpcs.h, modulo their number); the rest is
// parsed as its request message, as gRPC would, and what does not parse
// stops there (gRPC refuses it: api/malformed_request.h).
//
// Contract: the parse function returns a value fit to store (text valid UTF-8
// without NUL, names well-formed, lists and numbers within their limits), or
// throws domain::Error INVALID_ARGUMENT whose every field violation names a
// field of the request (a path through its message types: "article.body[3].text");
// never anything else, never a crash or a sanitizer report. An Update's change
// is then run on a stored resource of the name it parsed, as the store runs it
// on the locked row: it leaves a resource fit to store, or refuses with
// INVALID_ARGUMENT (as above), ABORTED (a stale etag) or FAILED_PRECONDITION.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>

#include "service_rpcs.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // Protobuf logs every string that is not UTF-8; the parse failing says it.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& rpcs = galley::fuzz::Rpcs();
  rpcs[data[0] % rpcs.size()].run(data + 1, size - 1);
  return 0;
}
