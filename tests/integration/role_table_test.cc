// Checks every RPC of every Galley service against DESIGN.md §1's roles
// table: each is called with each role's token, with no token and with an
// unknown one, and must admit exactly the roles the design gives it. The
// expected table below is written from DESIGN.md, not from
// auth/method_roles.cc, so that it checks the code against the design; a
// method the descriptors list but this table does not fails the test, so a
// new RPC cannot ship without someone deciding who may call it.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/caller.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using domain::Role;

// DESIGN.md §1 "Roles", method by method: the least role that may call it.
// Finer rules (a reporter's own drafts, a reader's published view) are the
// handlers' and are not checked here. Where the design is not explicit, the
// comment says how it was read.
const std::map<std::string, Role>& DesignRoleTable() {
  static const std::map<std::string, Role> kTable{
      // admin: "publications and access tokens"; everyone reads the
      // publication published content belongs to.
      {"galley.v1.PublicationService/CreatePublication", Role::kAdmin},
      {"galley.v1.PublicationService/GetPublication", Role::kReader},
      {"galley.v1.PublicationService/ListPublications", Role::kReader},
      {"galley.v1.PublicationService/UpdatePublication", Role::kAdmin},

      // editor: "manage issues, sections"; publisher: "publish issues".
      {"galley.v1.IssueService/CreateIssue", Role::kEditor},
      {"galley.v1.IssueService/GetIssue", Role::kReader},
      {"galley.v1.IssueService/ListIssues", Role::kReader},
      {"galley.v1.IssueService/UpdateIssue", Role::kEditor},
      {"galley.v1.IssueService/DeleteIssue", Role::kEditor},
      {"galley.v1.IssueService/CreateSection", Role::kEditor},
      {"galley.v1.IssueService/GetSection", Role::kReader},
      {"galley.v1.IssueService/ListSections", Role::kReader},
      {"galley.v1.IssueService/UpdateSection", Role::kEditor},
      {"galley.v1.IssueService/DeleteSection", Role::kEditor},
      {"galley.v1.IssueService/PublishIssue", Role::kPublisher},

      // reporter: "create articles; edit and submit their own drafts" (read
      // here as including deleting one's own draft and restoring one of its
      // revisions); revisions are working history, not published content;
      // editor: "approve, reject"; publisher: "publish, schedule, unpublish,
      // kill".
      {"galley.v1.ArticleService/CreateArticle", Role::kReporter},
      {"galley.v1.ArticleService/GetArticle", Role::kReader},
      {"galley.v1.ArticleService/ListArticles", Role::kReader},
      {"galley.v1.ArticleService/SearchArticles", Role::kReader},
      {"galley.v1.ArticleService/UpdateArticle", Role::kReporter},
      {"galley.v1.ArticleService/DeleteArticle", Role::kReporter},
      {"galley.v1.ArticleService/ListArticleRevisions", Role::kReporter},
      {"galley.v1.ArticleService/GetArticleRevision", Role::kReporter},
      {"galley.v1.ArticleService/RestoreArticleRevision", Role::kReporter},
      {"galley.v1.ArticleService/SubmitArticle", Role::kReporter},
      {"galley.v1.ArticleService/ApproveArticle", Role::kEditor},
      {"galley.v1.ArticleService/RejectArticle", Role::kEditor},
      {"galley.v1.ArticleService/PublishArticle", Role::kPublisher},
      {"galley.v1.ArticleService/UnpublishArticle", Role::kPublisher},
      {"galley.v1.ArticleService/KillArticle", Role::kPublisher},
      // editor: placing stories in an issue's sections is planning the issue.
      {"galley.v1.ArticleService/ImportArticles", Role::kEditor},

      // editor: "manage contributors"; bylines of published content name
      // them, so readers may read them.
      {"galley.v1.ContributorService/CreateContributor", Role::kEditor},
      {"galley.v1.ContributorService/GetContributor", Role::kReader},
      {"galley.v1.ContributorService/ListContributors", Role::kReader},
      {"galley.v1.ContributorService/UpdateContributor", Role::kEditor},
      {"galley.v1.ContributorService/DeleteContributor", Role::kEditor},

      // reporter: "create photos"; readers fetch the photos published
      // articles show, but listing the whole library is editorial; changing
      // or deleting a photo is not given to reporters, so it is an editor's.
      {"galley.v1.PhotoService/UploadPhoto", Role::kReporter},
      {"galley.v1.PhotoService/GetPhoto", Role::kReader},
      {"galley.v1.PhotoService/ListPhotos", Role::kReporter},
      {"galley.v1.PhotoService/UpdatePhoto", Role::kEditor},
      {"galley.v1.PhotoService/DeletePhoto", Role::kEditor},
      {"galley.v1.PhotoService/DownloadPhoto", Role::kReader},

      // admin: "access tokens"; the audit log (not in DESIGN.md §2's list)
      // is read with the tokens.
      {"galley.v1.AccessService/CreateToken", Role::kAdmin},
      {"galley.v1.AccessService/ListTokens", Role::kAdmin},
      {"galley.v1.AccessService/RevokeToken", Role::kAdmin},
      {"galley.v1.AccessService/ListAuditEvents", Role::kAdmin},

      // reader: "read published content and the change feed".
      {"galley.v1.FeedService/ListChanges", Role::kReader},
      {"galley.v1.FeedService/StreamChanges", Role::kReader},
  };
  return kTable;
}

