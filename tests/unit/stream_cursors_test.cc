// Where the open change streams are: the slowest one's place, for the lag
// /metrics reports, and nothing once every stream has ended.
#include "feed/stream_cursors.h"

#include <gtest/gtest.h>

#include <optional>

namespace galley::feed {
namespace {

TEST(StreamCursorsTest, TheSlowestOpenStreamIsTheOneFurthestBehind) {
  StreamCursors cursors;
  EXPECT_EQ(cursors.Slowest(), std::nullopt);
  std::optional<StreamCursors::Cursor> replaying;
  replaying.emplace(cursors, 0);
  StreamCursors::Cursor live(cursors, 120);
  EXPECT_EQ(cursors.Slowest(), 0);
  replaying->Advance(100);
  EXPECT_EQ(cursors.Slowest(), 100);
  replaying->Advance(130);
  EXPECT_EQ(cursors.Slowest(), 120);
  replaying.reset();  // it ended
  EXPECT_EQ(cursors.Slowest(), 120);
}

TEST(StreamCursorsTest, NoStreamOpenIsNoPlace) {
  StreamCursors cursors;
  { StreamCursors::Cursor ended(cursors, 7); }
  EXPECT_EQ(cursors.Slowest(), std::nullopt);
}

}  // namespace
}  // namespace galley::feed
