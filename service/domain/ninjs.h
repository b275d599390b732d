// The change log as IPTC ninjs 2.1 (shared/specs/ninjs-schema_2.1.json), for
// syndication partners that know nothing of Galley's own messages.
//
// Every change becomes one ninjs document about the resource it changed,
// identified by `urn:galley:{resource name}` (stable across versions):
// - an article going live or corrected: the full text item, `usable`, its
//   `version` the published revision, headlines with the roles `main`,
//   `kicker` and `subheadline`, the body as HTML and as plain text, `by` and
//   `people` from the bylines, `located` from the dateline, tags as
//   `subjects`, and each photo it shows as an association (a `picture`
//   with its caption, credit and the `original` rendition);
// - unpublished: `withheld`; killed: `canceled` (remove every copy); both
//   with the reason as `ednote`, and no content;
// - an issue: a `composite` whose associations are its articles in print
//   order;
// - a photo's new metadata: the `picture` item alone.
#pragma once

#include <string>

#include "domain/change.h"

namespace galley::domain {

// The change as one ninjs JSON document.
std::string NinjsOf(const Change& change);

// How ninjs identifies a Galley resource: "urn:galley:" + its name.
std::string NinjsUri(const std::string& resource_name);

}  // namespace galley::domain
