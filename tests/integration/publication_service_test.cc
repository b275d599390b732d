// PublicationService end to end in one process: a real gRPC channel, the
// real services and a real, freshly migrated PostgreSQL database per test.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <thread>

#include "galley/v1/publication_service.grpc.pb.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ErrorReason;
using testing::ViolatedFields;
using v1::Publication;

class PublicationServiceTest : public ::testing::Test {
 protected:
  grpc::Status Create(const std::string& id, const std::string& display_name, Publication* out,
                      const std::string& request_id = "", const std::string& language = "zh-Hans") {
    v1::CreatePublicationRequest request;
    request.set_publication_id(id);
    request.set_request_id(request_id);
    request.mutable_publication()->set_display_name(display_name);
    request.mutable_publication()->set_language(language);
    request.mutable_publication()->set_time_zone("Asia/Shanghai");
    grpc::ClientContext context;
    return stub_->CreatePublication(&context, request, out);
  }

  Publication MustCreate(const std::string& id, const std::string& display_name,
                         const std::string& language = "zh-Hans") {
    Publication publication;
    const auto status = Create(id, display_name, &publication, "", language);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return publication;
  }

  grpc::Status Get(const std::string& name, Publication* out) {
    v1::GetPublicationRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    return stub_->GetPublication(&context, request, out);
  }

  grpc::Status Update(const Publication& publication, const std::vector<std::string>& paths, Publication* out) {
    v1::UpdatePublicationRequest request;
    *request.mutable_publication() = publication;
    for (const auto& path : paths) request.mutable_update_mask()->add_paths(path);
    grpc::ClientContext context;
    return stub_->UpdatePublication(&context, request, out);
  }

  grpc::Status List(v1::ListPublicationsRequest request, v1::ListPublicationsResponse* out) {
    grpc::ClientContext context;
    return stub_->ListPublications(&context, request, out);
  }

