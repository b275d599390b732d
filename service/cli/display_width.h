// How many terminal columns text takes: CJK and full-width characters take
// two, combining marks none. Tables of Chinese headlines line up only when
// they are padded by this, not by bytes or code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace galley::cli {

// The columns `utf8` takes on a terminal; a byte that is not valid UTF-8
// counts as one column.
std::size_t DisplayWidth(std::string_view utf8);

// `utf8` if it fits in `max_width` columns; else as much of it as fits with
// "…" at the end, cut between characters, never inside one.
std::string CutToWidth(std::string_view utf8, std::size_t max_width);

}  // namespace galley::cli
