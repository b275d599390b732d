// The parts of a List request every service parses the same way: page size,
// filter, order and the page token bound to them (domain/list_query.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/list_query.h"
#include "domain/page_token.h"

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

}  // namespace galley::api
