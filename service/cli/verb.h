// The table the resource commands are built from: nouns, their verbs, and
// the few things about a verb that reflection cannot tell (which field the
// positional argument fills, older flag names, file flags).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "domain/update_mask.h"

namespace galley::cli {

// A field whose flag a verb names differently or gives a default, e.g. the
// flags `galley publication create` had before the table: --id, --language.
struct FlagTweak {
  std::string field;  // its path in the request: "publication_id", "publication.language"
  std::string flag;   // empty: the name derived from the field
  std::string default_value;
  std::string help;  // empty: the field's type
};

// What a file flag's text becomes.
enum class FileForm {
  kText,   // the string field it names, as it is
  kStory,  // an article in the importer's text form (cli/story_file.h): the
           // headline, kicker, subheadline, bylines and body of the message field it names
};

// A flag naming a file ("-": stdin) whose text fills a field, for text too
// long or too awkward to quote on a command line.
struct FileFlag {
  std::string flag;   // "text-file"
  std::string field;  // its path in the request: "text"
  std::string help;
  FileForm form = FileForm::kText;
};

struct Verb {
  std::string name;        // "update"
  std::string method;      // "galley.v1.ArticleService/UpdateArticle"
  std::string positional;  // the field the argument fills: "parent", "name", "article.name"; empty: none
  std::string summary;
  std::vector<FlagTweak> tweaks = {};
  std::vector<FileFlag> file_flags = {};
  // Set for a verb the table cannot build (a streaming method): it runs with
  // the arguments after the verb, and `method` is unused.
  std::function<int(const app::Args&)> run = nullptr;
};

struct Noun {
  std::string name;  // "article"
  std::string summary;
  std::vector<Verb> verbs;
  // The resource's fields as the server checks an update mask: only the
  // settable ones (and the etag) get flags. nullptr: every field does.
  const domain::ResourceFields* resource_fields = nullptr;
};

}  // namespace galley::cli
