#include "api/list_request.h"

namespace galley::api {

ParsedList ParseListRequest(const std::string& scope, std::int32_t page_size, const std::string& filter,
                            const std::string& order_by, const std::string& page_token,
                            const std::vector<domain::QueryableField>& fields, const std::string& default_order,
                            const domain::PageTokenCodec& page_tokens) {
  ParsedList parsed;
  parsed.query.page_size = domain::ResolvePageSize(page_size);
  parsed.query.filter = domain::ParseFilter(filter, fields);
  parsed.query.order_by = domain::ParseOrderBy(order_by.empty() ? default_order : order_by, fields, "name");
  parsed.fingerprint = parsed.query.Fingerprint(scope);
  parsed.query.after = page_tokens.Decode(parsed.fingerprint, page_token);
  return parsed;
}

}  // namespace galley::api