// Every service of package galley.v1 in the generated descriptor pool.
std::vector<const google::protobuf::ServiceDescriptor*> GalleyServices() {
  std::vector<std::string> files;
  EXPECT_TRUE(google::protobuf::DescriptorPool::internal_generated_database()->FindAllFileNames(&files));
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const auto& name : files) {
    const auto* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    if (file == nullptr || file->package() != "galley.v1") continue;
    for (int i = 0; i < file->service_count(); ++i) services.push_back(file->service(i));
  }
  return services;
}

// "galley.v1.ArticleService/GetArticle" for every method of every service.
std::set<std::string> DescribedMethods() {
  std::set<std::string> methods;
  for (const auto* service : GalleyServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      methods.insert(service->full_name() + "/" + service->method(i)->name());
    }
  }
  return methods;
}

// Sends `request` (serialized) as the only message of a call to `method`,
// whatever its streaming kind, reads whatever comes back, and returns the
// status; `responses`, if given, receives what came back, serialized.
grpc::Status CallGeneric(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                         const std::string& request, std::vector<std::string>* responses = nullptr) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  // A change stream follows until cancelled: for an admitted caller it ends
  // at this deadline (DEADLINE_EXCEEDED, not a refusal). Refusals come at
  // once, but on a busy machine not always within a second, and one that
  // came after the deadline would read as admitted.
  const bool follows = method == "galley.v1.FeedService/StreamChanges";
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(follows ? 5 : 20));
  // One operation at a time, so each Next returns the one just started.
  auto wait = [&queue] {
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(queue.Next(&tag, &ok));
    return ok;
  };
  auto call = stub.PrepareCall(&context, "/" + method, &queue);
  call->StartCall(nullptr);
  wait();
  grpc::Slice slice(request);
  grpc::ByteBuffer buffer(&slice, 1);
  call->Write(buffer, nullptr);
  wait();  // fails if the server already ended the call: fine
  call->WritesDone(nullptr);
  wait();
  for (grpc::ByteBuffer response;;) {
    call->Read(&response, nullptr);
    if (!wait()) break;
    if (responses == nullptr) continue;
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(response.Dump(&slices).ok());
    std::string bytes;
    for (const auto& part : slices) bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
    responses->push_back(bytes);
  }
  grpc::Status status;
  call->Finish(&status, nullptr);
  wait();
  queue.Shutdown();
  return status;
}

bool Refused(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
         status.error_code() == grpc::StatusCode::UNAUTHENTICATED;
}

std::string Describe(const grpc::Status& status) {
  return std::to_string(status.error_code()) + " " + status.error_message();
}

class RoleTableTest : public ::testing::Test {
 protected:
  testing::InProcessGalley galley_;
};

