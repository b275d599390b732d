// The change feed as IPTC ninjs 2.1 through gRPC against PostgreSQL: every
// kind of change, rendered on request, validates against the official
// schema (../shared/specs/ninjs-schema_2.1.json, checked by
// tests/support/validate_ninjs.py with Debian's python3-jsonschema), and
// carries what a partner needs without knowing Galley's messages.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <sys/wait.h>

#include "galley/v1/contributor_service.grpc.pb.h"
#include "galley/v1/feed_service.grpc.pb.h"
#include "galley/v1/issue_service.grpc.pb.h"
#include "galley/v1/photo_service.grpc.pb.h"
#include "support/article_driver.h"
#include "support/in_process_galley.h"
#include "support/sample_images.h"
#include "support/temp_dir.h"

namespace galley {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using v1::Change;

constexpr const char* kPublication = "publications/gannan-daily";
constexpr const char* kSection = "publications/gannan-daily/issues/2026-05-12/sections/a03";
constexpr const char* kPhoto = "publications/gannan-daily/photos/kangjin-aerial";
constexpr const char* kPhotographer = "publications/gannan-daily/contributors/xue-shunxin";

const std::string kSchema = std::string(GALLEY_SOURCE_DIR) + "/../shared/specs/ninjs-schema_2.1.json";
const std::string kValidator = std::string(GALLEY_SOURCE_DIR) + "/tests/support/validate_ninjs.py";

Struct Parse(const std::string& json) {
  Struct out;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &out);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return out;
}

const Value& Field(const Struct& object, const std::string& key) {
  static const Value kNull;
  const auto it = object.fields().find(key);
  return it == object.fields().end() ? kNull : it->second;
}

std::string Text(const Struct& object, const std::string& key) { return Field(object, key).string_value(); }

// role → value of a ninjs list of {role, value} (headlines, descriptions).
std::multimap<std::string, std::string> Roles(const Struct& object, const std::string& key) {
  std::multimap<std::string, std::string> out;
  for (const auto& item : Field(object, key).list_value().values()) {
    out.emplace(Text(item.struct_value(), "role"), Text(item.struct_value(), "value"));
  }
  return out;
}

class NinjsFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    galley_.CreatePublication("gannan-daily");
    galley_.UploadPhoto("gannan-daily", "kangjin-aerial", testing::SampleJpeg(640, 480));
    Call([&](grpc::ClientContext* context) {
      v1::CreateContributorRequest request;
      request.set_parent(kPublication);
      request.set_contributor_id("xue-shunxin");
      request.mutable_contributor()->set_display_name("薛顺鑫");
      request.mutable_contributor()->add_roles(v1::Contributor::PHOTOGRAPHER);
      v1::Contributor out;
      return contributors_->CreateContributor(context, request, &out);
    });
    EditPhoto("赣州康晋储能技术有限公司航拍图", "薛顺鑫摄", kPhotographer, "厂区航拍");
    Call([&](grpc::ClientContext* context) {
      v1::CreateIssueRequest request;
      request.set_parent(kPublication);
      request.mutable_issue()->set_issue_date("2026-05-12");
      request.mutable_issue()->set_issue_number(12345);
      v1::Issue out;
      return issues_->CreateIssue(context, request, &out);
    });
    Call([&](grpc::ClientContext* context) {
      v1::CreateSectionRequest request;
      request.set_parent("publications/gannan-daily/issues/2026-05-12");
      request.set_section_id("a03");
      request.mutable_section()->set_display_name("综合新闻");
      v1::Section out;
      return issues_->CreateSection(context, request, &out);
    });
  }

  template <typename Rpc>
  void Call(Rpc rpc) {
    grpc::ClientContext context;
    const grpc::Status status = rpc(&context);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void EditPhoto(const std::string& caption, const std::string& credit, const std::string& photographer,
                 const std::string& alt_text) {
    Call([&](grpc::ClientContext* context) {
      v1::UpdatePhotoRequest request;
      request.mutable_photo()->set_name(kPhoto);
      request.mutable_photo()->set_etag("*");
      request.mutable_photo()->set_caption(caption);
      request.mutable_photo()->set_credit(credit);
      request.mutable_photo()->set_photographer(photographer);
      request.mutable_photo()->set_alt_text(alt_text);
      for (const char* path : {"caption", "credit", "photographer", "alt_text"}) {
        request.mutable_update_mask()->add_paths(path);
      }
      v1::Photo out;
      return photos_->UpdatePhoto(context, request, &out);
    });
  }

  // The story of the sample page, placed first on page a03, with every
  // field ninjs maps.
  v1::Article PlacedStory() {
    v1::Article article;
    article.set_kicker("赣县区做强“四链三群”推动工业经济跃升");
    article.set_headline("产业拔节生长 集群磁力强劲");
    article.set_subheadline("新能源产业链加速成型");
    article.set_summary("赣县区以产业链为抓手,推动工业经济跃升。");
    article.set_dateline("赣州");
    article.add_tags("赣县");
    article.add_tags("工业");
    auto* photographer = article.add_bylines();
    photographer->set_contributor(kPhotographer);
    photographer->set_display_name("薛顺鑫");
    photographer->set_role(v1::Contributor::PHOTOGRAPHER);
    auto* reporter = article.add_bylines();
    reporter->set_display_name("尹才霞");
    reporter->set_role(v1::Contributor::REPORTER);
    reporter->set_credit("本报记者");
    auto* paragraph = article.add_body();
    paragraph->set_kind(v1::Block::PARAGRAPH);
    paragraph->set_text("日前,走进赣州康晋储能技术有限公司车间<生产线>……");
    auto* subheading = article.add_body();
    subheading->set_kind(v1::Block::SUBHEADING);
    subheading->set_text("链式发展");
    auto* photo = article.add_body();
    photo->set_kind(v1::Block::PHOTO);
    photo->set_photo(kPhoto);
    photo->set_text("康晋储能厂区");
    auto* quote = article.add_body();
    quote->set_kind(v1::Block::QUOTE);
    quote->set_text("“我们有信心。”");
    article.set_section(kSection);
    article.set_position(1);
    return article;
  }

  // Every kind of change the log holds, in this order: the placed story
  // and the issue go live; the photo's caption changes; a web story is
  // published, corrected, unpublished and published again; another is
  // published and killed.
  void PublishAnEditionAndItsAftermath() {
    articles_.Approved(articles_.Create("gannan-daily", "kangjin", PlacedStory()));
    Call([&](grpc::ClientContext* context) {
      v1::PublishIssueRequest request;
      request.set_name("publications/gannan-daily/issues/2026-05-12");
      request.set_etag("*");
      v1::PublishIssueResponse out;
      return issues_->PublishIssue(context, request, &out);
    });
    EditPhoto("赣州康晋储能技术有限公司航拍图(资料图)", "薛顺鑫摄", kPhotographer, "厂区航拍");
    auto web = articles_.Live(articles_.Create("gannan-daily", "xitu", "稀土产业链加速延伸"));
    web = articles_.Publish(web, "本文标题有误,已更正。");
    web = articles_.Unpublish(web, "等待核实");
    articles_.Publish(web);
    articles_.Kill(articles_.Live(articles_.Create("gannan-daily", "jinling", "禁令所涉报道")), "法院禁令");
  }

  std::vector<Change> Changes(bool include_ninjs) {
    v1::ListChangesRequest request;
    request.set_include_ninjs(include_ninjs);
    request.set_page_size(1000);
    v1::ListChangesResponse response;
    grpc::ClientContext context;
    const auto status = feed_->ListChanges(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.changes().begin(), response.changes().end()};
  }

  // The validator's exit status for these documents, one a line.
  int Validate(const std::vector<std::string>& documents) {
    const std::string path = dir_.path() + "/ninjs.jsonl";
    {
      std::ofstream out(path);
      for (const auto& document : documents) out << document << '\n';
    }
    const std::string command = "/usr/bin/python3 '" + kValidator + "' '" + kSchema + "' '" + path + "'";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  const Change& Find(const std::vector<Change>& changes, Change::Type type, const std::string& resource) {
    for (const auto& change : changes) {
      if (change.type() == type && change.resource() == resource) return change;
    }
    ADD_FAILURE() << "no " << Change::Type_Name(type) << " of " << resource;
    static const Change kNone;
    return kNone;
  }

  testing::InProcessGalley galley_;
  testing::ArticleDriver articles_{galley_.channel()};
  testing::TempDir dir_;
  std::unique_ptr<v1::FeedService::Stub> feed_ = v1::FeedService::NewStub(galley_.channel());
  std::unique_ptr<v1::IssueService::Stub> issues_ = v1::IssueService::NewStub(galley_.channel());
  std::unique_ptr<v1::PhotoService::Stub> photos_ = v1::PhotoService::NewStub(galley_.channel());
  std::unique_ptr<v1::ContributorService::Stub> contributors_ = v1::ContributorService::NewStub(galley_.channel());
};

TEST_F(NinjsFeedTest, EveryKindOfChangeValidatesAgainstTheNinjsSchema) {
  ASSERT_TRUE(std::ifstream(kSchema).good()) << "the ninjs schema is missing: " << kSchema;
  PublishAnEditionAndItsAftermath();
  const auto changes = Changes(true);
  std::set<Change::Type> types;
  std::vector<std::string> documents;
  for (const auto& change : changes) {
    types.insert(change.type());
    ASSERT_FALSE(change.ninjs().empty()) << change.DebugString();
    documents.push_back(change.ninjs());
  }
  EXPECT_EQ(types, (std::set<Change::Type>{Change::ARTICLE_PUBLISHED, Change::ARTICLE_CORRECTED,
                                           Change::ARTICLE_UNPUBLISHED, Change::ARTICLE_KILLED,
                                           Change::ISSUE_PUBLISHED, Change::PHOTO_UPDATED}));
  EXPECT_EQ(Validate(documents), 0);

  // The check can fail: a document the schema forbids is caught.
  Struct broken = Parse(documents.front());
  (*broken.mutable_fields())["pubstatus"].set_string_value("gone");
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(broken, &json).ok());
  EXPECT_EQ(Validate({json}), 1);
}

