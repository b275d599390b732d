#include "store/contributor_repository.h"

#include <pqxx/prepared_statement>

#include "domain/error.h"
#include "store/idempotency.h"
#include "store/parent_check.h"
#include "store/row_time.h"
#include "store/text_array.h"

namespace galley::store {

namespace {

// The columns every statement returns, in ReadContributor's order.
#define GALLEY_CONTRIBUTOR_COLUMNS                                                        \
  "publication_id, id, display_name, roles, affiliation, version, " \
  GALLEY_SQL_MICROS("create_time") ", " GALLEY_SQL_MICROS("update_time")

const Statement kInsert{"insert_contributor",
                        "INSERT INTO contributors (publication_id, id, display_name, roles, affiliation) "
                        "VALUES ($1, $2, $3, $4::text[], $5) ON CONFLICT DO NOTHING RETURNING " GALLEY_CONTRIBUTOR_COLUMNS};
const Statement kSelect{"select_contributor", "SELECT " GALLEY_CONTRIBUTOR_COLUMNS
                                              " FROM contributors WHERE publication_id = $1 AND id = $2"};
const Statement kLock{"lock_contributor", "SELECT " GALLEY_CONTRIBUTOR_COLUMNS
                                          " FROM contributors WHERE publication_id = $1 AND id = $2 FOR UPDATE"};
const Statement kUpdate{"update_contributor",
                        "UPDATE contributors SET display_name = $3, roles = $4::text[], affiliation = $5, "
                        "version = version + 1, update_time = clock_timestamp() "
                        "WHERE publication_id = $1 AND id = $2 RETURNING " GALLEY_CONTRIBUTOR_COLUMNS};
const Statement kDelete{"delete_contributor", "DELETE FROM contributors WHERE publication_id = $1 AND id = $2"};

const Statement kBylinesNaming{"bylines_naming_contributor",
                               "SELECT count(*) FROM articles WHERE $1 = ANY(contributors) AND delete_time IS NULL"};

const ListTable& ContributorListTable() {
  static const ListTable kTable{
      "list_contributors",
      GALLEY_CONTRIBUTOR_COLUMNS,
      "contributors",
      "id",
      {{"name", "id", domain::FieldType::kString},
       {"display_name", "display_name", domain::FieldType::kString},
       {"affiliation", "affiliation", domain::FieldType::kString},
       {"roles", "roles", domain::FieldType::kStringList},
       {"create_time", "create_time", domain::FieldType::kTimestamp},
       {"update_time", "update_time", domain::FieldType::kTimestamp}},
      {"publication_id = $1"},
  };
  return kTable;
}

#undef GALLEY_CONTRIBUTOR_COLUMNS

domain::Contributor ReadContributor(const pqxx::row& row) {
  domain::Contributor contributor;
  contributor.publication_id = row[0].as<std::string>();
  contributor.id = row[1].as<std::string>();
  contributor.display_name = row[2].as<std::string>();
  contributor.roles = ReadTextArray(row[3]);
  contributor.affiliation = row[4].as<std::string>();
  contributor.version = row[5].as<std::int64_t>();
  contributor.create_time = TimestampOf(row[6]);
  contributor.update_time = TimestampOf(row[7]);
  return contributor;
}

domain::Contributor Existing(Transaction& tx, const Statement& statement, const std::string& publication_id,
                             const std::string& id) {
  const auto rows = tx.Exec(statement, publication_id, id);
  if (rows.empty()) throw domain::NotFound(domain::ContributorName().Format({publication_id, id}));
  return ReadContributor(rows[0]);
}

}  // namespace

domain::Contributor ContributorRepository::Create(const domain::Contributor& contributor,
                                                  const std::optional<domain::IdempotencyKey>& request,
                                                  const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    RequirePublication(tx, contributor.publication_id);
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, contributor.Name())) {
        const auto ids = domain::ContributorName().Parse("name", *earlier);
        return Existing(tx, kSelect, ids[0], ids[1]);
      }
    }
    const auto rows = tx.Exec(kInsert, contributor.publication_id, contributor.id, contributor.display_name,
                              TextArrayLiteral(contributor.roles), contributor.affiliation);
    if (rows.empty()) throw domain::AlreadyExists(contributor.Name());
    return ReadContributor(rows[0]);
  });
}

domain::Contributor ContributorRepository::Get(const std::string& publication_id, const std::string& id,
                                               Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) { return Existing(tx, kSelect, publication_id, id); });
}

ListPage<domain::Contributor> ContributorRepository::List(const std::string& publication_id,
                                                          const domain::ListQuery& query, Deadline deadline) {
  const ListSql list = BuildListSql(ContributorListTable(), query, {publication_id});
  return database_.Run(deadline, [&](Transaction& tx) {
    RequirePublication(tx, publication_id);
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadContributor);
  });
}

domain::Contributor ContributorRepository::Update(const std::string& publication_id, const std::string& id,
                                                  const std::function<void(domain::Contributor&)>& change,
                                                  const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Contributor current = Existing(tx, kLock, publication_id, id);
    domain::Contributor updated = current;
    change(updated);
    if (updated.display_name == current.display_name && updated.roles == current.roles &&
        updated.affiliation == current.affiliation) {
      return current;
    }
    return ReadContributor(
        tx.Exec(kUpdate, publication_id, id, updated.display_name, TextArrayLiteral(updated.roles), updated.affiliation)
            .at(0));
  });
}

void ContributorRepository::Delete(const std::string& publication_id, const std::string& id,
                                   const std::function<void(const domain::Contributor&)>& check, const Mutation& mutation) {
  database_.Run(mutation, [&](Transaction& tx) {
    const domain::Contributor contributor = Existing(tx, kLock, publication_id, id);
    check(contributor);
    RequireUnused(tx, kBylinesNaming, contributor.Name(), "articles whose bylines name them");
    tx.Exec(kDelete, publication_id, id);
  });
}

}  // namespace galley::store
