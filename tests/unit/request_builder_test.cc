#include "cli/request_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "app/options.h"
#include "cli/galley_nouns.h"
#include "cli/resource_command.h"
#include "galley/v1/article_service.pb.h"
#include "galley/v1/contributor_service.pb.h"
#include "galley/v1/issue_service.pb.h"
#include "galley/v1/publication_service.pb.h"
#include "support/temp_dir.h"

namespace galley::cli {
namespace {

const Verb& VerbOf(const Noun& noun, const std::string& name) {
  return *std::find_if(noun.verbs.begin(), noun.verbs.end(), [&](const Verb& verb) { return verb.name == name; });
}

// `galley NOUN VERB args...` parsed and built into `request`, as the command does it.
void Build(const std::string& noun_name, const std::string& verb_name, const app::Args& args,
           google::protobuf::Message& request) {
  const Noun& noun = *FindNoun(noun_name);
  const Verb& verb = VerbOf(noun, verb_name);
  const auto flags = RequestFlagsOf(noun, verb, *request.GetDescriptor(), CommandOptionSpecs());
  auto specs = OptionSpecsOf(flags);
  for (auto& spec : CommandOptionSpecs()) specs.push_back(spec);
  app::Options options(noun_name + " " + verb_name, "test", specs);
  ASSERT_TRUE(options.Parse(args, verb.positional.empty() ? 0 : 1));
  BuildRequest(verb, flags, options, request);
}

std::string UsageErrorOf(const std::string& noun, const std::string& verb, const app::Args& args,
                         google::protobuf::Message& request) {
  try {
    Build(noun, verb, args, request);
  } catch (const app::UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(RequestBuilder, AnUpdateMasksExactlyTheResourceFlagsGivenAndCarriesTheEtag) {
  v1::UpdateArticleRequest request;
  Build("article", "update",
        {"publications/gannan-daily/articles/kangjin", "--etag", "E", "--headline", "产业拔节生长", "--tags", "赣县, 工业"},
        request);
  EXPECT_EQ(request.article().name(), "publications/gannan-daily/articles/kangjin");
  EXPECT_EQ(request.article().etag(), "E");
  EXPECT_EQ(request.article().headline(), "产业拔节生长");
  ASSERT_EQ(request.article().tags_size(), 2);
  EXPECT_EQ(request.article().tags(0), "赣县");
  EXPECT_EQ(request.article().tags(1), "工业");
  EXPECT_EQ(std::vector<std::string>(request.update_mask().paths().begin(), request.update_mask().paths().end()),
            (std::vector<std::string>{"headline", "tags"}));
}

TEST(RequestBuilder, FillsTheRequestAndTheResourceFromFlagsWithJsonForMessages) {
  v1::CreateArticleRequest request;
  Build("article", "create",
        {"publications/gannan-daily", "--article-id", "kangjin", "--position", "2", "--bylines",
         R"([{"display_name": "尹才霞", "role": "REPORTER", "credit": "本报记者"}])", "--body",
         R"({"kind": "PARAGRAPH", "text": "日前……"})"},
        request);
  EXPECT_EQ(request.parent(), "publications/gannan-daily");
  EXPECT_EQ(request.article_id(), "kangjin");
  EXPECT_EQ(request.article().position(), 2);
  ASSERT_EQ(request.article().bylines_size(), 1);
  EXPECT_EQ(request.article().bylines(0).role(), v1::Contributor::REPORTER);
  ASSERT_EQ(request.article().body_size(), 1);  // one object is a list of one
  EXPECT_EQ(request.article().body(0).kind(), v1::Block::PARAGRAPH);
}

TEST(RequestBuilder, TakesEnumNamesInAnyCaseListsAndTimestamps) {
  v1::CreateContributorRequest contributor;
  Build("contributor", "create", {"publications/gannan-daily", "--roles", "reporter,PHOTOGRAPHER"}, contributor);
  ASSERT_EQ(contributor.contributor().roles_size(), 2);
  EXPECT_EQ(contributor.contributor().roles(1), v1::Contributor::PHOTOGRAPHER);

  v1::PublishIssueRequest publish;
  Build("issue", "publish",
        {"publications/gannan-daily/issues/2026-05-12", "--publish-time", "2026-05-12T06:00:00+08:00", "--validate-only"},
        publish);
  EXPECT_EQ(publish.publish_time().seconds(), 1778536800);
  EXPECT_TRUE(publish.validate_only());
}

TEST(RequestBuilder, KeepsTheFlagsPublicationCreateHadBefore) {
  v1::CreatePublicationRequest request;
  Build("publication", "create", {"--id", "gannan-daily", "--display-name", "赣南日报"}, request);
  EXPECT_EQ(request.publication_id(), "gannan-daily");
  EXPECT_EQ(request.publication().display_name(), "赣南日报");
  EXPECT_EQ(request.publication().language(), "zh-Hans");  // the defaults it had
  EXPECT_EQ(request.publication().time_zone(), "Asia/Shanghai");
}

TEST(RequestBuilder, AValueThatDoesNotFitIsAUsageErrorNamingItsFlag) {
  v1::ListArticlesRequest list;
  const std::string bad_int = UsageErrorOf("article", "list", {"publications/p", "--page-size", "ten"}, list);
  EXPECT_NE(bad_int.find("--page-size"), std::string::npos) << bad_int;
  EXPECT_NE(bad_int.find("int32"), std::string::npos) << bad_int;

  v1::UpdateArticleRequest update;
  const std::string bad_json = UsageErrorOf("article", "update", {"publications/p/articles/a", "--bylines", "[{"}, update);
  EXPECT_NE(bad_json.find("--bylines"), std::string::npos) << bad_json;
  const std::string bad_enum = UsageErrorOf("article", "list", {"publications/p", "--view", "LIVE"}, list);
  EXPECT_NE(bad_enum.find("--view"), std::string::npos) << bad_enum;
}

TEST(RequestBuilder, AMissingPositionalArgumentIsAUsageError) {
  v1::GetIssueRequest request;
  EXPECT_NE(UsageErrorOf("issue", "get", {}, request).find("give the name"), std::string::npos);
}

TEST(RequestFlags, OutputOnlyFieldsAndTheMaskHaveNoFlags) {
  const Noun& noun = *FindNoun("article");
  const auto flags = RequestFlagsOf(noun, VerbOf(noun, "update"), *v1::UpdateArticleRequest::descriptor(), CommandOptionSpecs());
  const auto has = [&](const std::string& name) {
    return std::any_of(flags.begin(), flags.end(), [&](const RequestFlag& flag) { return flag.flag == name; });
  };
  EXPECT_TRUE(has("headline"));
  EXPECT_TRUE(has("etag"));
  EXPECT_FALSE(has("state"));
  EXPECT_FALSE(has("create-time"));
  EXPECT_FALSE(has("update-mask"));
  EXPECT_FALSE(has("name"));  // the positional argument
}

TEST(RequestFlags, AFileFlagFillsItsStringFieldWithTheFilesText) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/note.txt";
  std::ofstream(path) << "导语太长,请压缩到两句\n";
  Noun noun{"article", "", {}};
  Verb verb{"reject", "galley.v1.ArticleService/RejectArticle", "name", "", {}, {{"note-file", "note", "the note"}}};
  const auto flags = RequestFlagsOf(noun, verb, *v1::RejectArticleRequest::descriptor(), CommandOptionSpecs());
  auto specs = OptionSpecsOf(flags);
  app::Options options("article reject", "test", specs);
  ASSERT_TRUE(options.Parse({"publications/p/articles/a", "--note-file", path}, 1));
  v1::RejectArticleRequest request;
  BuildRequest(verb, flags, options, request);
  EXPECT_EQ(request.note(), "导语太长,请压缩到两句\n");
}

}  // namespace
}  // namespace galley::cli