TEST_F(NinjsFeedTest, NinjsIsRenderedOnlyOnRequestAndAlsoOnStreams) {
  // A stream at the head before anything is published: it is served from
  // what the server keeps of the newest changes, with the photos read for
  // each page.
  v1::StreamChangesRequest request;
  request.set_include_ninjs(true);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = feed_->StreamChanges(&context, request);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  PublishAnEditionAndItsAftermath();

  const auto listed = Changes(true);
  std::vector<Change> streamed;
  v1::StreamChangesResponse message;
  while (streamed.size() < listed.size() && stream->Read(&message)) {
    streamed.insert(streamed.end(), message.changes().begin(), message.changes().end());
  }
  ASSERT_EQ(streamed.size(), listed.size());
  // Associations describe photos as they are when read (the caption edit
  // may have come after the stream read a change): compare without them.
  const auto without_associations = [](const std::string& ninjs) {
    Struct item = Parse(ninjs);
    item.mutable_fields()->erase("associations");
    return item;
  };
  for (std::size_t i = 0; i < listed.size(); ++i) {
    // The killed story's earlier changes may have streamed before the kill.
    if (listed[i].resource() == "publications/gannan-daily/articles/jinling") continue;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(without_associations(streamed[i].ninjs()),
                                                                   without_associations(listed[i].ninjs())))
        << i << "\n" << streamed[i].ninjs() << "\n" << listed[i].ninjs();
  }
  EXPECT_NE(streamed.front().ninjs().find(R"("renditions":[{"name":"original","contenttype":"image/jpeg")"),
            std::string::npos)
      << streamed.front().ninjs();
  context.TryCancel();

  for (const auto& change : Changes(false)) EXPECT_TRUE(change.ninjs().empty()) << change.DebugString();
}

