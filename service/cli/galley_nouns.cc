// Each verb names its method and which field its argument fills; the flags
// come from the request (request_flags.h). Adding a method is adding a line.
#include "cli/galley_nouns.h"

#include "cli/commands.h"
#include "domain/article.h"
#include "domain/contributor.h"
#include "domain/issue.h"
#include "domain/photo.h"
#include "domain/publication.h"

namespace galley::cli {

namespace {

// What a caller sets on a new token; the server fills in the rest.
const domain::ResourceFields& TokenFields() {
  static const domain::ResourceFields kFields{{"principal", "role", "expire_time"},
                                              {"name", "create_time", "revoke_time", "creator"}};
  return kFields;
}

// An article in the importer's text form, written in any editor.
const FileFlag kStoryFile{"story-file", "article",
                          "the article as text: # kicker, ## headline, names, paragraphs (README \"Importing a page\")",
                          FileForm::kStory};

std::vector<Noun> MakeNouns() {
  const std::string publications = "galley.v1.PublicationService/";
  const std::string issues = "galley.v1.IssueService/";
  const std::string articles = "galley.v1.ArticleService/";
  const std::string contributors = "galley.v1.ContributorService/";
  const std::string photos = "galley.v1.PhotoService/";
  const std::string access = "galley.v1.AccessService/";
  const std::string feed = "galley.v1.FeedService/";
  return {
      {"publication",
       "The newspapers this server holds.",
       {
           {"create", publications + "CreatePublication", "", "create a publication",
            {{"publication_id", "id", "", "the publication id, e.g. gannan-daily"},
             {"publication.language", "", "zh-Hans", "default language (BCP 47)"},
             {"publication.time_zone", "", "Asia/Shanghai", "IANA time zone"}}},
           {"get", publications + "GetPublication", "name", "show a publication"},
           {"list", publications + "ListPublications", "", "list publications"},
           {"update", publications + "UpdatePublication", "publication.name",
            "change the fields given (--etag: the one you read, or '*')"},
       },
       &domain::PublicationFields()},
      {"issue",
       "A publication's daily issues: publications/P/issues/DATE.",
       {
           {"create", issues + "CreateIssue", "parent", "plan an issue of publication PARENT"},
           {"get", issues + "GetIssue", "name", "show an issue"},
           {"list", issues + "ListIssues", "parent", "list a publication's issues"},
           {"update", issues + "UpdateIssue", "issue.name", "change the fields given"},
           {"delete", issues + "DeleteIssue", "name", "delete an issue"},
           {"publish", issues + "PublishIssue", "name", "publish the issue and every article placed in it"},
       },
       &domain::IssueFields()},
      {"section",
       "The pages of an issue: publications/P/issues/DATE/sections/S.",
       {
           {"create", issues + "CreateSection", "parent", "add a section to issue PARENT"},
           {"get", issues + "GetSection", "name", "show a section"},
           {"list", issues + "ListSections", "parent", "list an issue's sections"},
           {"update", issues + "UpdateSection", "section.name", "change the fields given"},
           {"delete", issues + "DeleteSection", "name", "delete a section"},
       },
       &domain::SectionFields()},
      {"article",
       "Articles, their revisions and their workflow: publications/P/articles/A.",
       {
           {"create", articles + "CreateArticle", "parent", "write a draft in publication PARENT", {},
            {kStoryFile}},
           {"get", articles + "GetArticle", "name", "show an article (--view ARTICLE_VIEW_PUBLISHED: the live one)"},
           {"list", articles + "ListArticles", "parent", "list a publication's articles"},
           {"update", articles + "UpdateArticle", "article.name", "change the fields given", {}, {kStoryFile}},
           {"delete", articles + "DeleteArticle", "name", "delete an article"},
           {"search", articles + "SearchArticles", "parent", "search a publication's articles (--query)"},
           {"revisions", articles + "ListArticleRevisions", "parent", "list an article's revisions, newest first"},
           {"revision", articles + "GetArticleRevision", "name", "show one revision"},
           {"restore", articles + "RestoreArticleRevision", "name", "bring revision NAME's content back"},
           {"submit", articles + "SubmitArticle", "name", "DRAFT -> SUBMITTED"},
           {"approve", articles + "ApproveArticle", "name", "SUBMITTED -> APPROVED"},
           {"reject", articles + "RejectArticle", "name", "SUBMITTED -> DRAFT, with a --note"},
           {"publish", articles + "PublishArticle", "name", "APPROVED -> PUBLISHED (or SCHEDULED)"},
           {"unpublish", articles + "UnpublishArticle", "name", "PUBLISHED or SCHEDULED -> UNPUBLISHED"},
           {"kill", articles + "KillArticle", "name", "any state -> KILLED, for good (--reason)"},
           {"attach-photo", "", "", "place an uploaded photo in a PHOTO block (an imported caption)", {}, {},
            RunAttachPhoto},
           {"import", articles + "ImportArticles", "section",
            "turn a page of print text into drafts placed in SECTION, in page order", {},
            {{"text-file", "text", "the page as the print system exports it (README \"Importing a page\")"}}},
       },
       &domain::ArticleFields()},
      {"contributor",
       "The people bylines name: publications/P/contributors/C.",
       {
           {"create", contributors + "CreateContributor", "parent", "add a contributor"},
           {"get", contributors + "GetContributor", "name", "show a contributor"},
           {"list", contributors + "ListContributors", "parent", "list a publication's contributors"},
           {"update", contributors + "UpdateContributor", "contributor.name", "change the fields given"},
           {"delete", contributors + "DeleteContributor", "name", "delete a contributor"},
       },
       &domain::ContributorFields()},
      {"photo",
       "Photos and their bytes: publications/P/photos/F.",
       {
           {"upload", "", "", "upload an image FILE (see --help)", {}, {}, RunPhotoUpload},
           {"download", "", "", "write photo NAME's bytes to stdout or --output FILE", {}, {}, RunPhotoDownload},
           {"get", photos + "GetPhoto", "name", "show a photo's metadata"},
           {"list", photos + "ListPhotos", "parent", "list a publication's photos"},
           {"update", photos + "UpdatePhoto", "photo.name", "change the fields given"},
           {"delete", photos + "DeletePhoto", "name", "delete a photo"},
       },
       &domain::PhotoFields()},
      {"token",
       "Access tokens, through AccessService (admins). To bootstrap a fresh install with no token\n"
       "yet, `galley token create --database-url URL --name NAME --role ROLE` writes one straight\n"
       "into the database instead (see `galley token create --database-url URL --help`).",
       {
           {"create", access + "CreateToken", "", "create a token; its secret is shown once"},
           {"list", access + "ListTokens", "", "list tokens"},
           {"revoke", access + "RevokeToken", "name", "revoke a token"},
       },
       &TokenFields()},
      {"audit",
       "The audit log: who called what, when, with what outcome.",
       {
           {"list", access + "ListAuditEvents", "", "list audit events, newest first"},
       }},
      {"feed",
       "The change feed: what was published, in commit order.",
       {
           {"follow", "", "", "print changes as JSON lines as they commit (see --help)", {}, {}, RunFeedFollow},
           {"list", feed + "ListChanges", "", "one page of changes after --after-sequence"},
       }},
  };
}

}  // namespace

const std::vector<Noun>& GalleyNouns() {
  static const std::vector<Noun> nouns = MakeNouns();
  return nouns;
}

const Noun* FindNoun(const std::string& name) {
  for (const auto& noun : GalleyNouns()) {
    if (noun.name == name) return &noun;
  }
  return nullptr;
}

}  // namespace galley::cli
