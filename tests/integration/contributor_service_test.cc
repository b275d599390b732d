// ContributorService through gRPC against a fresh PostgreSQL database per test.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "galley/v1/contributor_service.grpc.pb.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ViolatedFields;
using v1::Contributor;

class ContributorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  grpc::Status Create(const std::string& id, const std::string& display_name, std::vector<Contributor::Role> roles,
                      Contributor* out, const std::string& affiliation = "",
                      const std::string& parent = "publications/gannan-daily") {
    v1::CreateContributorRequest request;
    request.set_parent(parent);
    request.set_contributor_id(id);
    request.mutable_contributor()->set_display_name(display_name);
    request.mutable_contributor()->set_affiliation(affiliation);
    for (const auto role : roles) request.mutable_contributor()->add_roles(role);
    grpc::ClientContext context;
    return stub_->CreateContributor(&context, request, out);
  }

  std::vector<std::string> ListNames(const std::string& filter, const std::string& order_by = "") {
    v1::ListContributorsRequest request;
    request.set_parent("publications/gannan-daily");
    request.set_filter(filter);
    request.set_order_by(order_by);
    v1::ListContributorsResponse response;
    grpc::ClientContext context;
    const auto status = stub_->ListContributors(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& contributor : response.contributors()) names.push_back(contributor.display_name());
    return names;
  }

  testing::InProcessGalley galley_;
  std::unique_ptr<v1::ContributorService::Stub> stub_ = v1::ContributorService::NewStub(galley_.channel());
};

TEST_F(ContributorServiceTest, ContributorsRoundTripWithTheirRoles) {
  Contributor created;
  ASSERT_TRUE(Create("xue-shunxin", "薛顺鑫", {Contributor::PHOTOGRAPHER, Contributor::REPORTER}, &created).ok());
  EXPECT_EQ(created.name(), "publications/gannan-daily/contributors/xue-shunxin");
  ASSERT_EQ(created.roles_size(), 2);
  EXPECT_EQ(created.roles(0), Contributor::PHOTOGRAPHER);
  v1::GetContributorRequest get;
  get.set_name(created.name());
  Contributor fetched;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetContributor(&context, get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(ContributorServiceTest, RareCharactersAndEmojiRoundTripExactly) {
  const std::string name = "𠀀 Li Wei 李伟 📷";
  Contributor created;
  ASSERT_TRUE(Create("", name, {}, &created, "赣县区融媒体中心").ok());
  EXPECT_EQ(created.display_name(), name);
  EXPECT_EQ(created.affiliation(), "赣县区融媒体中心");
}

TEST_F(ContributorServiceTest, ListsByDisplayNameAndFiltersByRole) {
  Contributor out;
  ASSERT_TRUE(Create("", "Yin Caixia", {Contributor::REPORTER}, &out).ok());
  ASSERT_TRUE(Create("", "Xue Shunxin", {Contributor::PHOTOGRAPHER}, &out).ok());
  ASSERT_TRUE(Create("", "Liu Yuming", {Contributor::CORRESPONDENT, Contributor::PHOTOGRAPHER}, &out,
                     "Ganxian media centre").ok());
  EXPECT_EQ(ListNames(""), (std::vector<std::string>{"Liu Yuming", "Xue Shunxin", "Yin Caixia"}));
  EXPECT_EQ(ListNames(R"(roles = "PHOTOGRAPHER")"), (std::vector<std::string>{"Liu Yuming", "Xue Shunxin"}));
  EXPECT_EQ(ListNames(R"(roles = "PHOTOGRAPHER" AND affiliation = "Ganxian media centre")"),
            std::vector<std::string>{"Liu Yuming"});
  v1::ListContributorsRequest request;
  request.set_parent("publications/gannan-daily");
  request.set_filter(R"(roles != "EDITOR")");
  v1::ListContributorsResponse response;
  grpc::ClientContext context;
  EXPECT_EQ(ViolatedFields(stub_->ListContributors(&context, request, &response)),
            std::vector<std::string>{"filter"});
}

TEST_F(ContributorServiceTest, BadContributorsAreRefusedNamingTheField) {
  Contributor out;
  EXPECT_EQ(ViolatedFields(Create("", "", {}, &out)), std::vector<std::string>{"contributor.display_name"});
  EXPECT_EQ(ViolatedFields(Create("", std::string(101, 'x'), {}, &out)),
            std::vector<std::string>{"contributor.display_name"});
  EXPECT_EQ(ViolatedFields(Create("", "尹才霞", {Contributor::REPORTER, Contributor::REPORTER}, &out)),
            std::vector<std::string>{"contributor.roles[1]"});
  EXPECT_EQ(ViolatedFields(Create("", "尹才霞", {Contributor::ROLE_UNSPECIFIED}, &out)),
            std::vector<std::string>{"contributor.roles[0]"});
  EXPECT_EQ(ViolatedFields(Create("Bad Id", "尹才霞", {}, &out)), std::vector<std::string>{"contributor_id"});
  EXPECT_EQ(Create("", "尹才霞", {}, &out, "", "publications/nowhere").error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Create("yin", "尹才霞", {}, &out).ok());
  EXPECT_EQ(Create("yin", "尹才霞", {}, &out).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(ContributorServiceTest, UpdateReplacesRolesUnderTheEtagAndDeleteRemoves) {
  Contributor created;
  ASSERT_TRUE(Create("yin", "尹才霞", {Contributor::CORRESPONDENT}, &created).ok());
  v1::UpdateContributorRequest update;
  *update.mutable_contributor() = created;
  update.mutable_contributor()->clear_roles();
  update.mutable_contributor()->add_roles(Contributor::REPORTER);
  update.mutable_update_mask()->add_paths("roles");
  Contributor updated;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->UpdateContributor(&context, update, &updated).ok());
  }
  ASSERT_EQ(updated.roles_size(), 1);
  EXPECT_EQ(updated.roles(0), Contributor::REPORTER);
  {
    grpc::ClientContext context;
    Contributor ignored;
    EXPECT_EQ(stub_->UpdateContributor(&context, update, &ignored).error_code(), grpc::StatusCode::ABORTED);
  }
  v1::DeleteContributorRequest remove;
  remove.set_name(created.name());
  remove.set_etag(updated.etag());
  google::protobuf::Empty empty;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->DeleteContributor(&context, remove, &empty).ok());
  }
  grpc::ClientContext context;
  EXPECT_EQ(stub_->DeleteContributor(&context, remove, &empty).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace galley