TEST_F(RoleTableTest, EveryProtoFileOfTheApiIsInTheDescriptorPool) {
  // Otherwise a service in a file nobody links would escape the table.
  std::set<std::string> pooled;
  for (const auto* service : GalleyServices()) pooled.insert(service->file()->name());
  for (const auto& entry : std::filesystem::directory_iterator(GALLEY_SOURCE_DIR "/proto/galley/v1")) {
    const std::string file = "galley/v1/" + entry.path().filename().string();
    if (entry.path().extension() != ".proto") continue;
    const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(file);
    ASSERT_NE(descriptor, nullptr) << file << " is not linked into the test";
    if (descriptor->service_count() > 0) {
      EXPECT_TRUE(pooled.count(file)) << file;
    }
  }
}

TEST_F(RoleTableTest, EveryMethodInTheProtoIsInTheDesignTableAndBack) {
  const std::set<std::string> described = DescribedMethods();
  ASSERT_FALSE(described.empty());
  for (const auto& method : described) {
    EXPECT_TRUE(DesignRoleTable().count(method))
        << method << " has no entry in this test's roles table: decide from DESIGN.md §1 who may call it";
  }
  for (const auto& [method, role] : DesignRoleTable()) {
    EXPECT_TRUE(described.count(method)) << method << " is in the table but not in the proto (renamed? removed?)";
  }
}

TEST_F(RoleTableTest, EveryMethodAdmitsExactlyTheRolesTheDesignGivesIt) {
  std::map<Role, std::shared_ptr<grpc::Channel>> channels;
  for (Role role : {Role::kReader, Role::kReporter, Role::kEditor, Role::kPublisher, Role::kAdmin}) {
    channels[role] = galley_.ChannelAs(role, std::string("role-table-") + domain::RoleName(role));
  }
  const auto anonymous = galley_.ChannelWithSecret("");
  const auto stranger = galley_.ChannelWithSecret("galley_no-such-token-was-ever-issued");

  int checked = 0;
  for (const auto& method : DescribedMethods()) {
    const auto entry = DesignRoleTable().find(method);
    if (entry == DesignRoleTable().end()) continue;  // failed by the test above
    const Role least = entry->second;
    // An empty request: what the role check must judge before anything else.
    const std::string request;

    const auto no_token = CallGeneric(anonymous, method, request);
    EXPECT_EQ(no_token.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method << " with no token: "
                                                                        << Describe(no_token);
    const auto unknown = CallGeneric(stranger, method, request);
    EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method << " with an unknown token: "
                                                                       << Describe(unknown);
    for (const auto& [role, channel] : channels) {
      const auto status = CallGeneric(channel, method, request);
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
          << method << " is in the proto but not implemented";
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << method << " as " << domain::RoleName(role) << ": " << Describe(status);
      if (role >= least) {
        EXPECT_FALSE(Refused(status)) << method << " must admit a " << domain::RoleName(role) << " (DESIGN.md says "
                                      << domain::RoleName(least) << " and above): " << Describe(status);
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << method << " must refuse a " << domain::RoleName(role) << " (DESIGN.md says "
            << domain::RoleName(least) << " and above): " << Describe(status);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(DesignRoleTable().size()) * 5);
}

TEST_F(RoleTableTest, HealthAndReflectionNeedNoToken) {
  const auto anonymous = galley_.ChannelWithSecret("");
  const auto health = CallGeneric(anonymous, "grpc.health.v1.Health/Check", "");
  EXPECT_TRUE(health.ok()) << Describe(health);
  // An unknown token is no reason to refuse them either.
  const auto stranger = galley_.ChannelWithSecret("galley_no-such-token-was-ever-issued");
  EXPECT_TRUE(CallGeneric(stranger, "grpc.health.v1.Health/Check", "").ok());
  // ServerReflectionRequest{list_services: ""}: field 7, length-delimited,
  // empty (the reflection messages cannot be linked beside the library that
  // serves them, so it is written out by hand).
  const std::string list_services("\x3a\x00", 2);
  std::vector<std::string> responses;
  const auto reflection = CallGeneric(anonymous, "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                      list_services, &responses);
  EXPECT_TRUE(reflection.ok()) << Describe(reflection);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_NE(responses[0].find("galley.v1.ArticleService"), std::string::npos);
  EXPECT_NE(responses[0].find("grpc.health.v1.Health"), std::string::npos);
}

}  // namespace
}  // namespace galley
