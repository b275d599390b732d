#include "auth/method_roles.h"

#include <unordered_map>

namespace galley::auth {

namespace {

using domain::Role;

constexpr MethodAccess Read(Role minimum) { return {minimum, false}; }
constexpr MethodAccess Change(Role minimum) { return {minimum, true}; }

const std::unordered_map<std::string, MethodAccess>& Table() {
  static const std::unordered_map<std::string, MethodAccess> kTable{
      {"galley.v1.PublicationService/CreatePublication", Change(Role::kAdmin)},
      {"galley.v1.PublicationService/GetPublication", Read(Role::kReader)},
      {"galley.v1.PublicationService/ListPublications", Read(Role::kReader)},
      {"galley.v1.PublicationService/UpdatePublication", Change(Role::kAdmin)},

      {"galley.v1.IssueService/CreateIssue", Change(Role::kEditor)},
      {"galley.v1.IssueService/GetIssue", Read(Role::kReader)},
      {"galley.v1.IssueService/ListIssues", Read(Role::kReader)},
      {"galley.v1.IssueService/UpdateIssue", Change(Role::kEditor)},
      {"galley.v1.IssueService/DeleteIssue", Change(Role::kEditor)},
      {"galley.v1.IssueService/CreateSection", Change(Role::kEditor)},
      {"galley.v1.IssueService/GetSection", Read(Role::kReader)},
      {"galley.v1.IssueService/ListSections", Read(Role::kReader)},
      {"galley.v1.IssueService/UpdateSection", Change(Role::kEditor)},
      {"galley.v1.IssueService/DeleteSection", Change(Role::kEditor)},
      {"galley.v1.IssueService/PublishIssue", Change(Role::kPublisher)},

      {"galley.v1.ContributorService/CreateContributor", Change(Role::kEditor)},
      {"galley.v1.ContributorService/GetContributor", Read(Role::kReader)},
      {"galley.v1.ContributorService/ListContributors", Read(Role::kReader)},
      {"galley.v1.ContributorService/UpdateContributor", Change(Role::kEditor)},
      {"galley.v1.ContributorService/DeleteContributor", Change(Role::kEditor)},

      {"galley.v1.ArticleService/CreateArticle", Change(Role::kReporter)},
      {"galley.v1.ArticleService/GetArticle", Read(Role::kReader)},
      {"galley.v1.ArticleService/ListArticles", Read(Role::kReader)},
      {"galley.v1.ArticleService/SearchArticles", Read(Role::kReader)},
      {"galley.v1.ArticleService/UpdateArticle", Change(Role::kReporter)},
      {"galley.v1.ArticleService/DeleteArticle", Change(Role::kReporter)},
      {"galley.v1.ArticleService/ListArticleRevisions", Read(Role::kReporter)},
      {"galley.v1.ArticleService/GetArticleRevision", Read(Role::kReporter)},
      {"galley.v1.ArticleService/RestoreArticleRevision", Change(Role::kReporter)},
      {"galley.v1.ArticleService/SubmitArticle", Change(Role::kReporter)},
      {"galley.v1.ArticleService/ApproveArticle", Change(Role::kEditor)},
      {"galley.v1.ArticleService/RejectArticle", Change(Role::kEditor)},
      {"galley.v1.ArticleService/PublishArticle", Change(Role::kPublisher)},
      {"galley.v1.ArticleService/UnpublishArticle", Change(Role::kPublisher)},
      {"galley.v1.ArticleService/KillArticle", Change(Role::kPublisher)},
      {"galley.v1.ArticleService/ImportArticles", Change(Role::kEditor)},

      {"galley.v1.PhotoService/UploadPhoto", Change(Role::kReporter)},
      {"galley.v1.PhotoService/GetPhoto", Read(Role::kReader)},
      {"galley.v1.PhotoService/ListPhotos", Read(Role::kReporter)},
      {"galley.v1.PhotoService/UpdatePhoto", Change(Role::kEditor)},
      {"galley.v1.PhotoService/DeletePhoto", Change(Role::kEditor)},
      {"galley.v1.PhotoService/DownloadPhoto", Read(Role::kReader)},

      {"galley.v1.AccessService/CreateToken", Change(Role::kAdmin)},
      {"galley.v1.AccessService/ListTokens", Read(Role::kAdmin)},
      {"galley.v1.AccessService/RevokeToken", Change(Role::kAdmin)},
      {"galley.v1.AccessService/ListAuditEvents", Read(Role::kAdmin)},
      {"galley.v1.FeedService/ListChanges", Read(Role::kReader)},
      {"galley.v1.FeedService/StreamChanges", Read(Role::kReader)},
  };
  return kTable;
}

}  // namespace

std::optional<MethodAccess> AccessFor(const std::string& method) {
  const auto it = Table().find(method);
  if (it == Table().end()) return std::nullopt;
  return it->second;
}

}  // namespace galley::auth
