// How timestamps cross between PostgreSQL and the domain: selected as
// microseconds since the epoch (what timestamptz keeps), so no text format or
// session time zone is involved.
#pragma once

#include <cstdint>
#include <optional>

#include <pqxx/result>

#include "domain/time.h"

// A select-list expression for column `column` as epoch microseconds.
#define GALLEY_SQL_MICROS(column) "(extract(epoch FROM " column ") * 1000000)::bigint"

namespace galley::store {

inline domain::Timestamp TimestampOf(const pqxx::field& micros) {
  return domain::Timestamp(std::chrono::microseconds(micros.as<std::int64_t>()));
}

inline std::optional<domain::Timestamp> OptionalTimestampOf(const pqxx::field& micros) {
  if (micros.is_null()) return std::nullopt;
  return TimestampOf(micros);
}

}  // namespace galley::store
