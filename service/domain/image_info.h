// What kind of image some bytes are, and how large, read from the bytes
// themselves (never from a file name): JPEG, PNG, WebP and GIF. Also tells a
// complete file from a truncated one, so a cut-off upload is refused.
#pragma once

#include <optional>
#include <string>

namespace galley::domain {

struct ImageInfo {
  std::string mime_type;  // image/jpeg, image/png, image/webp, image/gif
  int width = 0;
  int height = 0;
};

// The image's type and size, or nullopt when the bytes are not a complete
// image of a supported type with a readable header.
std::optional<ImageInfo> InspectImage(const std::string& bytes);

}  // namespace galley::domain
