// Articles and revisions between the API's messages and the domain.
#pragma once

#include "domain/article.h"
#include "galley/v1/article.pb.h"

namespace galley::api {

void ToProto(const domain::Article& article, v1::Article* out);
void ToProto(const domain::ArticleRevision& revision, v1::ArticleRevision* out);
// The client-settable content only; the rest is output only.
domain::ArticleContent ContentFromProto(const v1::Article& article);

}  // namespace galley::api
