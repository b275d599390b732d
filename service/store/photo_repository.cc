#include "store/photo_repository.h"

#include <pqxx/binarystring>
#include <pqxx/prepared_statement>

#include "domain/article.h"
#include "domain/change.h"
#include "domain/contributor.h"
#include "domain/error.h"
#include "store/idempotency.h"
#include "store/parent_check.h"
#include "store/row_time.h"
#include "store/text_array.h"

namespace galley::store {

namespace {

#define GALLEY_PHOTO_COLUMNS                                                                          \
  "publication_id, id, caption, credit, COALESCE(photographer, ''), alt_text, mime_type, width, height, " \
  "size_bytes, sha256, version, " GALLEY_SQL_MICROS("create_time") ", " GALLEY_SQL_MICROS("update_time")

const Statement kInsert{"insert_photo",
                        "INSERT INTO photos (publication_id, id, caption, credit, photographer, alt_text, mime_type, "
                        "width, height, size_bytes, sha256, bytes) VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, $7, "
                        "$8::integer, $9::integer, $10::bigint, $11, $12) ON CONFLICT DO NOTHING "
                        "RETURNING " GALLEY_PHOTO_COLUMNS};
const Statement kSelect{"select_photo",
                        "SELECT " GALLEY_PHOTO_COLUMNS " FROM photos WHERE publication_id = $1 AND id = $2"};
const Statement kLock{"lock_photo",
                      "SELECT " GALLEY_PHOTO_COLUMNS " FROM photos WHERE publication_id = $1 AND id = $2 FOR UPDATE"};
const Statement kSelectBytes{"select_photo_bytes", "SELECT bytes FROM photos WHERE publication_id = $1 AND id = $2"};
const Statement kUpdate{"update_photo",
                        "UPDATE photos SET caption = $3, credit = $4, photographer = NULLIF($5, ''), alt_text = $6, "
                        "version = version + 1, update_time = clock_timestamp() "
                        "WHERE publication_id = $1 AND id = $2 RETURNING " GALLEY_PHOTO_COLUMNS};
const Statement kDelete{"delete_photo", "DELETE FROM photos WHERE publication_id = $1 AND id = $2"};
const Statement kContributorExists{"photo_contributor_exists",
                                   "SELECT 1 FROM contributors WHERE publication_id = $1 AND id = $2 FOR KEY SHARE"};
// Live revisions that show the photo, and scheduled working copies that will.
const Statement kPublishedArticlesShowing{
    "published_articles_showing_photo",
    "SELECT (SELECT count(*) FROM published_articles WHERE photos @> ARRAY[$1::text]) + "
    "(SELECT count(*) FROM articles WHERE photos @> ARRAY[$1::text] AND state = 'SCHEDULED' "
    "AND delete_time IS NULL)"};
// Photos by name, for the change log's readers; the keys come as two
// parallel arrays.
const Statement kSelectNamed{"select_named_photos",
                             "SELECT " GALLEY_PHOTO_COLUMNS " FROM photos JOIN unnest($1::text[], $2::text[]) "
                             "AS k(publication_id, id) USING (publication_id, id)"};
const Statement kShownToReaders{
    "photo_shown_to_readers",
    "SELECT 1 FROM published_articles WHERE publication_id = $1 AND photos @> ARRAY[$2::text] LIMIT 1"};

const ListTable& PhotoListTable() {
  static const ListTable kTable{
      "list_photos",
      GALLEY_PHOTO_COLUMNS,
      "photos",
      "id",
      {{"name", "id", domain::FieldType::kString},
       {"mime_type", "mime_type", domain::FieldType::kString},
       {"photographer", "photographer", domain::FieldType::kString},
       {"create_time", "create_time", domain::FieldType::kTimestamp}},
      {"publication_id = $1"},
  };
  return kTable;
}

#undef GALLEY_PHOTO_COLUMNS

domain::Photo ReadPhoto(const pqxx::row& row) {
  domain::Photo photo;
  photo.publication_id = row[0].as<std::string>();
  photo.id = row[1].as<std::string>();
  photo.caption = row[2].as<std::string>();
  photo.credit = row[3].as<std::string>();
  photo.photographer = row[4].as<std::string>();
  photo.alt_text = row[5].as<std::string>();
  photo.mime_type = row[6].as<std::string>();
  photo.width = row[7].as<int>();
  photo.height = row[8].as<int>();
  photo.size_bytes = row[9].as<std::int64_t>();
  photo.sha256 = row[10].as<std::string>();
  photo.version = row[11].as<std::int64_t>();
  photo.create_time = TimestampOf(row[12]);
  photo.update_time = TimestampOf(row[13]);
  return photo;
}

domain::Photo Existing(Transaction& tx, const Statement& statement, const std::string& publication_id,
                       const std::string& id) {
  const auto rows = tx.Exec(statement, publication_id, id);
  if (rows.empty()) throw domain::NotFound(domain::PhotoName().Format({publication_id, id}));
  return ReadPhoto(rows[0]);
}

void CheckPhotographer(Transaction& tx, const domain::Photo& photo, const std::string& field) {
  if (photo.photographer.empty()) return;
  const auto ids = domain::ContributorName().Parse(field, photo.photographer);
  if (ids[0] != photo.publication_id || tx.Exec(kContributorExists, ids[0], ids[1]).empty()) {
    throw domain::InvalidField(field, "there is no contributor " + photo.photographer + " in this publication");
  }
}

// To readers, a photo no published article shows does not exist.
void RequireVisible(Transaction& tx, const std::string& publication_id, const std::string& id,
                    PhotoAudience audience) {
  if (audience == PhotoAudience::kEditorial) return;
  const std::string name = domain::PhotoName().Format({publication_id, id});
  if (tx.Exec(kShownToReaders, publication_id, name).empty()) throw domain::NotFound(name);
}

}  // namespace

domain::Photo PhotoRepository::Create(const domain::Photo& photo, const std::string& bytes,
                                      const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    RequirePublication(tx, photo.publication_id);
    if (request) {
      if (const auto earlier = ClaimRequestId(tx, *request, photo.Name())) {
        const auto ids = domain::PhotoName().Parse("name", *earlier);
        return Existing(tx, kSelect, ids[0], ids[1]);
      }
    }
    CheckPhotographer(tx, photo, "metadata.photo.photographer");
    const auto rows = tx.Exec(kInsert, photo.publication_id, photo.id, photo.caption, photo.credit,
                              photo.photographer, photo.alt_text, photo.mime_type, photo.width, photo.height,
                              photo.size_bytes, photo.sha256, pqxx::binarystring(bytes));
    if (rows.empty()) throw domain::AlreadyExists(photo.Name());
    return ReadPhoto(rows[0]);
  });
}