TEST_F(NinjsFeedTest, AnArticleCarriesItsHeadlinesBodyBylinesAndPhotos) {
  PublishAnEditionAndItsAftermath();
  const auto changes = Changes(true);
  const Change& published =
      Find(changes, Change::ARTICLE_PUBLISHED, "publications/gannan-daily/articles/kangjin");
  const Struct item = Parse(published.ninjs());

  EXPECT_EQ(Text(item, "uri"), "urn:galley:publications/gannan-daily/articles/kangjin");
  EXPECT_EQ(Text(item, "type"), "text");
  EXPECT_EQ(Text(item, "pubstatus"), "usable");
  EXPECT_EQ(Text(item, "version"), std::to_string(published.article().revision()));
  EXPECT_EQ(Text(item, "language"), published.article().language());
  EXPECT_EQ(Text(item, "located"), "赣州");
  EXPECT_EQ(Roles(item, "headlines"), (std::multimap<std::string, std::string>{
                                          {"main", "产业拔节生长 集群磁力强劲"},
                                          {"kicker", "赣县区做强“四链三群”推动工业经济跃升"},
                                          {"subheadline", "新能源产业链加速成型"}}));
  EXPECT_EQ(Roles(item, "descriptions").count("summary"), 1u);
  EXPECT_EQ(Text(item, "by"), "薛顺鑫 本报记者 尹才霞");

  const auto& people = Field(item, "people").list_value().values();
  ASSERT_EQ(people.size(), 2);
  EXPECT_EQ(Text(people[0].struct_value(), "name"), "薛顺鑫");
  EXPECT_EQ(Text(people[0].struct_value(), "rel"), "photographer");
  EXPECT_EQ(Text(people[0].struct_value(), "uri"), std::string("urn:galley:") + kPhotographer);
  EXPECT_EQ(Text(people[1].struct_value(), "rel"), "reporter");
  EXPECT_TRUE(Text(people[1].struct_value(), "uri").empty());

  const auto& bodies = Field(item, "bodies").list_value().values();
  ASSERT_EQ(bodies.size(), 2);
  const std::string html = Text(bodies[0].struct_value(), "value");
  EXPECT_EQ(Text(bodies[0].struct_value(), "contenttype"), "text/html");
  EXPECT_NE(html.find("<p>日前,走进赣州康晋储能技术有限公司车间&lt;生产线&gt;……</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("<h2>链式发展</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<figure data-association=\"kangjin-aerial\">"), std::string::npos) << html;
  EXPECT_NE(html.find("<blockquote><p>“我们有信心。”</p></blockquote>"), std::string::npos) << html;
  EXPECT_EQ(Text(bodies[1].struct_value(), "contenttype"), "text/plain");
  EXPECT_EQ(Text(bodies[1].struct_value(), "value"),
            "日前,走进赣州康晋储能技术有限公司车间<生产线>……\n\n链式发展\n\n“我们有信心。”");

  std::set<std::string> subjects;
  for (const auto& subject : Field(item, "subjects").list_value().values()) {
    subjects.insert(Text(subject.struct_value(), "name"));
  }
  EXPECT_EQ(subjects, (std::set<std::string>{"赣县", "工业"}));

  const auto& associations = Field(item, "associations").list_value().values();
  ASSERT_EQ(associations.size(), 1);
  const Struct& picture = associations[0].struct_value();
  EXPECT_EQ(Text(picture, "name"), "kangjin-aerial");
  EXPECT_EQ(Text(picture, "uri"), std::string("urn:galley:") + kPhoto);
  EXPECT_EQ(Text(picture, "type"), "picture");
  // The caption the article prints, the photo's own credit.
  EXPECT_EQ(Roles(picture, "descriptions"),
            (std::multimap<std::string, std::string>{{"caption", "康晋储能厂区"}, {"alt", "厂区航拍"}}));
  EXPECT_EQ(Text(picture, "by"), "薛顺鑫摄");
  const auto& renditions = Field(picture, "renditions").list_value().values();
  ASSERT_EQ(renditions.size(), 1);
  const Struct& original = renditions[0].struct_value();
  EXPECT_EQ(Text(original, "name"), "original");
  EXPECT_EQ(Text(original, "contenttype"), "image/jpeg");
  EXPECT_EQ(Field(original, "width").number_value(), 640);
  EXPECT_EQ(Field(original, "height").number_value(), 480);
  EXPECT_GT(Field(original, "sizeinbytes").number_value(), 0);
}

