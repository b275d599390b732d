#include "api/issue_conversion.h"

#include "api/time_conversion.h"

namespace galley::api {

namespace {

v1::Issue::State StateToProto(domain::IssueState state) {
  switch (state) {
    case domain::IssueState::kPlanning: return v1::Issue::PLANNING;
    case domain::IssueState::kScheduled: return v1::Issue::SCHEDULED;
    case domain::IssueState::kPublished: return v1::Issue::PUBLISHED;
  }
  return v1::Issue::STATE_UNSPECIFIED;
}

}  // namespace

void ToProto(const domain::Issue& issue, v1::Issue* out) {
  out->set_name(issue.Name());
  out->set_issue_date(issue.issue_date);
  out->set_issue_number(issue.issue_number);
  out->set_title(issue.title);
  out->set_state(StateToProto(issue.state));
  api::ToProto(issue.create_time, out->mutable_create_time());
  api::ToProto(issue.update_time, out->mutable_update_time());
  if (issue.publish_time) api::ToProto(*issue.publish_time, out->mutable_publish_time());
  out->set_etag(issue.Etag());
}

}  // namespace galley::api
