// The parts of a List request every service parses the same way: page size,
// filter, order and the page token bound to them (domain/list_query.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/list_query.h"
#include "domain/page_token.h"
#include "domain/resource_name.h"

namespace galley::api {

// A parsed List request, and the fingerprint that binds its page tokens.
struct ParsedList {
  std::vector<std::string> parent;  // the ids of the parent's name; empty for a top-level collection
  domain::ListQuery query;
  std::string fingerprint;
};

// `scope` names what is listed, parent included ("issues:publications/x"),
// so a token never continues a listing of another parent.
ParsedList ParseListRequest(const std::string& scope, std::int32_t page_size, const std::string& filter,
                            const std::string& order_by, const std::string& page_token,
                            const std::vector<domain::QueryableField>& fields, const std::string& default_order,
                            const domain::PageTokenCodec& page_tokens);

// A standard List request (AIP-132) of `collection` under the `parent` it
// names, which must match `parent_pattern`: its ids are the list's parent.
template <typename Request>
ParsedList ParseChildListRequest(const Request& request, const domain::NamePattern& parent_pattern,
                                 const std::string& collection, const std::vector<domain::QueryableField>& fields,
                                 const std::string& default_order, const domain::PageTokenCodec& page_tokens) {
  auto parent = parent_pattern.Parse("parent", request.parent());
  ParsedList list = ParseListRequest(collection + ":" + request.parent(), request.page_size(), request.filter(),
                                     request.order_by(), request.page_token(), fields, default_order, page_tokens);
  list.parent = std::move(parent);
  return list;
}

}  // namespace galley::api
