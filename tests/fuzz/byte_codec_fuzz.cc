// libFuzzer target: the decoders of the bytes the store keeps (domain/
// byte_codec.h and its users: an article's body, bylines and corrections,
// the photo snapshot of the change log). Stored bytes are not request
// input, but a corrupt row must be an error, not a crash. Whatever the bytes:
// - DecodeBody, DecodeBylines, DecodeCorrections and DecodePhotoSnapshot
//   throw INTERNAL, or return values that encode back to exactly those
//   bytes (nothing read loosely, nothing dropped);
// - values cut from the input encode and decode back to themselves;
// - ByteReader, driven by the first byte (one bit per read: string or
//   integer), reads nothing outside the bytes, and once a read fails every
//   later read fails and it is not at the end.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/article.h"
#include "domain/byte_codec.h"
#include "domain/change.h"
#include "domain/error.h"
#include "domain/photo.h"
#include "fuzz_contract.h"

namespace {

namespace d = galley::domain;
using galley::fuzz::Require;

template <typename Decode, typename Encode>
void CheckDecoder(const std::string& bytes, Decode decode, Encode encode, const char* what) {
  try {
    const auto value = decode(bytes);
    Require(encode(value) == bytes, what);
  } catch (const d::Error& error) {
    galley::fuzz::RequireRefusal(error, d::ErrorCode::kInternal, true);
  }
}

bool SamePhoto(const d::Photo& a, const d::Photo& b) { return d::EncodePhotoSnapshot(a) == d::EncodePhotoSnapshot(b); }

void CheckRoundTrips(const std::vector<std::string>& parts) {
  auto part = [&parts](std::size_t i) { return i < parts.size() ? parts[i] : std::string(); };
  auto number = [&parts](std::size_t i) {
    std::uint64_t value = 0;
    for (const char c : i < parts.size() ? parts[i] : std::string()) value = value * 31 + static_cast<unsigned char>(c);
    return static_cast<std::int64_t>(value);
  };
  std::vector<d::Block> body;
  std::vector<d::Byline> bylines;
  std::vector<d::Correction> corrections;
  for (std::size_t i = 0; i < parts.size(); i += 4) {
    body.push_back({part(i), part(i + 1), part(i + 2), part(i + 3)});
    bylines.push_back({part(i + 3), part(i + 2), part(i + 1), part(i)});
    corrections.push_back({part(i), d::Timestamp(std::chrono::microseconds(number(i + 1))), number(i + 2),
                           number(i + 3)});
  }
  const auto decoded_body = d::DecodeBody(d::EncodeBody(body));
  Require(d::EncodeBody(decoded_body) == d::EncodeBody(body) && decoded_body.size() == body.size(),
          "a body does not round-trip");
  const auto decoded_bylines = d::DecodeBylines(d::EncodeBylines(bylines));
  Require(d::EncodeBylines(decoded_bylines) == d::EncodeBylines(bylines) && decoded_bylines.size() == bylines.size(),
          "bylines do not round-trip");
  Require(d::DecodeCorrections(d::EncodeCorrections(corrections)) == corrections, "corrections do not round-trip");

  d::Photo photo;
  photo.publication_id = part(0);
  photo.id = part(1);
  photo.caption = part(2);
  photo.credit = part(3);
  photo.photographer = part(4);
  photo.alt_text = part(5);
  photo.mime_type = part(6);
  photo.sha256 = part(7);
  photo.width = static_cast<int>(number(8) & 0x7FFFFFFF);
  photo.height = static_cast<int>(number(9) & 0x7FFFFFFF);
  photo.size_bytes = number(10);
  photo.version = number(11);
  photo.create_time = d::Timestamp(std::chrono::microseconds(number(12)));
  photo.update_time = d::Timestamp(std::chrono::microseconds(number(13)));
  Require(SamePhoto(d::DecodePhotoSnapshot(d::EncodePhotoSnapshot(photo)), photo), "a photo does not round-trip");
}

void CheckReader(const std::string& bytes) {
  if (bytes.empty()) return;
  const auto program = static_cast<unsigned char>(bytes[0]);
  const std::string input = bytes.substr(1);
  d::ByteReader reader(input);
  d::ByteWriter writer;
  bool failed = false;
  for (int step = 0; step < 8; ++step) {
    bool ok;
    if (program >> step & 1) {
      std::string value;
      ok = reader.String(value);
      if (ok) writer.String(value);
    } else {
      std::int64_t value = 0;
      ok = reader.Int(value);
      if (ok) writer.Int(value);
    }
    Require(!(failed && ok), "a read succeeded after one failed");
    failed = failed || !ok;
  }
  Require(input.compare(0, writer.bytes().size(), writer.bytes()) == 0, "what was read does not encode back");
  Require(reader.AtEnd() == (!failed && writer.bytes().size() == input.size()), "AtEnd is wrong");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes = galley::fuzz::AsString(data, size);
  CheckDecoder(bytes, d::DecodeBody, d::EncodeBody, "a decoded body encodes to other bytes");
  CheckDecoder(bytes, d::DecodeBylines, d::EncodeBylines, "decoded bylines encode to other bytes");
  CheckDecoder(bytes, d::DecodeCorrections, d::EncodeCorrections, "decoded corrections encode to other bytes");
  CheckDecoder(bytes, d::DecodePhotoSnapshot, d::EncodePhotoSnapshot, "a decoded photo encodes to other bytes");
  CheckReader(bytes);
  CheckRoundTrips(galley::fuzz::SplitOn(bytes, '\n'));
  return 0;
}
