// FeedService's requests, checked: all that a call does before it reads the
// change log (the service runs exactly these; tests/fuzz/service_request_fuzz.cc
// feeds them arbitrary requests). Each returns what the read needs or throws
// domain::Error (INVALID_ARGUMENT naming the field).
#pragma once

#include <cstdint>
#include <string>

#include "galley/v1/feed_service.pb.h"

namespace galley::api {

constexpr int kDefaultChangePageSize = 100;
constexpr int kMaxChangePageSize = 1000;

struct ChangesQuery {
  std::int64_t after_sequence = 0;
  int page_size = kDefaultChangePageSize;  // ListChanges only
  std::string publication_id;              // "" for every publication
};

ChangesQuery ParseListChanges(const v1::ListChangesRequest& request);
ChangesQuery ParseStreamChanges(const v1::StreamChangesRequest& request);

}  // namespace galley::api