domain::Photo PhotoRepository::Get(const std::string& publication_id, const std::string& id,
                                   PhotoAudience audience, Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    RequireVisible(tx, publication_id, id, audience);
    return Existing(tx, kSelect, publication_id, id);
  });
}

std::string PhotoRepository::Bytes(const std::string& publication_id, const std::string& id,
                                   PhotoAudience audience, Deadline deadline) {
  return database_.Run(deadline, [&](Transaction& tx) {
    RequireVisible(tx, publication_id, id, audience);
    const auto rows = tx.Exec(kSelectBytes, publication_id, id);
    if (rows.empty()) throw domain::NotFound(domain::PhotoName().Format({publication_id, id}));
    return pqxx::binarystring(rows[0][0]).str();
  });
}

ListPage<domain::Photo> PhotoRepository::List(const std::string& publication_id, const domain::ListQuery& query,
                                              Deadline deadline) {
  const ListSql list = BuildListSql(PhotoListTable(), query, {publication_id});
  return database_.Run(deadline, [&](Transaction& tx) {
    RequirePublication(tx, publication_id);
    const auto rows = tx.ExecDynamic(list.name, list.sql, pqxx::prepare::make_dynamic_params(list.params));
    return ReadListPage(list, rows, query.page_size, ReadPhoto);
  });
}

domain::Photo PhotoRepository::Update(const std::string& publication_id, const std::string& id,
                                      const std::function<void(domain::Photo&)>& change, const Mutation& mutation) {
  return database_.Run(mutation, [&](Transaction& tx) {
    const domain::Photo current = Existing(tx, kLock, publication_id, id);
    domain::Photo updated = current;
    change(updated);
    if (updated.caption == current.caption && updated.credit == current.credit &&
        updated.photographer == current.photographer && updated.alt_text == current.alt_text) {
      return current;
    }
    CheckPhotographer(tx, updated, "photo.photographer");
    const domain::Photo saved = ReadPhoto(
        tx.Exec(kUpdate, publication_id, id, updated.caption, updated.credit, updated.photographer, updated.alt_text)
            .at(0));
    // Readers hold copies of what live articles show: they learn of the new
    // metadata through the change log. The photo's row lock orders this
    // against a publish that would start showing it.
    if (!tx.Exec(kShownToReaders, publication_id, current.Name()).empty()) {
      if (auto change = domain::PhotoChangeOf(current, saved)) tx.RecordChange(std::move(*change));
    }
    return saved;
  });
}

std::vector<domain::Photo> FindPhotos(Transaction& tx, const std::vector<std::string>& names) {
  std::vector<std::string> publication_ids, ids;
  for (const auto& name : names) {
    const auto parts = domain::PhotoName().Parse("photo", name);
    publication_ids.push_back(parts[0]);
    ids.push_back(parts[1]);
  }
  std::vector<domain::Photo> photos;
  if (names.empty()) return photos;
  for (const auto& row : tx.Exec(kSelectNamed, TextArrayLiteral(publication_ids), TextArrayLiteral(ids))) {
    photos.push_back(ReadPhoto(row));
  }
  return photos;
}

void PhotoRepository::Delete(const std::string& publication_id, const std::string& id,
                             const std::function<void(const domain::Photo&)>& check, const Mutation& mutation) {
  database_.Run(mutation, [&](Transaction& tx) {
    const domain::Photo photo = Existing(tx, kLock, publication_id, id);
    check(photo);
    RequireUnused(tx, kPublishedArticlesShowing, photo.Name(), "published articles showing it");
    tx.Exec(kDelete, publication_id, id);
  });
}

}  // namespace galley::store
