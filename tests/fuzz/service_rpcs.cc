#include "service_rpcs.h"

#include <google/protobuf/descriptor.h>

#include <optional>
#include <utility>

#include "api/access_requests.h"
#include "api/article_requests.h"
#include "api/contributor_requests.h"
#include "api/feed_requests.h"
#include "api/issue_requests.h"
#include "api/photo_requests.h"
#include "api/publication_requests.h"
#include "domain/access_token.h"
#include "domain/contributor.h"
#include "domain/issue.h"
#include "domain/page_token.h"
#include "domain/photo.h"
#include "domain/publication.h"
#include "fuzz_contract.h"

namespace galley::fuzz {

namespace {

namespace d = domain;

const d::PageTokenCodec& PageTokens() {
  static const d::PageTokenCodec codec("service-request-fuzz");
  return codec;
}

// Whether `path` ("article.body[3].text") names a field of `message`: each
// dotted segment, with an optional [index] on a repeated one, a field of the
// message the segment before it holds.
bool NamesAFieldOf(const google::protobuf::Descriptor* message, const std::string& path) {
  if (path.empty()) return false;
  for (const auto& segment : SplitOn(path, '.')) {
    if (message == nullptr) return false;  // a segment below a scalar field
    std::string name = segment;
    const std::size_t bracket = segment.find('[');
    if (bracket != std::string::npos) {
      const std::string index = segment.substr(bracket + 1);
      if (index.size() < 2 || index.back() != ']' ||
          index.find_first_not_of("0123456789") != index.size() - 1) {
        return false;
      }
      name = segment.substr(0, bracket);
    }
    const auto* field = message->FindFieldByName(name);
    if (field == nullptr || (bracket != std::string::npos && !field->is_repeated())) return false;
    message = field->message_type();
  }
  return true;
}

// INVALID_ARGUMENT naming, for each violation, a field of the request.
void RequireRequestRefused(const d::Error& error, const google::protobuf::Descriptor* request) {
  RequireRefusal(error, d::ErrorCode::kInvalidArgument, /*input_was_utf8=*/true);
  Require(!error.field_violations().empty(), "INVALID_ARGUMENT names no field");
  for (const auto& violation : error.field_violations()) {
    if (!NamesAFieldOf(request, violation.field)) {
      std::fprintf(stderr, "field: %s\n", violation.field.c_str());
      Fail("a violation names no field of the request");
    }
  }
}

void Storable(const std::string& text) { RequireStorable(text, "a value to store is not UTF-8 without NUL"); }

void RequireName(const d::NamePattern& pattern, const std::string& name) {
  try {
    pattern.Parse("name", name);
  } catch (const d::Error&) {
    Fail("a resource to store has a malformed name");
  }
}

void RequireIds(const d::NamePattern& pattern, const std::vector<std::string>& ids) {
  RequireName(pattern, pattern.Format(ids));
}

void RequireOptionalName(const d::NamePattern& pattern, const std::string& name) {
  if (!name.empty()) RequireName(pattern, name);
}

void RequireList(const api::ParsedList& list) {
  Require(list.query.page_size >= 1 && list.query.page_size <= d::kMaxPageSize, "a page size out of range");
  for (const auto& term : list.query.filter) {
    Storable(term.field);
    Storable(term.value);
  }
  for (const auto& key : list.query.after) Storable(key);
}

void RequireListOf(const d::NamePattern& parent, const api::ParsedList& list) {
  RequireIds(parent, list.parent);
  RequireList(list);
}

void RequirePublication(const d::Publication& publication) {
  RequireName(d::PublicationName(), publication.Name());
  for (const auto* text : {&publication.display_name, &publication.language, &publication.time_zone}) {
    Storable(*text);
  }
}

void RequireIssue(const d::Issue& issue) {
  RequireName(d::IssueName(), issue.Name());
  Storable(issue.issue_date);
  Storable(issue.title);
}

void RequireSection(const d::Section& section) {
  RequireName(d::SectionName(), section.Name());
  Storable(section.display_name);
}

void RequireContributor(const d::Contributor& contributor) {
  RequireName(d::ContributorName(), contributor.Name());
  Storable(contributor.display_name);
  Storable(contributor.affiliation);
  for (const auto& role : contributor.roles) Storable(role);
}

void RequirePhoto(const d::Photo& photo) {
  RequireName(d::PhotoName(), photo.Name());
  for (const auto* text : {&photo.caption, &photo.credit, &photo.alt_text}) Storable(*text);
  RequireOptionalName(d::ContributorName(), photo.photographer);
}

void RequireContent(const d::ArticleContent& content) {
  for (const auto* text : {&content.headline, &content.kicker, &content.subheadline, &content.summary,
                           &content.dateline, &content.language}) {
    Storable(*text);
  }
  for (const auto& block : content.body) {
    Storable(block.kind);
    Storable(block.text);
    Storable(block.credit);
    RequireOptionalName(d::PhotoName(), block.photo);
  }
  for (const auto& byline : content.bylines) {
    Storable(byline.display_name);
    Storable(byline.role);
    Storable(byline.credit);
    RequireOptionalName(d::ContributorName(), byline.contributor);
  }
  for (const auto& tag : content.tags) Storable(tag);
  RequireOptionalName(d::SectionName(), content.section);
  Require(content.body.size() <= d::kMaxBodyBlocks && content.bylines.size() <= d::kMaxBylines &&
              content.tags.size() <= d::kMaxTags,
          "more blocks, bylines or tags than the limits accepted");
}

void RequireAction(const api::ArticleActionCommand& command) {
  RequireIds(d::ArticleName(), command.ids);
  Storable(command.action.note);
}

// Runs an Update's change, as the store would on the locked row, on
// `stored`: the resource its name names, as the store could hold it. The
// change makes it a resource fit to store, or refuses: INVALID_ARGUMENT on a
// field of the request, ABORTED for a stale etag, FAILED_PRECONDITION for a
// state that allows no edit.
template <typename Resource, typename Check>
void RequireChange(const api::UpdateCommand<Resource>& update, Resource stored,
                   const google::protobuf::Descriptor* request, Check check) {
  try {
    update.change(stored);
  } catch (const d::Error& error) {
    if (error.code() == d::ErrorCode::kAborted || error.code() == d::ErrorCode::kFailedPrecondition) {
      RequireRefusal(error, error.code(), true);
      return;
    }
    RequireRequestRefused(error, request);
    return;
  }
  check(stored);
}

// An RPC whose request is a `Request`: `parse` is the service layer's parse
// function, `accept` checks what it returned.
template <typename Request, typename Parse, typename Accept>
Rpc Unary(const char* name, const char* seed, Parse parse, Accept accept) {
  return {name,
          [parse, accept](const std::uint8_t* data, std::size_t size) {
            RpcOutcome outcome;
            Request request;
            // What gRPC does first: a message that does not parse never
            // reaches the service (api/malformed_request.h answers it).
            if (!request.ParseFromArray(data, static_cast<int>(size))) return outcome;
            outcome.parsed = true;
            std::optional<decltype(parse(request))> command;
            try {
              command.emplace(parse(request));
            } catch (const d::Error& error) {
              RequireRequestRefused(error, Request::descriptor());
              return outcome;
            }
            outcome.accepted = true;
            accept(request, *command, outcome);
            return outcome;
          },
          seed};
}

template <typename Request>
auto WithPageTokens(api::ParsedList (*parse)(const Request&, const d::PageTokenCodec&)) {
  return [parse](const Request& request) { return parse(request, PageTokens()); };
}

// Accepts a List request whose parent has the shape of `pattern`.
auto ListOf(const d::NamePattern& pattern) {
  return [&pattern](const auto&, const api::ParsedList& list, RpcOutcome& outcome) {
    RequireListOf(pattern, list);
    outcome.fingerprint = list.fingerprint;
  };
}

auto TopLevelList() {
  return [](const auto&, const api::ParsedList& list, RpcOutcome& outcome) {
    Require(list.parent.empty(), "a top-level list has a parent");
    RequireList(list);
    outcome.fingerprint = list.fingerprint;
  };
}

auto IdsOf(const d::NamePattern& pattern) {
  return [&pattern](const auto&, const std::vector<std::string>& ids, RpcOutcome&) { RequireIds(pattern, ids); };
}

template <typename Request>
auto ArticleAction(api::ArticleActionCommand (*parse)(const Request&)) {
  return [parse](const Request& request) { return parse(request); };
}

void AcceptAction(const google::protobuf::Message&, const api::ArticleActionCommand& command, RpcOutcome&) {
  RequireAction(command);
}

d::Article StoredArticle(const std::vector<std::string>& ids) {
  d::Article article;
  article.publication_id = ids[0];
  article.id = ids[1];
  article.content.headline = "产业拔节生长 集群磁力强劲";
  article.content.body.push_back({"PARAGRAPH", "日前,走进赣州康晋储能技术有限公司车间。", "", ""});
  article.revision = 3;
  return article;
}

std::vector<Rpc> MakeRpcs() {
  namespace v1 = galley::v1;
  std::vector<Rpc> rpcs;

  // PublicationService
  rpcs.push_back(Unary<v1::CreatePublicationRequest>(
      "galley.v1.PublicationService/CreatePublication",
      R"(publication_id: "gannan-daily" request_id: "r-1"
         publication { display_name: "赣南日报" language: "zh-Hans" time_zone: "Asia/Shanghai" })",
      api::ParseCreatePublication,
      [](const auto&, const d::Publication& publication, RpcOutcome&) { RequirePublication(publication); }));
  rpcs.push_back(Unary<v1::GetPublicationRequest>("galley.v1.PublicationService/GetPublication",
                                                  R"(name: "publications/gannan-daily")", api::ParseGetPublication,
                                                  IdsOf(d::PublicationName())));
  rpcs.push_back(Unary<v1::ListPublicationsRequest>(
      "galley.v1.PublicationService/ListPublications",
      R"(page_size: 10 filter: "language = \"zh-Hans\"" order_by: "create_time desc")",
      WithPageTokens(api::ParseListPublications), TopLevelList()));
  rpcs.push_back(Unary<v1::UpdatePublicationRequest>(
      "galley.v1.PublicationService/UpdatePublication",
      R"(publication { name: "publications/gannan-daily" display_name: "赣南日报社" etag: "*" }
         update_mask { paths: "display_name" })",
      api::ParseUpdatePublication, [](const auto& request, const auto& update, RpcOutcome&) {
        d::Publication stored{update.ids[0], "赣南日报", "zh-Hans", "Asia/Shanghai", 4, {}, {}};
        RequireChange(update, stored, request.descriptor(), RequirePublication);
      }));

  // IssueService
  rpcs.push_back(Unary<v1::CreateIssueRequest>(
      "galley.v1.IssueService/CreateIssue",
      R"(parent: "publications/gannan-daily" issue { issue_date: "2026-05-12" issue_number: 12345 title: "两会特刊" })",
      api::ParseCreateIssue, [](const auto&, const d::Issue& issue, RpcOutcome&) { RequireIssue(issue); }));
  rpcs.push_back(Unary<v1::GetIssueRequest>("galley.v1.IssueService/GetIssue",
                                            R"(name: "publications/gannan-daily/issues/2026-05-12")",
                                            api::ParseGetIssue, IdsOf(d::IssueName())));
  rpcs.push_back(Unary<v1::ListIssuesRequest>(
      "galley.v1.IssueService/ListIssues",
      R"(parent: "publications/gannan-daily" filter: "issue_date >= 2026-05-01" order_by: "issue_date desc")",
      WithPageTokens(api::ParseListIssues), ListOf(d::PublicationName())));
  rpcs.push_back(Unary<v1::UpdateIssueRequest>(
      "galley.v1.IssueService/UpdateIssue",
      R"(issue { name: "publications/gannan-daily/issues/2026-05-12" title: "两会特刊" etag: "*" }
         update_mask { paths: "title" })",
      api::ParseUpdateIssue, [](const auto& request, const auto& update, RpcOutcome&) {
        d::Issue stored;
        stored.publication_id = update.ids[0];
        stored.id = update.ids[1];
        stored.issue_date = "2026-05-12";
        RequireChange(update, stored, request.descriptor(), RequireIssue);
      }));
  rpcs.push_back(Unary<v1::DeleteIssueRequest>("galley.v1.IssueService/DeleteIssue",
                                               R"(name: "publications/gannan-daily/issues/2026-05-12" etag: "*")",
                                               api::ParseDeleteIssue, IdsOf(d::IssueName())));
  rpcs.push_back(Unary<v1::CreateSectionRequest>(
      "galley.v1.IssueService/CreateSection",
      R"(parent: "publications/gannan-daily/issues/2026-05-12" section_id: "a03"
         section { display_name: "综合新闻" page_number: 3 })",
      api::ParseCreateSection, [](const auto&, const d::Section& section, RpcOutcome&) { RequireSection(section); }));
  rpcs.push_back(Unary<v1::GetSectionRequest>("galley.v1.IssueService/GetSection",
                                              R"(name: "publications/gannan-daily/issues/2026-05-12/sections/a03")",
                                              api::ParseGetSection, IdsOf(d::SectionName())));
  rpcs.push_back(Unary<v1::ListSectionsRequest>(
      "galley.v1.IssueService/ListSections",
      R"(parent: "publications/gannan-daily/issues/2026-05-12" page_size: 2 order_by: "page_number")",
      WithPageTokens(api::ParseListSections), ListOf(d::IssueName())));
  rpcs.push_back(Unary<v1::UpdateSectionRequest>(
      "galley.v1.IssueService/UpdateSection",
      R"(section { name: "publications/gannan-daily/issues/2026-05-12/sections/a03" display_name: "要闻"
                   position: 2 etag: "*" }
         update_mask { paths: "display_name" paths: "position" })",
      api::ParseUpdateSection, [](const auto& request, const auto& update, RpcOutcome&) {
        d::Section stored;
        stored.publication_id = update.ids[0];
        stored.issue_id = update.ids[1];
        stored.id = update.ids[2];
        stored.display_name = "综合新闻";
        stored.position = 1;
        RequireChange(update, stored, request.descriptor(), RequireSection);
      }));
  rpcs.push_back(Unary<v1::DeleteSectionRequest>(
      "galley.v1.IssueService/DeleteSection", R"(name: "publications/gannan-daily/issues/2026-05-12/sections/a03")",
      api::ParseDeleteSection, IdsOf(d::SectionName())));
  rpcs.push_back(Unary<v1::PublishIssueRequest>(
      "galley.v1.IssueService/PublishIssue",
      R"(name: "publications/gannan-daily/issues/2026-05-12" etag: "*" validate_only: true
         publish_time { seconds: 1778536800 })",
      api::ParsePublishIssue,
      [](const auto&, const api::PublishIssueCommand& command, RpcOutcome&) { RequireIds(d::IssueName(), command.ids); }));

  // ContributorService
  rpcs.push_back(Unary<v1::CreateContributorRequest>(
      "galley.v1.ContributorService/CreateContributor",
      R"(parent: "publications/gannan-daily" contributor_id: "xue-shunxin"
         contributor { display_name: "薛顺鑫" roles: PHOTOGRAPHER affiliation: "赣南日报" })",
      api::ParseCreateContributor,
      [](const auto&, const d::Contributor& contributor, RpcOutcome&) { RequireContributor(contributor); }));
  rpcs.push_back(Unary<v1::GetContributorRequest>(
      "galley.v1.ContributorService/GetContributor", R"(name: "publications/gannan-daily/contributors/xue-shunxin")",
      api::ParseGetContributor, IdsOf(d::ContributorName())));
  rpcs.push_back(Unary<v1::ListContributorsRequest>(
      "galley.v1.ContributorService/ListContributors",
      R"(parent: "publications/gannan-daily" filter: "roles = \"PHOTOGRAPHER\"" order_by: "display_name")",
      WithPageTokens(api::ParseListContributors), ListOf(d::PublicationName())));
  rpcs.push_back(Unary<v1::UpdateContributorRequest>(
      "galley.v1.ContributorService/UpdateContributor",
      R"(contributor { name: "publications/gannan-daily/contributors/xue-shunxin" roles: PHOTOGRAPHER roles: REPORTER
                       etag: "*" }
         update_mask { paths: "roles" })",
      api::ParseUpdateContributor, [](const auto& request, const auto& update, RpcOutcome&) {
        d::Contributor stored;
        stored.publication_id = update.ids[0];
        stored.id = update.ids[1];
        stored.display_name = "薛顺鑫";
        RequireChange(update, stored, request.descriptor(), RequireContributor);
      }));
  rpcs.push_back(Unary<v1::DeleteContributorRequest>(
      "galley.v1.ContributorService/DeleteContributor",
      R"(name: "publications/gannan-daily/contributors/xue-shunxin" etag: "*")", api::ParseDeleteContributor,
      IdsOf(d::ContributorName())));

  // ArticleService
  rpcs.push_back(Unary<v1::CreateArticleRequest>(
      "galley.v1.ArticleService/CreateArticle",
      R"(parent: "publications/gannan-daily" article_id: "kangjin" request_id: "r-2"
         article {
           kicker: "产业拔节生长 集群磁力强劲" headline: "赣县区做强“四链三群”推动工业经济跃升"
           subheadline: "副题" summary: "摘要" dateline: "本报赣州讯"
           body { kind: PARAGRAPH text: "日前,走进赣州康晋储能技术有限公司车间……" }
           body { kind: PHOTO photo: "publications/gannan-daily/photos/kangjin-aerial"
                  text: "赣州康晋储能技术有限公司航拍图" credit: "薛顺鑫" }
           bylines { contributor: "publications/gannan-daily/contributors/xue-shunxin" display_name: "薛顺鑫"
                     role: PHOTOGRAPHER }
           bylines { display_name: "尹才霞" role: REPORTER credit: "本报记者" }
           tags: "赣县" tags: "工业" language: "zh-Hans"
           section: "publications/gannan-daily/issues/2026-05-12/sections/a03" position: 1 })",
      api::ParseCreateArticle, [](const auto&, const d::Article& article, RpcOutcome&) {
        RequireName(d::ArticleName(), article.Name());
        RequireContent(article.content);
      }));
  rpcs.push_back(Unary<v1::GetArticleRequest>(
      "galley.v1.ArticleService/GetArticle",
      R"(name: "publications/gannan-daily/articles/kangjin" view: ARTICLE_VIEW_PUBLISHED)", api::ParseGetArticle,
      [](const v1::GetArticleRequest& request, const std::vector<std::string>& ids, RpcOutcome&) {
        RequireIds(d::ArticleName(), ids);
        api::RequestedView(request.view());
      }));
  rpcs.push_back(Unary<v1::ListArticlesRequest>(
      "galley.v1.ArticleService/ListArticles",
      R"(parent: "publications/gannan-daily" order_by: "position"
         filter: "section = \"publications/gannan-daily/issues/2026-05-12/sections/a03\" AND state != KILLED")",
      WithPageTokens(api::ParseListArticles), ListOf(d::PublicationName())));
  // The search's page tokens are bound to the view the caller gets: both are tried.
  for (const auto view : {d::ArticleView::kWorkingCopy, d::ArticleView::kPublished}) {
    rpcs.push_back(Unary<v1::SearchArticlesRequest>(
        view == d::ArticleView::kPublished ? "galley.v1.ArticleService/SearchArticles (published)"
                                           : "galley.v1.ArticleService/SearchArticles (working copy)",
        R"(parent: "publications/gannan-daily" query: "稀土 产业链" page_size: 5 filter: "tags = \"工业\"")",
        [view](const v1::SearchArticlesRequest& request) {
          return api::ParseSearchArticles(request, view, PageTokens());
        },
        [](const auto&, const api::SearchArticlesCommand& command, RpcOutcome& outcome) {
          RequireListOf(d::PublicationName(), command.list);
          Storable(command.search.cjk_query);
          Storable(command.search.latin);
          outcome.fingerprint = command.list.fingerprint;
        }));
  }
  rpcs.push_back(Unary<v1::UpdateArticleRequest>(
      "galley.v1.ArticleService/UpdateArticle",
      R"(article { name: "publications/gannan-daily/articles/kangjin" headline: "赣县区做强“四链三群”" etag: "*"
                   tags: "赣县" }
         update_mask { paths: "headline" paths: "tags" })",
      api::ParseUpdateArticle, [](const auto& request, const auto& update, RpcOutcome&) {
        RequireChange(update, StoredArticle(update.ids), request.descriptor(), [](const d::Article& article) {
          RequireName(d::ArticleName(), article.Name());
          RequireContent(article.content);
        });
      }));
  rpcs.push_back(Unary<v1::DeleteArticleRequest>("galley.v1.ArticleService/DeleteArticle",
                                                 R"(name: "publications/gannan-daily/articles/kangjin" etag: "*")",
                                                 api::ParseDeleteArticle, IdsOf(d::ArticleName())));
  rpcs.push_back(Unary<v1::ListArticleRevisionsRequest>(
      "galley.v1.ArticleService/ListArticleRevisions",
      R"(parent: "publications/gannan-daily/articles/kangjin" page_size: 2)",
      [](const v1::ListArticleRevisionsRequest& request) {
        return api::ParseListArticleRevisions(request, PageTokens());
      },
      [](const auto&, const api::RevisionPage& page, RpcOutcome& outcome) {
        RequireListOf(d::ArticleName(), page.list);
        Require(page.before >= 0, "a negative revision number accepted");
        outcome.fingerprint = page.list.fingerprint;
      }));
  rpcs.push_back(Unary<v1::GetArticleRevisionRequest>(
      "galley.v1.ArticleService/GetArticleRevision", R"(name: "publications/gannan-daily/articles/kangjin/revisions/2")",
      api::ParseGetArticleRevision, [](const auto&, const api::RevisionCommand& command, RpcOutcome&) {
        RequireIds(d::ArticleRevisionName(), command.ids);
        Require(command.number >= 1, "a revision number below 1 accepted");
      }));
  rpcs.push_back(Unary<v1::RestoreArticleRevisionRequest>(
      "galley.v1.ArticleService/RestoreArticleRevision",
      R"(name: "publications/gannan-daily/articles/kangjin/revisions/1" etag: "*" request_id: "r-3")",
      api::ParseRestoreArticleRevision, [](const auto&, const api::RevisionCommand& command, RpcOutcome&) {
        RequireIds(d::ArticleRevisionName(), command.ids);
        Require(command.number >= 1, "a revision number below 1 accepted");
      }));
  rpcs.push_back(Unary<v1::SubmitArticleRequest>("galley.v1.ArticleService/SubmitArticle",
                                                 R"(name: "publications/gannan-daily/articles/kangjin" etag: "*")",
                                                 ArticleAction(api::ParseSubmitArticle), AcceptAction));
  rpcs.push_back(Unary<v1::ApproveArticleRequest>(
      "galley.v1.ArticleService/ApproveArticle",
      R"(name: "publications/gannan-daily/articles/kangjin" etag: "*" request_id: "r-4")",
      ArticleAction(api::ParseApproveArticle), AcceptAction));
  rpcs.push_back(Unary<v1::RejectArticleRequest>(
      "galley.v1.ArticleService/RejectArticle",
      R"(name: "publications/gannan-daily/articles/kangjin" etag: "*" note: "导语太长,请压缩到两句")",
      ArticleAction(api::ParseRejectArticle), AcceptAction));
  rpcs.push_back(Unary<v1::PublishArticleRequest>(
      "galley.v1.ArticleService/PublishArticle",
      R"(name: "publications/gannan-daily/articles/kangjin" etag: "*" correction: "更正:原文第二段数字有误"
         publish_time { seconds: 1778536800 nanos: 500000000 })",
      ArticleAction(api::ParsePublishArticle), AcceptAction));
  rpcs.push_back(Unary<v1::UnpublishArticleRequest>(
      "galley.v1.ArticleService/UnpublishArticle",
      R"(name: "publications/gannan-daily/articles/kangjin" etag: "*" reason: "待核实")",
      ArticleAction(api::ParseUnpublishArticle), AcceptAction));
  rpcs.push_back(Unary<v1::KillArticleRequest>(
      "galley.v1.ArticleService/KillArticle",
      R"(name: "publications/gannan-daily/articles/kangjin" etag: "*" reason: "法院禁令")",
      ArticleAction(api::ParseKillArticle), AcceptAction));
  rpcs.push_back(Unary<v1::ImportArticlesRequest>(
      "galley.v1.ArticleService/ImportArticles",
      R"(section: "publications/gannan-daily/issues/2026-05-12/sections/a03" request_id: "r-5"
         text: "## 稀土产业链加速延伸\n\n本报记者 尹才霞\n\n记者从市工信局获悉,我市稀土新材料产业链向下游延伸……\n\n永磁电机生产线 薛顺鑫摄\n")",
      api::ParseImportArticles, [](const auto&, const api::ImportCommand& command, RpcOutcome&) {
        RequireName(d::SectionName(), command.section);
        for (const auto& content : command.contents) RequireContent(content);
      }));

  // PhotoService: UploadPhoto's first message; the bytes that follow are image_info_fuzz's.
  rpcs.push_back(Unary<v1::UploadPhotoRequest>(
      "galley.v1.PhotoService/UploadPhoto",
      R"(metadata { parent: "publications/gannan-daily" photo_id: "kangjin-aerial" request_id: "r-6"
                    photo { caption: "赣州康晋储能技术有限公司航拍图" credit: "薛顺鑫摄" alt_text: "厂区航拍"
                            photographer: "publications/gannan-daily/contributors/xue-shunxin" } })",
      api::ParseUploadPhotoMetadata, [](const auto&, const d::Photo& photo, RpcOutcome&) { RequirePhoto(photo); }));
  rpcs.push_back(Unary<v1::GetPhotoRequest>("galley.v1.PhotoService/GetPhoto",
                                            R"(name: "publications/gannan-daily/photos/kangjin-aerial")",
                                            api::ParseGetPhoto, IdsOf(d::PhotoName())));
  rpcs.push_back(Unary<v1::ListPhotosRequest>(
      "galley.v1.PhotoService/ListPhotos",
      R"(parent: "publications/gannan-daily" filter: "create_time > \"2026-05-01T00:00:00+08:00\"")",
      WithPageTokens(api::ParseListPhotos), ListOf(d::PublicationName())));
  rpcs.push_back(Unary<v1::UpdatePhotoRequest>(
      "galley.v1.PhotoService/UpdatePhoto",
      R"(photo { name: "publications/gannan-daily/photos/kangjin-aerial" caption: "航拍图" etag: "*" }
         update_mask { paths: "caption" })",
      api::ParseUpdatePhoto, [](const auto& request, const auto& update, RpcOutcome&) {
        d::Photo stored;
        stored.publication_id = update.ids[0];
        stored.id = update.ids[1];
        stored.mime_type = "image/png";
        RequireChange(update, stored, request.descriptor(), RequirePhoto);
      }));
  rpcs.push_back(Unary<v1::DeletePhotoRequest>("galley.v1.PhotoService/DeletePhoto",
                                               R"(name: "publications/gannan-daily/photos/kangjin-aerial" etag: "*")",
                                               api::ParseDeletePhoto, IdsOf(d::PhotoName())));
  rpcs.push_back(Unary<v1::DownloadPhotoRequest>("galley.v1.PhotoService/DownloadPhoto",
                                                 R"(name: "publications/gannan-daily/photos/kangjin-aerial")",
                                                 api::ParseDownloadPhoto, IdsOf(d::PhotoName())));

  // FeedService
  const auto accept_changes = [](const auto&, const api::ChangesQuery& query, RpcOutcome&) {
    Require(query.after_sequence >= 0, "a negative sequence accepted");
    Require(query.page_size >= 1 && query.page_size <= api::kMaxChangePageSize, "a page size out of range");
    if (!query.publication_id.empty()) RequireIds(d::PublicationName(), {query.publication_id});
  };
  rpcs.push_back(Unary<v1::ListChangesRequest>(
      "galley.v1.FeedService/ListChanges",
      R"(after_sequence: 42 page_size: 100 publication: "publications/gannan-daily" include_ninjs: true)",
      api::ParseListChanges, accept_changes));
  rpcs.push_back(Unary<v1::StreamChangesRequest>("galley.v1.FeedService/StreamChanges",
                                                 R"(after_sequence: 42 publication: "publications/gannan-daily")",
                                                 api::ParseStreamChanges, accept_changes));

  // AccessService
  rpcs.push_back(Unary<v1::CreateTokenRequest>(
      "galley.v1.AccessService/CreateToken",
      R"(token { principal: "yin.caixia@gannan.example" role: REPORTER expire_time { seconds: 4102444800 } }
         request_id: "r-7")",
      api::ParseCreateToken, [](const auto&, const d::AccessToken& token, RpcOutcome&) {
        RequireName(d::AccessTokenName(), token.Name());
        Storable(token.principal);
        Require(token.role >= d::Role::kReader && token.role <= d::Role::kAdmin, "a role out of range accepted");
      }));
  rpcs.push_back(Unary<v1::ListTokensRequest>("galley.v1.AccessService/ListTokens",
                                              R"(filter: "role = EDITOR" order_by: "create_time desc")",
                                              WithPageTokens(api::ParseListTokens), TopLevelList()));
  rpcs.push_back(Unary<v1::RevokeTokenRequest>("galley.v1.AccessService/RevokeToken", R"(name: "tokens/abc123")",
                                               api::ParseRevokeToken, IdsOf(d::AccessTokenName())));
  rpcs.push_back(Unary<v1::ListAuditEventsRequest>(
      "galley.v1.AccessService/ListAuditEvents", R"(page_size: 20 filter: "principal = \"zhang.wei\"")",
      WithPageTokens(api::ParseListAuditEvents), TopLevelList()));
  return rpcs;
}

}  // namespace

const std::vector<Rpc>& Rpcs() {
  static const std::vector<Rpc> rpcs = MakeRpcs();
  return rpcs;
}

std::string EncodePageToken(const std::string& fingerprint, const std::vector<std::string>& last_key) {
  return PageTokens().Encode(fingerprint, last_key);
}

}  // namespace galley::fuzz