  // Every publication name, following next_page_token to the end.
  std::vector<std::string> ListAll(v1::ListPublicationsRequest request) {
    std::vector<std::string> names;
    for (int guard = 0; guard < 100; ++guard) {
      v1::ListPublicationsResponse response;
      const auto status = List(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& publication : response.publications()) names.push_back(publication.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::PublicationService::Stub> stub_ = v1::PublicationService::NewStub(galley_.channel());
};

TEST_F(PublicationServiceTest, CreatedPublicationCanBeReadBack) {
  const auto created = MustCreate("gannan-daily", "赣南日报");
  EXPECT_EQ(created.name(), "publications/gannan-daily");
  EXPECT_EQ(created.display_name(), "赣南日报");
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);

  Publication fetched;
  ASSERT_TRUE(Get("publications/gannan-daily", &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(PublicationServiceTest, CreateWithoutIdGeneratesOne) {
  const auto created = MustCreate("", "The Daily");
  EXPECT_EQ(created.name().rfind("publications/g", 0), 0u) << created.name();
}

TEST_F(PublicationServiceTest, DuplicateIdIsAlreadyExistsAndKeepsTheFirst) {
  MustCreate("gannan-daily", "赣南日报");
  Publication second;
  EXPECT_EQ(Create("gannan-daily", "Impostor", &second).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  Publication fetched;
  ASSERT_TRUE(Get("publications/gannan-daily", &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "赣南日报");
}

TEST_F(PublicationServiceTest, RetryWithSameRequestIdReturnsTheFirstResult) {
  Publication first;
  Publication retry;
  ASSERT_TRUE(Create("", "赣南日报", &first, "8d7f0c2e-request").ok());
  ASSERT_TRUE(Create("", "赣南日报", &retry, "8d7f0c2e-request").ok());
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(ListAll({}).size(), 1u);
}

TEST_F(PublicationServiceTest, ConcurrentRetriesCreateExactlyOnce) {
  std::vector<std::thread> threads;
  std::vector<std::string> names(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Publication out;
      const auto status = Create("", "赣南日报", &out, "same-request");
      EXPECT_TRUE(status.ok()) << status.error_message();
      names[i] = out.name();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 1u);
  EXPECT_EQ(ListAll({}).size(), 1u);
}

TEST_F(PublicationServiceTest, RequestIdReusedForADifferentRequestIsRejected) {
  Publication out;
  ASSERT_TRUE(Create("a", "赣南日报", &out, "req-1").ok());
  const auto status = Create("b", "Other paper", &out, "req-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"request_id"});
  Publication missing;
  EXPECT_EQ(Get("publications/b", &missing).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PublicationServiceTest, BadCreateRequestsNameTheFieldAndStoreNothing) {
  struct Case {
    std::string id;
    std::string display_name;
    std::string request_id;
    std::string field;
  };
  const std::vector<Case> cases{
      {"ok", "", "", "publication.display_name"},
      {"ok", std::string(201, 'x'), "", "publication.display_name"},
      {"ok", std::string("赣南\0日报", 13), "", "publication.display_name"},
      {"ok", "two\nlines", "", "publication.display_name"},
      {"Bad_Id", "赣南日报", "", "publication_id"},
      {std::string(64, 'a'), "赣南日报", "", "publication_id"},
      {"ok", "赣南日报", "not a valid id!", "request_id"},
  };
  for (const auto& c : cases) {
    Publication out;
    const auto status = Create(c.id, c.display_name, &out, c.request_id);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{c.field});
  }
  EXPECT_TRUE(ListAll({}).empty());
}

TEST_F(PublicationServiceTest, InvalidUtf8IsInvalidArgumentNotInternal) {
  Publication out;
  const auto status = Create("ok", "\xFF\xFE broken", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_TRUE(ListAll({}).empty());
}

TEST_F(PublicationServiceTest, CreateWithoutAPublicationIsInvalid) {
  v1::CreatePublicationRequest request;
  Publication out;
  grpc::ClientContext context;
  const auto status = stub_->CreatePublication(&context, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"publication"});
}

TEST_F(PublicationServiceTest, GetRejectsMalformedNamesAndReportsMissingOnes) {
  Publication out;
  for (const std::string bad : {"", "gannan-daily", "publications/", "publications/A", "issues/x"}) {
    const auto status = Get(bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"name"}) << bad;
  }
  EXPECT_EQ(Get("publications/nowhere", &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PublicationServiceTest, UpdateChangesOnlyMaskedFieldsAndTheEtag) {
  const auto created = MustCreate("gannan-daily", "赣南日报");
  Publication change = created;
  change.set_display_name("赣南日报社");
  change.set_language("en");  // not in the mask: must not change
  Publication updated;
  ASSERT_TRUE(Update(change, {"display_name"}, &updated).ok());
  EXPECT_EQ(updated.display_name(), "赣南日报社");
  EXPECT_EQ(updated.language(), "zh-Hans");
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_GE(updated.update_time().seconds(), created.update_time().seconds());
  EXPECT_EQ(updated.create_time().SerializeAsString(), created.create_time().SerializeAsString());
}

TEST_F(PublicationServiceTest, StaleEtagIsAbortedAndChangesNothing) {
  const auto created = MustCreate("gannan-daily", "赣南日报");
  Publication first = created;
  first.set_display_name("First edit");
  Publication updated;
  ASSERT_TRUE(Update(first, {"display_name"}, &updated).ok());

  Publication second = created;  // still carries the original etag
  second.set_display_name("Second edit");
  Publication ignored;
  const auto status = Update(second, {"display_name"}, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorReason(status), "ETAG_MISMATCH");
  Publication fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "First edit");
}

TEST_F(PublicationServiceTest, AnUpdateWithoutAnEtagMustSayItOverwrites) {
  const auto created = MustCreate("gannan-daily", "赣南日报");
  Publication change = created;
  change.clear_etag();
  change.set_display_name("赣南日报社");
  Publication out;
  const auto missing = Update(change, {"display_name"}, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(missing), std::vector<std::string>{"publication.etag"});
  change.set_etag("*");
  ASSERT_TRUE(Update(change, {"display_name"}, &out).ok());
  EXPECT_EQ(out.display_name(), "赣南日报社");
}

TEST_F(PublicationServiceTest, ConcurrentEditsWithOneEtagLetExactlyOneWin) {
  const auto created = MustCreate("gannan-daily", "赣南日报");
  std::atomic<int> succeeded{0};
  std::atomic<int> aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Publication change = created;
      change.set_display_name("edit " + std::to_string(i));
      Publication out;
      const auto status = Update(change, {"display_name"}, &out);
      if (status.ok()) ++succeeded;
      if (status.error_code() == grpc::StatusCode::ABORTED) ++aborted;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(aborted.load(), 7);
}

TEST_F(PublicationServiceTest, UpdateRejectsBadMasksAndValuesWithoutChangingAnything) {
  const auto created = MustCreate("gannan-daily", "赣南日报");
  Publication change = created;
  change.set_time_zone("Mars/Olympus_Mons");
  Publication out;
  for (const auto& paths : std::vector<std::vector<std::string>>{{}, {"etag"}, {"create_time"}, {"colour"}}) {
    const auto status = Update(created, paths, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"update_mask"});
  }
  const auto status = Update(change, {"time_zone"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"publication.time_zone"});
  Publication fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());

  Publication missing = created;
  missing.set_name("publications/nowhere");
  EXPECT_EQ(Update(missing, {"display_name"}, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PublicationServiceTest, ListPagesThroughEverythingOnceInOrder) {
  for (int i = 0; i < 7; ++i) MustCreate("paper-" + std::to_string(i), "报 " + std::to_string(6 - i));
  v1::ListPublicationsRequest request;
  request.set_page_size(3);
  const auto names = ListAll(request);
  ASSERT_EQ(names.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(names[i], "publications/paper-" + std::to_string(i));

  request.set_order_by("display_name desc");
  const auto by_name = ListAll(request);
  ASSERT_EQ(by_name.size(), 7u);
  EXPECT_EQ(by_name.front(), "publications/paper-0");  // 报 6
  EXPECT_EQ(by_name.back(), "publications/paper-6");   // 报 0
}

TEST_F(PublicationServiceTest, ListSeesRowsAddedBehindTheCursorButNeverRepeats) {
  for (const auto* id : {"a", "c", "e"}) MustCreate(id, id);
  v1::ListPublicationsRequest request;
  request.set_page_size(2);
  v1::ListPublicationsResponse first;
  ASSERT_TRUE(List(request, &first).ok());
  ASSERT_EQ(first.publications_size(), 2);  // a, c
  MustCreate("b", "b");                     // before the cursor: not seen
  MustCreate("d", "d");                     // after it: seen
  request.set_page_token(first.next_page_token());
  v1::ListPublicationsResponse second;
  ASSERT_TRUE(List(request, &second).ok());
  ASSERT_EQ(second.publications_size(), 2);
  EXPECT_EQ(second.publications(0).name(), "publications/d");
  EXPECT_EQ(second.publications(1).name(), "publications/e");
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(PublicationServiceTest, ListFilters) {
  MustCreate("gannan", "赣南日报", "zh-Hans");
  MustCreate("times", "The Times", "en-GB");
  v1::ListPublicationsRequest request;
  request.set_filter(R"(language = "en-GB")");
  EXPECT_EQ(ListAll(request), std::vector<std::string>{"publications/times"});
  request.set_filter(R"(display_name = "赣南日报" AND language != "en-GB")");
  EXPECT_EQ(ListAll(request), std::vector<std::string>{"publications/gannan"});
  request.set_filter(R"(create_time > "2000-01-01T00:00:00Z")");
  EXPECT_EQ(ListAll(request).size(), 2u);
}

TEST_F(PublicationServiceTest, ListRejectsBadArgumentsNamingTheField) {
  for (int i = 0; i < 3; ++i) MustCreate("p" + std::to_string(i), "p");
  v1::ListPublicationsResponse response;

  v1::ListPublicationsRequest negative;
  negative.set_page_size(-1);
  auto status = List(negative, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_size"});

  v1::ListPublicationsRequest forged;
  forged.set_page_token("bm90LWEtdG9rZW4");
  status = List(forged, &response);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});

  // A genuine token, edited in its cursor or reused for another query.
  v1::ListPublicationsRequest paged;
  paged.set_page_size(1);
  ASSERT_TRUE(List(paged, &response).ok());
  std::string token = response.next_page_token();
  ASSERT_FALSE(token.empty());
  v1::ListPublicationsRequest other_order = paged;
  other_order.set_order_by("create_time");
  other_order.set_page_token(token);
  EXPECT_EQ(ViolatedFields(List(other_order, &response)), std::vector<std::string>{"page_token"});
  token[token.size() / 2] = token[token.size() / 2] == 'A' ? 'B' : 'A';
  paged.set_page_token(token);
  EXPECT_EQ(ViolatedFields(List(paged, &response)), std::vector<std::string>{"page_token"});

  v1::ListPublicationsRequest bad_filter;
  bad_filter.set_filter("colour = \"red\"");
  EXPECT_EQ(ViolatedFields(List(bad_filter, &response)), std::vector<std::string>{"filter"});

  v1::ListPublicationsRequest bad_order;
  bad_order.set_order_by("language");
  EXPECT_EQ(ViolatedFields(List(bad_order, &response)), std::vector<std::string>{"order_by"});

  for (const std::string& filter : std::vector<std::string>{R"(create_time > "2026-02-30T00:00:00Z")", R"(create_time > "0000-01-01T00:00:00Z")",
                                   std::string("language = \"zh\0Hans\"", 20)}) {
    v1::ListPublicationsRequest bad_value;
    bad_value.set_filter(filter);
    EXPECT_EQ(ViolatedFields(List(bad_value, &response)), std::vector<std::string>{"filter"}) << filter;
  }
}

TEST_F(PublicationServiceTest, OversizedPageSizeIsCapped) {
  MustCreate("only", "only");
  v1::ListPublicationsRequest request;
  request.set_page_size(1000000);
  v1::ListPublicationsResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  EXPECT_EQ(response.publications_size(), 1);
}

}  // namespace
}  // namespace galley
