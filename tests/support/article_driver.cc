#include "support/article_driver.h"

#include <gtest/gtest.h>

#include <chrono>

namespace galley::testing {

namespace {

// Calls one method, which must succeed, and returns the article it returned.
template <typename Request, typename Method>
v1::Article Call(v1::ArticleService::Stub& stub, Method method, const Request& request) {
  v1::Article out;
  grpc::ClientContext context;
  // A server that hangs fails the test instead of holding it until CTest's timeout.
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  const grpc::Status status = (stub.*method)(&context, request, &out);
  EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  return out;
}

// A transition request naming the article at the etag it was read with.
template <typename Request>
Request Transition(const v1::Article& article) {
  Request request;
  request.set_name(article.name());
  request.set_etag(article.etag());
  return request;
}

}  // namespace

v1::Article ArticleDriver::Create(const std::string& publication, const std::string& id,
                                  const v1::Article& article) {
  v1::CreateArticleRequest request;
  request.set_parent("publications/" + publication);
  request.set_article_id(id);
  *request.mutable_article() = article;
  return Call(*stub_, &v1::ArticleService::Stub::CreateArticle, request);
}

v1::Article ArticleDriver::Create(const std::string& publication, const std::string& id,
                                  const std::string& headline) {
  v1::Article article;
  article.set_headline(headline);
  return Create(publication, id, article);
}

v1::Article ArticleDriver::Update(const v1::Article& article, const std::string& mask_path) {
  v1::UpdateArticleRequest request;
  *request.mutable_article() = article;
  request.mutable_update_mask()->add_paths(mask_path);
  return Call(*stub_, &v1::ArticleService::Stub::UpdateArticle, request);
}

v1::Article ArticleDriver::Submit(const v1::Article& article) {
  return Call(*stub_, &v1::ArticleService::Stub::SubmitArticle, Transition<v1::SubmitArticleRequest>(article));
}

v1::Article ArticleDriver::Approve(const v1::Article& article) {
  return Call(*stub_, &v1::ArticleService::Stub::ApproveArticle, Transition<v1::ApproveArticleRequest>(article));
}

v1::Article ArticleDriver::Publish(const v1::Article& article, const std::string& correction) {
  auto request = Transition<v1::PublishArticleRequest>(article);
  request.set_correction(correction);
  return Call(*stub_, &v1::ArticleService::Stub::PublishArticle, request);
}

v1::Article ArticleDriver::Unpublish(const v1::Article& article, const std::string& reason) {
  auto request = Transition<v1::UnpublishArticleRequest>(article);
  request.set_reason(reason);
  return Call(*stub_, &v1::ArticleService::Stub::UnpublishArticle, request);
}

v1::Article ArticleDriver::Kill(const v1::Article& article, const std::string& reason) {
  auto request = Transition<v1::KillArticleRequest>(article);
  request.set_reason(reason);
  return Call(*stub_, &v1::ArticleService::Stub::KillArticle, request);
}

}  // namespace galley::testing
