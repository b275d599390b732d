#include "api/issue_service.h"

#include "api/article_conversion.h"
#include "api/issue_conversion.h"
#include "api/list_request.h"
#include "api/masked_update.h"
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

// The client-settable fields only; the rest are output only.
domain::Issue FromProto(const v1::Issue& issue) {
  domain::Issue out;
  out.issue_date = issue.issue_date();
  out.issue_number = issue.issue_number();
  out.title = issue.title();
  return out;
}

domain::Section FromProto(const v1::Section& section) {
  domain::Section out;
  out.display_name = section.display_name();
  out.page_number = section.page_number();
  out.position = section.position();
  return out;
}

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
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
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    domain::FieldViolations violations;
    if (!request->has_issue()) violations.Add("issue", "is required");
    domain::Issue issue = FromProto(request->issue());
    if (request->has_issue()) domain::CheckIssue(violations, "issue", issue);
    issue.publication_id = parent[0];
    issue.id = request->issue_id().empty() ? issue.issue_date : request->issue_id();
    if (!request->issue_id().empty() || domain::IsIsoDate(issue.issue_date)) {
      domain::CheckResourceId(violations, "issue_id", issue.id);
    }
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateIssue", *request, request->request_id());
    ToProto(issues_.CreateIssue(issue, key, call.Mutation(issue.Name(), request->request_id())), response);
  });
}

grpc::Status IssueService::GetIssue(grpc::ServerContext* context, const v1::GetIssueRequest* request,
                                    v1::Issue* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/GetIssue", request, [&](const Call& call) {
    const auto ids = domain::IssueName().Parse("name", request->name());
    ToProto(VisibleIssue(call, ids[0], ids[1]), response);
  });
}

grpc::Status IssueService::ListIssues(grpc::ServerContext* context, const v1::ListIssuesRequest* request,
                                      v1::ListIssuesResponse* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/ListIssues", request, [&](const Call& call) {
    const auto parent = domain::PublicationName().Parse("parent", request->parent());
    const auto list = ParseListRequest("issues:" + request->parent(), request->page_size(), request->filter(),
                                       request->order_by(), request->page_token(), domain::IssueQueryFields(),
                                       "issue_date desc", page_tokens_);
    auto query = list.query;
    if (!call.caller().Editorial()) query.filter.push_back({"state", domain::Comparison::kEqual, "PUBLISHED"});
    const auto page = issues_.ListIssues(parent[0], query, call.deadline());
    for (const auto& issue : page.items) ToProto(issue, response->add_issues());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status IssueService::UpdateIssue(grpc::ServerContext* context, const v1::UpdateIssueRequest* request,
                                       v1::Issue* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/UpdateIssue", request, [&](const Call& call) {
    if (!request->has_issue()) throw domain::InvalidField("issue", "is required");
    const auto ids = domain::IssueName().Parse("issue.name", request->issue().name());
    const auto mask = domain::ResolveUpdateMask(MaskPaths(request->update_mask()), domain::IssueFields());
    const auto updated = issues_.UpdateIssue(
        ids[0], ids[1],
        MaskedUpdate<domain::Issue>("issue", request->issue().etag(), mask,
                                    FromProto(request->issue()),
                                    domain::ApplyIssueUpdate,
                                    [](auto& violations, const auto& issue) {
                                      domain::CheckIssue(violations, "issue", issue);
                                    }),
        call.Mutation(request->issue().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status IssueService::DeleteIssue(grpc::ServerContext* context, const v1::DeleteIssueRequest* request,
                                       google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.IssueService/DeleteIssue", request, [&](const Call& call) {
    const auto ids = domain::IssueName().Parse("name", request->name());
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
    const auto parent = domain::IssueName().Parse("parent", request->parent());
    domain::FieldViolations violations;
    if (!request->has_section()) violations.Add("section", "is required");
    domain::Section section = FromProto(request->section());
    if (request->has_section()) domain::CheckSection(violations, "section", section);
    if (request->section_id().empty()) {
      violations.Add("section_id", "is required: the page or section id, such as a03");
    } else {
      domain::CheckResourceId(violations, "section_id", request->section_id());
    }
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    section.publication_id = parent[0];
    section.issue_id = parent[1];
    section.id = request->section_id();
    const auto key = IdempotencyKeyOf(call.caller().principal, "CreateSection", *request, request->request_id());
    ToProto(issues_.CreateSection(section, key, call.Mutation(section.Name(), request->request_id())), response);
  });
}

grpc::Status IssueService::GetSection(grpc::ServerContext* context, const v1::GetSectionRequest* request,
                                      v1::Section* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/GetSection", request, [&](const Call& call) {
    const auto ids = domain::SectionName().Parse("name", request->name());
    VisibleIssue(call, ids[0], ids[1]);
    ToProto(issues_.GetSection(ids[0], ids[1], ids[2], call.deadline()), response);
  });
}

