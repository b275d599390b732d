// Takes articles through the workflow over gRPC, for tests whose subject is
// something else (photos, the feed): every step must succeed, or the test
// fails where it was asked for.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "galley/v1/article_service.grpc.pb.h"

namespace galley::testing {

class ArticleDriver {
 public:
  explicit ArticleDriver(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(v1::ArticleService::NewStub(channel)) {}

  // A draft `publications/{publication}/articles/{id}`; `article` gives its
  // content (a headline at least).
  v1::Article Create(const std::string& publication, const std::string& id, const v1::Article& article);
  v1::Article Create(const std::string& publication, const std::string& id, const std::string& headline);
  v1::Article Update(const v1::Article& article, const std::string& mask_path);

  v1::Article Submit(const v1::Article& article);
  v1::Article Approve(const v1::Article& article);
  v1::Article Publish(const v1::Article& article, const std::string& correction = "");
  v1::Article Unpublish(const v1::Article& article, const std::string& reason);
  v1::Article Kill(const v1::Article& article, const std::string& reason);
  // Submitted and approved: ready for PublishIssue.
  v1::Article Approved(const v1::Article& draft) { return Approve(Submit(draft)); }
  // Submitted, approved and published.
  v1::Article Live(const v1::Article& draft) { return Publish(Approved(draft)); }

 private:
  std::unique_ptr<v1::ArticleService::Stub> stub_;
};

}  // namespace galley::testing
