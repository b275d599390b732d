#include "domain/page_token.h"

#include <gtest/gtest.h>

#include "domain/digest.h"
#include "domain/error.h"

namespace galley::domain {
namespace {

const PageTokenCodec kCodec("0123456789abcdef0123456789abcdef");

void ExpectRejected(const std::string& fingerprint, const std::string& token) {
  try {
    kCodec.Decode(fingerprint, token);
    ADD_FAILURE() << "accepted token " << token;
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.field_violations().at(0).field, "page_token");
  }
}

TEST(PageTokenCodec, RoundTripsTheCursor) {
  const std::vector<std::string> cursor{"2026-05-12 08:00:00+00", "赣南"};
  const auto token = kCodec.Encode("q", cursor);
  EXPECT_EQ(kCodec.Decode("q", token), cursor);
  EXPECT_TRUE(kCodec.Decode("q", "").empty());
}

TEST(PageTokenCodec, RejectsAnEditedToken) {
  const auto token = kCodec.Encode("q", {"abc"});
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string edited = token;
    edited[i] = edited[i] == 'A' ? 'B' : 'A';
    ExpectRejected("q", edited);
  }
}

TEST(PageTokenCodec, RejectsATokenForAnotherQuery) { ExpectRejected("other", kCodec.Encode("q", {"abc"})); }

TEST(PageTokenCodec, RejectsATokenSignedWithAnotherSecret) {
  const PageTokenCodec other("another secret");
  ExpectRejected("q", other.Encode("q", {"abc"}));
}

TEST(PageTokenCodec, RejectsGarbage) {
  ExpectRejected("q", "not a token!");
  ExpectRejected("q", "AAAA");
  ExpectRejected("q", std::string(10000, 'A'));
  ExpectRejected("q", Base64UrlEncode(std::string(40, '\0')));
}

}  // namespace
}  // namespace galley::domain
