// Writes the seeds of service_request_fuzz into a directory, one file per
// RPC: its index byte and a valid request (service_rpcs.h); for a List RPC,
// a second one that carries a page token issued for that very query, so
// the fuzzer starts from tokens that decode. The checked-in corpus
// (tests/fuzz/corpus/service_request) is this tool's output:
//   build-fuzz/service_request_seeds tests/fuzz/corpus/service_request
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "service_rpcs.h"

namespace {

// "galley.v1.ArticleService/SearchArticles (published)" -> "SearchArticles-published".
std::string FileNameOf(const std::string& rpc) {
  std::string name;
  for (const char c : rpc.substr(rpc.find('/') + 1)) {
    if (c == ' ') {
      name += '-';
    } else if (c != '(' && c != ')') {
      name += c;
    }
  }
  return name;
}

// The request message of `rpc`, found by its method's name.
std::unique_ptr<google::protobuf::Message> NewRequest(const std::string& rpc) {
  const std::string method_path = rpc.substr(0, rpc.find(' '));
  const std::string service = method_path.substr(0, method_path.find('/'));
  const std::string method = method_path.substr(method_path.find('/') + 1);
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const auto* service_descriptor = pool->FindServiceByName(service);
  if (service_descriptor == nullptr) return nullptr;
  const auto* method_descriptor = service_descriptor->FindMethodByName(method);
  if (method_descriptor == nullptr) return nullptr;
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method_descriptor->input_type())->New());
}

bool Write(const std::string& path, std::uint8_t index, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.put(static_cast<char>(index));
  out << bytes;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: service_request_seeds DIRECTORY\n";
    return 2;
  }
  const std::string directory = argv[1];
  const auto& rpcs = galley::fuzz::Rpcs();
  for (std::size_t i = 0; i < rpcs.size(); ++i) {
    const auto& rpc = rpcs[i];
    auto request = NewRequest(rpc.name);
    if (!request || !google::protobuf::TextFormat::ParseFromString(rpc.seed, request.get())) {
      std::cerr << rpc.name << ": the seed is not a request of this method\n";
      return 1;
    }
    const std::string bytes = request->SerializeAsString();
    const auto outcome = rpc.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (!outcome.accepted) {
      std::cerr << rpc.name << ": the seed is refused\n";
      return 1;
    }
    const std::string file = directory + "/" + std::to_string(i / 10) + std::to_string(i % 10) + "-" + FileNameOf(rpc.name);
    if (!Write(file, static_cast<std::uint8_t>(i), bytes)) return 1;

    const auto* token_field = request->GetDescriptor()->FindFieldByName("page_token");
    if (token_field == nullptr || outcome.fingerprint.empty()) continue;
    // The cursor of a page after an imagined first one; a revision list's is a number.
    const std::string cursor = rpc.name == std::string("galley.v1.ArticleService/ListArticleRevisions") ? "7" : "a03";
    request->GetReflection()->SetString(request.get(), token_field,
                                        galley::fuzz::EncodePageToken(outcome.fingerprint, {cursor, "a03"}));
    const std::string continued = request->SerializeAsString();
    if (!rpc.run(reinterpret_cast<const std::uint8_t*>(continued.data()), continued.size()).accepted) {
      std::cerr << rpc.name << ": the seed with a page token is refused\n";
      return 1;
    }
    if (!Write(file + "-next-page", static_cast<std::uint8_t>(i), continued)) return 1;
  }
  std::cout << rpcs.size() << " RPCs\n";
  return 0;
}
