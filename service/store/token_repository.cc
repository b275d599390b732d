#include "store/token_repository.h"

#include <pqxx/prepared_statement>

#include "store/idempotency.h"
#include "store/row_time.h"

namespace galley::store {

namespace {

#define GALLEY_TOKEN_COLUMNS                                                                              \
  "id, principal, role, " GALLEY_SQL_MICROS("create_time") ", " GALLEY_SQL_MICROS("expire_time") ", " \
      GALLEY_SQL_MICROS("revoke_time") ", creator"

const Statement kInsert{
    "insert_access_token",
    "INSERT INTO access_tokens (id, principal, role, secret_hash, expire_time, creator) "
    "VALUES ($1, $2, $3, $4, 'epoch'::timestamptz + NULLIF($5, '')::bigint * interval '1 microsecond', $6) "
    "RETURNING " GALLEY_TOKEN_COLUMNS};
const Statement kRevoke{"revoke_access_token",
                        "UPDATE access_tokens SET revoke_time = coalesce(revoke_time, clock_timestamp()) "
                        "WHERE id = $1 RETURNING " GALLEY_TOKEN_COLUMNS};
const Statement kSelect{"select_access_token", "SELECT " GALLEY_TOKEN_COLUMNS " FROM access_tokens WHERE id = $1"};
const Statement kFind{"find_access_token",
                      "SELECT " GALLEY_TOKEN_COLUMNS " FROM access_tokens WHERE secret_hash = $1"};

const ListTable& TokenListTable() {
  static const ListTable kTable{
      "list_access_tokens",
      GALLEY_TOKEN_COLUMNS,
      "access_tokens",
      "id",
      {{"principal", "principal", domain::FieldType::kString},
       {"role", "role", domain::FieldType::kString},
       {"create_time", "create_time", domain::FieldType::kTimestamp}},
      {},
  };
  return kTable;
}

#undef GALLEY_TOKEN_COLUMNS

domain::AccessToken ReadToken(const pqxx::row& row) {
  domain::AccessToken token;
  token.id = row[0].as<std::string>();
  token.principal = row[1].as<std::string>();
  token.role = domain::ParseRole(row[2].as<std::string>()).value_or(domain::Role::kReader);
  token.create_time = TimestampOf(row[3]);
  token.expire_time = OptionalTimestampOf(row[4]);
  token.revoke_time = OptionalTimestampOf(row[5]);
  token.creator = row[6].as<std::string>();
  return token;
}

}  // namespace

TokenRepository::Created TokenRepository::Create(const domain::AccessToken& token, const std::string& secret_hash,
                                                 const std::optional<domain::IdempotencyKey>& request,
                                                 const Mutation& mutation) {
  const std::string expire =
      token.expire_time ? std::to_string(token.expire_time->time_since_epoch().count()) : std::string();
  return database_.Run(mutation, [&](Transaction& tx) {
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, token.Name())) {
        const auto ids = domain::AccessTokenName().Parse("name", *earlier);
        return Created{ReadToken(tx.Exec(kSelect, ids[0]).at(0)), /*replayed=*/true};
      }
    }
    const auto rows = tx.Exec(kInsert, token.id, token.principal, domain::RoleName(token.role), secret_hash, expire,
                              token.creator);
    return Created{ReadToken(rows.at(0)), /*replayed=*/false};
  });
}

ListPage<domain::AccessToken> TokenRepository::List(const domain::ListQuery& query, Deadline deadline) {
  const ListSql list = BuildListSql(TokenListTable(), query, {});
  return database_.Run(deadline, [&](Transaction& tx) {
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadToken);
  });
}

domain::AccessToken TokenRepository::Revoke(const std::string& id, const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const auto rows = tx.Exec(kRevoke, id);
    if (rows.empty()) throw domain::NotFound(domain::AccessTokenName().Format({id}));
    return ReadToken(rows[0]);
  });
}

std::optional<domain::AccessToken> TokenRepository::FindBySecretHash(const std::string& secret_hash,
                                                                     Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) -> std::optional<domain::AccessToken> {
    const auto rows = tx.Exec(kFind, secret_hash);
    if (rows.empty()) return std::nullopt;
    return ReadToken(rows[0]);
  });
}

}  // namespace galley::store
