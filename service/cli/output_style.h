// What the table output shows of each message type: the columns of a list
// of it, and how it reads as one line inside another resource (a byline in
// an article). Types it does not name get a generic layout from their
// fields (render.h), so a new resource prints before anyone styles it.
#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace galley::cli {

struct Column {
  std::string heading;    // "HEADLINE"
  std::string path;       // a field, or a field of a message field: "article.headline"
  std::size_t max_width;  // longer cells are cut with "…"; 0: never (names, to copy into a command)
};

using LineFormat = std::function<std::string(const google::protobuf::Message&)>;

struct OutputStyle {
  std::map<std::string, std::vector<Column>> columns;  // by message type: "galley.v1.Article"
  std::map<std::string, LineFormat> lines;             // by message type: "galley.v1.Byline"
};

// Galley's resources (galley_output_style.cc).
const OutputStyle& GalleyOutputStyle();

}  // namespace galley::cli
