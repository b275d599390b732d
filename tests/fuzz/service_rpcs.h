// Every unary RPC of Galley (and UploadPhoto's first message), for
// service_request_fuzz: how to run the service layer's own parse function of
// that RPC (service/api/*_requests.h) on a request, what it must hold to,
// and a valid request to seed the fuzzer with. The seed tool
// (service_request_seeds.cc) writes the seeds from the same table, so the
// checked-in corpus and the target never disagree about which byte is which RPC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace galley::fuzz {

struct RpcOutcome {
  bool parsed = false;       // the bytes were a request message of the RPC
  bool accepted = false;     // the service layer took the request
  std::string fingerprint;   // a List RPC's query fingerprint, for seeds with a page token
};

struct Rpc {
  const char* name;  // "galley.v1.ArticleService/CreateArticle"
  // Parses `data` as the RPC's request and runs the service layer's parse
  // function on it, aborting (fuzz_contract.h) if the contract breaks.
  std::function<RpcOutcome(const std::uint8_t* data, std::size_t size)> run;
  // A valid request in protobuf text format.
  const char* seed;
};

const std::vector<Rpc>& Rpcs();

// The page token codec the List RPCs run with here (a fixed secret).
std::string EncodePageToken(const std::string& fingerprint, const std::vector<std::string>& last_key);

}  // namespace galley::fuzz
