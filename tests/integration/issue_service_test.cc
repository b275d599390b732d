// IssueService through gRPC against a fresh PostgreSQL database per test.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "galley/v1/issue_service.grpc.pb.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ErrorReason;
using testing::ViolatedFields;

class IssueServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto* id : {"gannan-daily", "other-paper"}) galley_.CreatePublication(id);
  }

  grpc::Status CreateIssue(const std::string& date, int number, v1::Issue* out, const std::string& id = "",
                           const std::string& parent = "publications/gannan-daily",
                           const std::string& request_id = "") {
    v1::CreateIssueRequest request;
    request.set_parent(parent);
    request.set_issue_id(id);
    request.set_request_id(request_id);
    request.mutable_issue()->set_issue_date(date);
    request.mutable_issue()->set_issue_number(number);
    grpc::ClientContext context;
    return stub_->CreateIssue(&context, request, out);
  }

  v1::Issue MustCreateIssue(const std::string& date, int number = 0) {
    v1::Issue issue;
    const auto status = CreateIssue(date, number, &issue);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return issue;
  }

  grpc::Status CreateSection(const std::string& parent, const std::string& id, const std::string& display_name,
                             int page, v1::Section* out, int position = 0) {
    v1::CreateSectionRequest request;
    request.set_parent(parent);
    request.set_section_id(id);
    request.mutable_section()->set_display_name(display_name);
    request.mutable_section()->set_page_number(page);
    request.mutable_section()->set_position(position);
    grpc::ClientContext context;
    return stub_->CreateSection(&context, request, out);
  }

  std::vector<std::string> ListIssueNames(v1::ListIssuesRequest request) {
    std::vector<std::string> names;
    for (int guard = 0; guard < 100; ++guard) {
      v1::ListIssuesResponse response;
      grpc::ClientContext context;
      const auto status = stub_->ListIssues(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& issue : response.issues()) names.push_back(issue.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  std::vector<std::string> ListSectionIds(const std::string& parent, const std::string& order_by = "") {
    v1::ListSectionsRequest request;
    request.set_parent(parent);
    request.set_order_by(order_by);
    v1::ListSectionsResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(stub_->ListSections(&context, request, &response).ok());
    std::vector<std::string> ids;
    for (const auto& section : response.sections()) ids.push_back(section.name().substr(section.name().rfind('/') + 1));
    return ids;
  }

  void SqlOnTestDatabase(const std::string& sql) {
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    tx.exec(sql);
    tx.commit();
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::IssueService::Stub> stub_ = v1::IssueService::NewStub(galley_.channel());
};

TEST_F(IssueServiceTest, AnIssueIsNamedAfterItsDateByDefault) {
  const auto issue = MustCreateIssue("2026-05-12", 12345);
  EXPECT_EQ(issue.name(), "publications/gannan-daily/issues/2026-05-12");
  EXPECT_EQ(issue.issue_number(), 12345);
  EXPECT_EQ(issue.state(), v1::Issue::PLANNING);
  EXPECT_FALSE(issue.has_publish_time());
  v1::GetIssueRequest get;
  get.set_name(issue.name());
  v1::Issue fetched;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetIssue(&context, get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), issue.SerializeAsString());
}

TEST_F(IssueServiceTest, DuplicateIdsAndIssueNumbersAreAlreadyExists) {
  MustCreateIssue("2026-05-12", 100);
  v1::Issue out;
  EXPECT_EQ(CreateIssue("2026-05-12", 0, &out).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  const auto number = CreateIssue("2026-05-13", 100, &out);
  EXPECT_EQ(number.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ViolatedFields(number), std::vector<std::string>{"issue.issue_number"});
  // Another publication may use the same date and number.
  EXPECT_TRUE(CreateIssue("2026-05-12", 100, &out, "", "publications/other-paper").ok());
  // Two special editions on one day need ids of their own.
  EXPECT_TRUE(CreateIssue("2026-05-12", 0, &out, "2026-05-12-extra").ok());
}

TEST_F(IssueServiceTest, ARetriedCreateReturnsTheFirstIssue) {
  v1::Issue first;
  v1::Issue retry;
  ASSERT_TRUE(CreateIssue("2026-05-12", 7, &first, "", "publications/gannan-daily", "retry-1").ok());
  ASSERT_TRUE(CreateIssue("2026-05-12", 7, &retry, "", "publications/gannan-daily", "retry-1").ok());
  EXPECT_EQ(retry.etag(), first.etag());
}

TEST_F(IssueServiceTest, BadCreateRequestsNameTheirFields) {
  v1::Issue out;
  struct Case {
    std::string date;
    int number;
    std::string id;
    std::string parent;
    std::string field;
  };
  const std::vector<Case> cases{
      {"", 1, "", "publications/gannan-daily", "issue.issue_date"},
      {"2026-02-30", 1, "", "publications/gannan-daily", "issue.issue_date"},
      {"12 May 2026", 1, "", "publications/gannan-daily", "issue.issue_date"},
      {"2026-05-12", -1, "", "publications/gannan-daily", "issue.issue_number"},
      {"2026-05-12", 1, "Not_An_Id", "publications/gannan-daily", "issue_id"},
      {"2026-05-12", 1, "", "gannan-daily", "parent"},
  };
  for (const auto& c : cases) {
    const auto status = CreateIssue(c.date, c.number, &out, c.id, c.parent);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{c.field}) << status.error_message();
  }
  EXPECT_EQ(CreateIssue("2026-05-12", 1, &out, "", "publications/nowhere").error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::CreateIssueRequest long_title;
  long_title.set_parent("publications/gannan-daily");
  long_title.mutable_issue()->set_issue_date("2026-05-12");
  long_title.mutable_issue()->set_title(std::string(201, 'x'));
  grpc::ClientContext context;
  const auto status = stub_->CreateIssue(&context, long_title, &out);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"issue.title"});
}

TEST_F(IssueServiceTest, UpdateIsGuardedByTheEtag) {
  const auto issue = MustCreateIssue("2026-05-12", 1);
  v1::UpdateIssueRequest request;
  *request.mutable_issue() = issue;
  request.mutable_issue()->set_title("两会特刊");
  request.mutable_update_mask()->add_paths("title");
  v1::Issue updated;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->UpdateIssue(&context, request, &updated).ok());
  }
  EXPECT_EQ(updated.title(), "两会特刊");
  EXPECT_NE(updated.etag(), issue.etag());
  request.mutable_issue()->set_title("stale");
  grpc::ClientContext context;
  v1::Issue ignored;
  const auto stale = stub_->UpdateIssue(&context, request, &ignored);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
}

