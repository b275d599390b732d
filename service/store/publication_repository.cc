#include "store/publication_repository.h"

#include <pqxx/prepared_statement>

#include "domain/error.h"
#include "store/idempotency.h"
#include "store/keyset_query.h"
#include "store/row_time.h"

namespace galley::store {

namespace {

// The columns every statement returns, in the order ReadPublication expects.
#define GALLEY_PUBLICATION_COLUMNS                  \
  "id, display_name, language, time_zone, version, " \
  GALLEY_SQL_MICROS("create_time") ", " GALLEY_SQL_MICROS("update_time")

const Statement kInsert{
    "insert_publication",
    "INSERT INTO publications (id, display_name, language, time_zone) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (id) DO NOTHING RETURNING " GALLEY_PUBLICATION_COLUMNS};
const Statement kSelect{"select_publication",
                        "SELECT " GALLEY_PUBLICATION_COLUMNS " FROM publications WHERE id = $1"};
const Statement kSelectForUpdate{
    "select_publication_for_update",
    "SELECT " GALLEY_PUBLICATION_COLUMNS " FROM publications WHERE id = $1 FOR UPDATE"};
const Statement kUpdate{
    "update_publication",
    "UPDATE publications SET display_name = $2, language = $3, time_zone = $4, "
    "version = version + 1, update_time = clock_timestamp() WHERE id = $1 "
    "RETURNING " GALLEY_PUBLICATION_COLUMNS};

const ListTable& PublicationListTable() {
  static const ListTable kTable{
      "list_publications",
      GALLEY_PUBLICATION_COLUMNS,
      "publications",
      "id",
      {
          {"name", "id", domain::FieldType::kString},
          {"display_name", "display_name", domain::FieldType::kString},
          {"language", "language", domain::FieldType::kString},
          {"time_zone", "time_zone", domain::FieldType::kString},
          {"create_time", "create_time", domain::FieldType::kTimestamp},
          {"update_time", "update_time", domain::FieldType::kTimestamp},
      },
      {},
  };
  return kTable;
}

#undef GALLEY_PUBLICATION_COLUMNS

domain::Publication ReadPublication(const pqxx::row& row) {
  domain::Publication publication;
  publication.id = row[0].as<std::string>();
  publication.display_name = row[1].as<std::string>();
  publication.language = row[2].as<std::string>();
  publication.time_zone = row[3].as<std::string>();
  publication.version = row[4].as<std::int64_t>();
  publication.create_time = TimestampOf(row[5]);
  publication.update_time = TimestampOf(row[6]);
  return publication;
}

std::string PublicationNameOf(const std::string& id) { return domain::PublicationName().Format({id}); }

domain::Publication SelectExisting(Transaction& tx, const Statement& statement, const std::string& id) {
  const auto rows = tx.Exec(statement, id);
  if (rows.empty()) throw domain::NotFound(PublicationNameOf(id));
  return ReadPublication(rows[0]);
}

}  // namespace

domain::Publication PublicationRepository::Create(const domain::Publication& publication,
                                                  const std::optional<domain::IdempotencyKey>& request,
                                                  const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, publication.Name())) {
        return SelectExisting(tx, kSelect, domain::PublicationName().Parse("name", *earlier).at(0));
      }
    }
    const auto rows = tx.Exec(kInsert, publication.id, publication.display_name, publication.language,
                              publication.time_zone);
    if (rows.empty()) throw domain::AlreadyExists(publication.Name());
    return ReadPublication(rows[0]);
  });
}

domain::Publication PublicationRepository::Get(const std::string& id, Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) { return SelectExisting(tx, kSelect, id); });
}

PublicationPage PublicationRepository::List(const domain::ListQuery& query, Deadline deadline) {
  const ListSql list = BuildListSql(PublicationListTable(), query, {});
  return database_.Run(deadline, [&](Transaction& tx) {
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadPublication);
  });
}

domain::Publication PublicationRepository::Update(const std::string& id,
                                                  const std::function<void(domain::Publication&)>& change,
                                                  const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Publication current = SelectExisting(tx, kSelectForUpdate, id);
    domain::Publication updated = current;
    change(updated);
    const bool unchanged = updated.display_name == current.display_name &&
                           updated.language == current.language && updated.time_zone == current.time_zone;
    if (unchanged) return current;
    const auto rows = tx.Exec(kUpdate, id, updated.display_name, updated.language, updated.time_zone);
    return ReadPublication(rows.at(0));
  });
}

}  // namespace galley::store
