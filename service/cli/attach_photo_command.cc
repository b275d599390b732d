// `galley article attach-photo ARTICLE --photo PHOTO [--block N]`: places an
// uploaded photo in a PHOTO block of an article, typically a caption the
// importer brought in without its picture. It reads the article, sets the
// block's photo and saves it with the etag it read, so an edit made in
// between is never overwritten (ABORTED: read and try again).
#include <iostream>

#include "app/exit_codes.h"
#include "cli/client.h"
#include "cli/commands.h"
#include "cli/resource_command.h"
#include "galley/v1/article_service.grpc.pb.h"

namespace galley::cli {

namespace {

// The block `wanted` names (-1: the first PHOTO block without a photo).
int PhotoBlock(const v1::Article& article, int wanted) {
  if (wanted >= 0) {
    if (wanted >= article.body_size() || article.body(wanted).kind() != v1::Block::PHOTO) {
      throw app::UsageError("galley article attach-photo: block " + std::to_string(wanted) + " of " +
                            article.name() + " is not a PHOTO block");
    }
    return wanted;
  }
  for (int i = 0; i < article.body_size(); ++i) {
    if (article.body(i).kind() == v1::Block::PHOTO && article.body(i).photo().empty()) return i;
  }
  throw app::UsageError("galley article attach-photo: " + article.name() +
                        " has no PHOTO block waiting for a photo; name one with --block N");
}

}  // namespace

int RunAttachPhoto(const app::Args& args) {
  std::vector<app::OptionSpec> specs{
      {"photo", "", "", "the photo to place, e.g. publications/gannan-daily/photos/kangjin-aerial (required)"},
      {"block", "", "-1", "which body block (from 0); default: the first PHOTO block without a photo"}};
  for (auto& spec : CommandOptionSpecs()) specs.push_back(std::move(spec));
  app::Options options("article attach-photo ARTICLE",
                       "Places an uploaded photo in a PHOTO block of the article (an imported caption waiting\n"
                       "for its picture), keeping the block's caption and credit.",
                       specs);
  if (!options.Parse(args, 1)) return app::kExitOk;
  if (options.positional().empty()) throw app::UsageError("galley article attach-photo: give the article name");
  if (options.Get("photo").empty()) throw app::UsageError("galley article attach-photo: --photo is required");
  const int wanted = options.GetInt("block", -1, 100000);

  auto stub = v1::ArticleService::NewStub(Connect(options));
  v1::GetArticleRequest get;
  get.set_name(options.positional()[0]);
  get.set_view(v1::ARTICLE_VIEW_WORKING_COPY);
  v1::Article article;
  if (const auto status = stub->GetArticle(NewContext(options).get(), get, &article); !status.ok()) {
    return ReportFailure(status);
  }
  article.mutable_body(PhotoBlock(article, wanted))->set_photo(options.Get("photo"));
  v1::UpdateArticleRequest update;
  *update.mutable_article() = article;
  update.mutable_update_mask()->add_paths("body");
  v1::Article updated;
  if (const auto status = stub->UpdateArticle(NewContext(options).get(), update, &updated); !status.ok()) {
    return ReportFailure(status);
  }
  PrintResponse(updated, options);
  return app::kExitOk;
}

}  // namespace galley::cli