TEST_F(IssueServiceTest, UpdateRejectsATakenNumberAndOutputOnlyPaths) {
  MustCreateIssue("2026-05-11", 1);
  const auto issue = MustCreateIssue("2026-05-12", 2);
  v1::UpdateIssueRequest request;
  *request.mutable_issue() = issue;
  request.mutable_issue()->set_issue_number(1);
  request.mutable_update_mask()->add_paths("issue_number");
  v1::Issue out;
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->UpdateIssue(&context, request, &out).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  }
  request.mutable_update_mask()->set_paths(0, "state");
  grpc::ClientContext context;
  const auto status = stub_->UpdateIssue(&context, request, &out);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});
}

TEST_F(IssueServiceTest, ListsNewestFirstWithinOnePublicationAndFilters) {
  for (const auto* date : {"2026-05-10", "2026-05-12", "2026-05-11", "2026-04-30"}) MustCreateIssue(date);
  v1::Issue other;
  ASSERT_TRUE(CreateIssue("2026-05-12", 0, &other, "", "publications/other-paper").ok());

  v1::ListIssuesRequest request;
  request.set_parent("publications/gannan-daily");
  request.set_page_size(1);
  EXPECT_EQ(ListIssueNames(request),
            (std::vector<std::string>{"publications/gannan-daily/issues/2026-05-12",
                                      "publications/gannan-daily/issues/2026-05-11",
                                      "publications/gannan-daily/issues/2026-05-10",
                                      "publications/gannan-daily/issues/2026-04-30"}));
  request.set_filter(R"(issue_date >= "2026-05-11")");
  EXPECT_EQ(ListIssueNames(request).size(), 2u);
  request.set_filter(R"(state = "PLANNING" AND issue_date < "2026-05-01")");
  EXPECT_EQ(ListIssueNames(request), std::vector<std::string>{"publications/gannan-daily/issues/2026-04-30"});
}

TEST_F(IssueServiceTest, PagesByIssueNumberIncludeUnnumberedIssues) {
  MustCreateIssue("2026-05-10", 7);
  MustCreateIssue("2026-05-11");  // not numbered
  MustCreateIssue("2026-05-12", 3);
  v1::ListIssuesRequest request;
  request.set_parent("publications/gannan-daily");
  request.set_order_by("issue_number");
  request.set_page_size(1);
  EXPECT_EQ(ListIssueNames(request),
            (std::vector<std::string>{"publications/gannan-daily/issues/2026-05-11",
                                      "publications/gannan-daily/issues/2026-05-12",
                                      "publications/gannan-daily/issues/2026-05-10"}));
}

