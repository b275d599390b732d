#include "api/issue_service.h"

#include "api/article_conversion.h"
#include "api/issue_conversion.h"
#include "api/issue_requests.h"
#include "api/request_context.h"
#include "api/status.h"
#include "api/time_conversion.h"
#include "domain/etag.h"
#include "domain/issue.h"
#include "domain/publication.h"

namespace galley::api {

namespace {

void ToProto(const domain::Section& section, v1::Section* out) {
  out->set_name(section.Name());
  out->set_display_name(section.display_name);
  out->set_page_number(section.page_number);
  out->set_position(section.position);
  api::ToProto(section.create_time, out->mutable_create_time());
  api::ToProto(section.update_time, out->mutable_update_time());
  out->set_etag(section.Etag());
}

void RequirePlanning(const domain::Issue& issue, const std::string& why) {
  if (issue.state != domain::IssueState::kPlanning) {
    throw domain::WrongState(issue.Name(), domain::IssueStateName(issue.state), why);
  }
}

}  // namespace

// Readers see published issues only; to them the others do not exist.
domain::Issue IssueService::VisibleIssue(const Call& call, const std::string& publication_id,
                                         const std::string& issue_id) {
  auto issue = issues_.GetIssue(publication_id, issue_id, call.deadline());
  if (!call.caller().Editorial() && issue.state != domain::IssueState::kPublished) {
    throw domain::NotFound(issue.Name());
  }
  return issue;
}

grpc::Status IssueService::CreateIssue(grpc::ServerContext* context, const v1::CreateIssueRequest* request,
                                       v1::Issue* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/CreateIssue", request, [&](const Call& call) {
    const domain::Issue issue = ParseCreateIssue(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateIssue", *request, request->request_id());
    ToProto(issues_.CreateIssue(issue, key, call.Mutation(issue.Name(), request->request_id())), response);
  });
}

grpc::Status IssueService::GetIssue(grpc::ServerContext* context, const v1::GetIssueRequest* request,
                                    v1::Issue* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/GetIssue", request, [&](const Call& call) {
    const auto ids = ParseGetIssue(*request);
    ToProto(VisibleIssue(call, ids[0], ids[1]), response);
  });
}

grpc::Status IssueService::ListIssues(grpc::ServerContext* context, const v1::ListIssuesRequest* request,
                                      v1::ListIssuesResponse* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/ListIssues", request, [&](const Call& call) {
    const auto list = ParseListIssues(*request, page_tokens_);
    auto query = list.query;
    if (!call.caller().Editorial()) query.filter.push_back({"state", domain::Comparison::kEqual, "PUBLISHED"});
    const auto page = issues_.ListIssues(list.parent[0], query, call.deadline());
    for (const auto& issue : page.items) ToProto(issue, response->add_issues());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status IssueService::UpdateIssue(grpc::ServerContext* context, const v1::UpdateIssueRequest* request,
                                       v1::Issue* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/UpdateIssue", request, [&](const Call& call) {
    const auto update = ParseUpdateIssue(*request);
    const auto updated = issues_.UpdateIssue(update.ids[0], update.ids[1], update.change,
                                             call.Mutation(request->issue().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status IssueService::DeleteIssue(grpc::ServerContext* context, const v1::DeleteIssueRequest* request,
                                       google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.IssueService/DeleteIssue", request, [&](const Call& call) {
    const auto ids = ParseDeleteIssue(*request);
    issues_.DeleteIssue(
        ids[0], ids[1],
        [&](const domain::Issue& issue) {
          domain::CheckEtag(issue.Name(), request->etag(), issue.Etag());
          RequirePlanning(issue, "only an issue in planning can be deleted; a published one is part of the record");
        },
        call.Mutation(request->name(), ""));
  });
}

grpc::Status IssueService::CreateSection(grpc::ServerContext* context, const v1::CreateSectionRequest* request,
                                         v1::Section* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/CreateSection", request, [&](const Call& call) {
    const domain::Section section = ParseCreateSection(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateSection", *request, request->request_id());
    ToProto(issues_.CreateSection(section, key, call.Mutation(section.Name(), request->request_id())), response);
  });
}

grpc::Status IssueService::GetSection(grpc::ServerContext* context, const v1::GetSectionRequest* request,
                                      v1::Section* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/GetSection", request, [&](const Call& call) {
    const auto ids = ParseGetSection(*request);
    VisibleIssue(call, ids[0], ids[1]);
    ToProto(issues_.GetSection(ids[0], ids[1], ids[2], call.deadline()), response);
  });
}

grpc::Status IssueService::ListSections(grpc::ServerContext* context, const v1::ListSectionsRequest* request,
                                        v1::ListSectionsResponse* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/ListSections", request, [&](const Call& call) {
    const auto list = ParseListSections(*request, page_tokens_);
    VisibleIssue(call, list.parent[0], list.parent[1]);
    const auto page = issues_.ListSections(list.parent[0], list.parent[1], list.query, call.deadline());
    for (const auto& section : page.items) ToProto(section, response->add_sections());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status IssueService::UpdateSection(grpc::ServerContext* context, const v1::UpdateSectionRequest* request,
                                         v1::Section* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/UpdateSection", request, [&](const Call& call) {
    const auto update = ParseUpdateSection(*request);
    const auto updated = issues_.UpdateSection(update.ids[0], update.ids[1], update.ids[2], update.change,
                                               call.Mutation(request->section().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status IssueService::DeleteSection(grpc::ServerContext* context, const v1::DeleteSectionRequest* request,
                                         google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.IssueService/DeleteSection", request, [&](const Call& call) {
    const auto ids = ParseDeleteSection(*request);
    issues_.DeleteSection(
        ids[0], ids[1], ids[2],
        [&](const domain::Section& section) { domain::CheckEtag(section.Name(), request->etag(), section.Etag()); },
        call.Mutation(request->name(), ""));
  });
}

grpc::Status IssueService::PublishIssue(grpc::ServerContext* context, const v1::PublishIssueRequest* request,
                                        v1::PublishIssueResponse* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/PublishIssue", request, [&](const Call& call) {
    const auto command = ParsePublishIssue(*request);
    const auto key = IdempotencyKeyOf(call.caller().principal, "PublishIssue", *request, request->request_id());
    const auto published = publisher_.PublishIssue(
        command.ids[0], command.ids[1],
        [&](const domain::Issue& issue) { domain::CheckEtag(issue.Name(), request->etag(), issue.Etag()); },
        request->validate_only(), command.publish_time, key, call.Mutation(request->name(), request->request_id()));
    if (!request->validate_only()) published_.DropAll();
    ToProto(published.issue, response->mutable_issue());
    for (const auto& article : published.articles) api::ToProto(article, response->add_articles());
  });
}

}  // namespace galley::api