grpc::Status IssueService::ListSections(grpc::ServerContext* context, const v1::ListSectionsRequest* request,
                                        v1::ListSectionsResponse* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/ListSections", request, [&](const Call& call) {
    const auto parent = domain::IssueName().Parse("parent", request->parent());
    VisibleIssue(call, parent[0], parent[1]);
    const auto list = ParseListRequest("sections:" + request->parent(), request->page_size(), request->filter(),
                                       request->order_by(), request->page_token(), domain::SectionQueryFields(),
                                       "position", page_tokens_);
    const auto page = issues_.ListSections(parent[0], parent[1], list.query, call.deadline());
    for (const auto& section : page.items) ToProto(section, response->add_sections());
    if (!page.next_after.empty()) {
      response->set_next_page_token(page_tokens_.Encode(list.fingerprint, page.next_after));
    }
  });
}

grpc::Status IssueService::UpdateSection(grpc::ServerContext* context, const v1::UpdateSectionRequest* request,
                                         v1::Section* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/UpdateSection", request, [&](const Call& call) {
    if (!request->has_section()) throw domain::InvalidField("section", "is required");
    const auto ids = domain::SectionName().Parse("section.name", request->section().name());
    const auto mask = domain::ResolveUpdateMask(MaskPaths(request->update_mask()), domain::SectionFields());
    const auto updated = issues_.UpdateSection(
        ids[0], ids[1], ids[2],
        MaskedUpdate<domain::Section>("section", request->section().etag(), mask,
                                      FromProto(request->section()),
                                      domain::ApplySectionUpdate,
                                      [](auto& violations, const auto& section) {
                                        domain::CheckSection(violations, "section", section);
                                        if (section.position == 0) {
                                          violations.Add("section.position", "must be at least 1");
                                        }
                                      }),
        call.Mutation(request->section().name(), ""));
    ToProto(updated, response);
  });
}

grpc::Status IssueService::DeleteSection(grpc::ServerContext* context, const v1::DeleteSectionRequest* request,
                                         google::protobuf::Empty* /*response*/) {
  return gate_.Handle(*context, "galley.v1.IssueService/DeleteSection", request, [&](const Call& call) {
    const auto ids = domain::SectionName().Parse("name", request->name());
    issues_.DeleteSection(
        ids[0], ids[1], ids[2],
        [&](const domain::Section& section) { domain::CheckEtag(section.Name(), request->etag(), section.Etag()); },
        call.Mutation(request->name(), ""));
  });
}

grpc::Status IssueService::PublishIssue(grpc::ServerContext* context, const v1::PublishIssueRequest* request,
                                        v1::PublishIssueResponse* response) {
  return gate_.Handle(*context, "galley.v1.IssueService/PublishIssue", request, [&](const Call& call) {
    const auto ids = domain::IssueName().Parse("name", request->name());
    domain::FieldViolations violations;
    domain::RequireEtag(violations, "etag", request->etag());
    domain::CheckRequestId(violations, "request_id", request->request_id());
    violations.ThrowIfAny();
    std::optional<domain::Timestamp> publish_time;
    if (request->has_publish_time()) publish_time = FromProto(request->publish_time());
    const auto key = IdempotencyKeyOf(call.caller().principal, "PublishIssue", *request, request->request_id());
    const auto published = publisher_.PublishIssue(
        ids[0], ids[1], [&](const domain::Issue& issue) { domain::CheckEtag(issue.Name(), request->etag(), issue.Etag()); },
        request->validate_only(), publish_time, key, call.Mutation(request->name(), request->request_id()));
    if (!request->validate_only()) published_.DropAll();
    ToProto(published.issue, response->mutable_issue());
    for (const auto& article : published.articles) api::ToProto(article, response->add_articles());
  });
}

}  // namespace galley::api