TEST_F(IssueServiceTest, APageTokenDoesNotContinueAnotherPublicationsListing) {
  MustCreateIssue("2026-05-12");
  MustCreateIssue("2026-05-13");
  v1::ListIssuesRequest request;
  request.set_parent("publications/gannan-daily");
  request.set_page_size(1);
  v1::ListIssuesResponse first;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ListIssues(&context, request, &first).ok());
  }
  request.set_parent("publications/other-paper");
  request.set_page_token(first.next_page_token());
  v1::ListIssuesResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(ViolatedFields(stub_->ListIssues(&context, request, &response)), std::vector<std::string>{"page_token"});
}

TEST_F(IssueServiceTest, SectionsKeepTheirOrder) {
  const auto issue = MustCreateIssue("2026-05-12");
  v1::Section section;
  ASSERT_TRUE(CreateSection(issue.name(), "a01", "要闻", 1, &section).ok());
  EXPECT_EQ(section.position(), 1);
  ASSERT_TRUE(CreateSection(issue.name(), "a03", "综合新闻", 3, &section).ok());
  EXPECT_EQ(section.name(), "publications/gannan-daily/issues/2026-05-12/sections/a03");
  EXPECT_EQ(section.display_name(), "综合新闻");
  EXPECT_EQ(section.position(), 2);
  ASSERT_TRUE(CreateSection(issue.name(), "a02", "本地", 2, &section).ok());
  EXPECT_EQ(ListSectionIds(issue.name()), (std::vector<std::string>{"a01", "a03", "a02"}));
  EXPECT_EQ(ListSectionIds(issue.name(), "page_number"), (std::vector<std::string>{"a01", "a02", "a03"}));

  // Move a02 between a01 and a03.
  v1::UpdateSectionRequest move;
  *move.mutable_section() = section;
  move.mutable_section()->set_position(2);
  move.mutable_update_mask()->add_paths("position");
  v1::Section moved;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->UpdateSection(&context, move, &moved).ok());
  }
  EXPECT_EQ(ListSectionIds(issue.name()).front(), "a01");
  EXPECT_EQ(moved.position(), 2);
}

TEST_F(IssueServiceTest, BadSectionsAreRefusedNamingTheField) {
  const auto issue = MustCreateIssue("2026-05-12");
  v1::Section out;
  EXPECT_EQ(ViolatedFields(CreateSection(issue.name(), "", "要闻", 1, &out)), std::vector<std::string>{"section_id"});
  EXPECT_EQ(ViolatedFields(CreateSection(issue.name(), "a01", "", 1, &out)),
            std::vector<std::string>{"section.display_name"});
  EXPECT_EQ(ViolatedFields(CreateSection(issue.name(), "a01", "要闻", -1, &out)),
            std::vector<std::string>{"section.page_number"});
  EXPECT_EQ(CreateSection("publications/gannan-daily/issues/2030-01-01", "a01", "要闻", 1, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(CreateSection(issue.name(), "a01", "要闻", 1, &out).ok());
  EXPECT_EQ(CreateSection(issue.name(), "a01", "要闻", 1, &out).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(IssueServiceTest, DeletingAnIssueTakesItsSectionsAndHonoursTheEtag) {
  const auto issue = MustCreateIssue("2026-05-12");
  v1::Section section;
  ASSERT_TRUE(CreateSection(issue.name(), "a01", "要闻", 1, &section).ok());
  google::protobuf::Empty empty;
  v1::DeleteIssueRequest stale;
  stale.set_name(issue.name());
  stale.set_etag("not-the-etag");
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->DeleteIssue(&context, stale, &empty).error_code(), grpc::StatusCode::ABORTED);
  }
  v1::DeleteIssueRequest request;
  request.set_name(issue.name());
  request.set_etag(issue.etag());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DeleteIssue(&context, request, &empty).ok());
  }
  v1::GetSectionRequest get;
  get.set_name(section.name());
  v1::Section gone;
  grpc::ClientContext context;
  EXPECT_EQ(stub_->GetSection(&context, get, &gone).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IssueServiceTest, APublishedIssueCannotBeDeleted) {
  const auto issue = MustCreateIssue("2026-05-12");
  SqlOnTestDatabase("UPDATE issues SET state = 'PUBLISHED' WHERE id = '2026-05-12'");
  v1::DeleteIssueRequest request;
  request.set_name(issue.name());
  google::protobuf::Empty empty;
  grpc::ClientContext context;
  const auto status = stub_->DeleteIssue(&context, request, &empty);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(status), "WRONG_STATE");
}

}  // namespace
}  // namespace galley
