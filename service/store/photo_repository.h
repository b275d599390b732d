// Stores photos (table `photos`): the bytes and their metadata in one row,
// written in one transaction, so a photo is all there or absent.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/list_query.h"
#include "domain/photo.h"
#include "domain/request_id.h"
#include "store/database.h"
#include "store/keyset_query.h"

namespace galley::store {

// Who is asking: editorial roles see every photo, readers only those that
// published articles show (DESIGN.md §1 "Roles").
enum class PhotoAudience { kEditorial, kReaders };

class PhotoRepository {
 public:
  explicit PhotoRepository(Database& database) : database_(database) {}

  // `photo` carries the metadata and what the bytes were found to be. The
  // photographer, when named, must be a contributor of the publication.
  domain::Photo Create(const domain::Photo& photo, const std::string& bytes,
                       const std::optional<domain::IdempotencyKey>& request, const Mutation& mutation);
  domain::Photo Get(const std::string& publication_id, const std::string& id, PhotoAudience audience,
                    Deadline deadline);
  std::string Bytes(const std::string& publication_id, const std::string& id, PhotoAudience audience,
                    Deadline deadline);
  ListPage<domain::Photo> List(const std::string& publication_id, const domain::ListQuery& query, Deadline deadline);
  domain::Photo Update(const std::string& publication_id, const std::string& id,
                       const std::function<void(domain::Photo&)>& change, const Mutation& mutation);
  // Refused while a published article's live revision or a scheduled
  // article shows the photo.
  void Delete(const std::string& publication_id, const std::string& id,
              const std::function<void(const domain::Photo&)>& check, const Mutation& mutation);

 private:
  Database& database_;
};

// The photos of these names (`publications/{p}/photos/{id}`) that exist, in
// no particular order.
std::vector<domain::Photo> FindPhotos(Transaction& tx, const std::vector<std::string>& names);

}  // namespace galley::store