TEST_F(NinjsFeedTest, CorrectionsTombstonesIssuesAndPhotosMapToTheirNinjsStatus) {
  PublishAnEditionAndItsAftermath();
  const auto changes = Changes(true);
  const std::string web = "publications/gannan-daily/articles/xitu";

  const Struct corrected = Parse(Find(changes, Change::ARTICLE_CORRECTED, web).ninjs());
  EXPECT_EQ(Text(corrected, "pubstatus"), "usable");
  EXPECT_EQ(Roles(corrected, "descriptions"),
            (std::multimap<std::string, std::string>{{"correction", "本文标题有误,已更正。"}}));

  const Struct withheld = Parse(Find(changes, Change::ARTICLE_UNPUBLISHED, web).ninjs());
  EXPECT_EQ(Text(withheld, "pubstatus"), "withheld");
  EXPECT_EQ(Text(withheld, "ednote"), "等待核实");
  EXPECT_EQ(Field(withheld, "headlines").kind_case(), Value::KIND_NOT_SET);

  const std::string gone = "publications/gannan-daily/articles/jinling";
  const Struct killed = Parse(Find(changes, Change::ARTICLE_KILLED, gone).ninjs());
  EXPECT_EQ(Text(killed, "pubstatus"), "canceled");
  EXPECT_EQ(Text(killed, "ednote"), "法院禁令");
  // What the killed article once published is never served again, in any
  // format: its earlier changes are tombstones too.
  for (const auto& change : changes) {
    if (change.resource() != gone) continue;
    EXPECT_EQ(change.ninjs().find("禁令所涉"), std::string::npos) << change.ninjs();
    EXPECT_EQ(Text(Parse(change.ninjs()), "pubstatus"), "canceled") << change.ninjs();
  }

  const Change& issue_change =
      Find(changes, Change::ISSUE_PUBLISHED, "publications/gannan-daily/issues/2026-05-12");
  EXPECT_EQ(std::vector<std::string>(issue_change.articles().begin(), issue_change.articles().end()),
            std::vector<std::string>{"publications/gannan-daily/articles/kangjin"});
  const Struct issue = Parse(issue_change.ninjs());
  EXPECT_EQ(Text(issue, "type"), "composite");
  EXPECT_EQ(Roles(issue, "altids"), (std::multimap<std::string, std::string>{{"issue-date", "2026-05-12"},
                                                                              {"issue-number", "12345"}}));
  const auto& contents = Field(issue, "associations").list_value().values();
  ASSERT_EQ(contents.size(), 1);
  EXPECT_EQ(Text(contents[0].struct_value(), "uri"), "urn:galley:publications/gannan-daily/articles/kangjin");

  const Struct photo = Parse(Find(changes, Change::PHOTO_UPDATED, kPhoto).ninjs());
  EXPECT_EQ(Text(photo, "type"), "picture");
  EXPECT_EQ(Roles(photo, "descriptions").find("caption")->second, "赣州康晋储能技术有限公司航拍图(资料图)");
}

}  // namespace
}  // namespace galley
