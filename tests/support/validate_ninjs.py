#!/usr/bin/python3
"""Validates ninjs documents against the IPTC ninjs 2.1 JSON Schema.

Usage: validate_ninjs.py SCHEMA FILE
FILE holds one JSON document a line. Exits 0 when every one is valid, 1 and
each error (line number, path, message) on stderr otherwise, 2 on bad usage.

Formats are checked too (uri, date-time), which jsonschema leaves alone
unless asked. The schema's reference to the GeoJSON schema online is taken
as an open object: tests run without a network.
"""
import datetime
import json
import re
import sys

import jsonschema
import rfc3987

GEOJSON = "https://geojson.org/schema/GeoJSON.json"
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def format_checker():
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not DATE_TIME.match(value):
            return False
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    @checker.checks("uri", raises=ValueError)
    def is_uri(value):
        if not isinstance(value, str):
            return True
        rfc3987.parse(value, rule="URI")  # raises ValueError when it is not one
        return True

    return checker


def validator_for(schema):
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    try:  # jsonschema 4.18 and later
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        registry = Registry().with_resource(GEOJSON, Resource(contents={}, specification=DRAFT202012))
        return cls(schema, registry=registry, format_checker=format_checker())
    except ImportError:  # Debian 12's jsonschema 4.10
        resolver = jsonschema.RefResolver.from_schema(schema, store={GEOJSON: {}, GEOJSON + "#": {}})
        return cls(schema, resolver=resolver, format_checker=format_checker())


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        validator = validator_for(json.load(f))
    failures = 0
    documents = 0
    with open(argv[2], encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            documents += 1
            for error in validator.iter_errors(json.loads(line)):
                failures += 1
                path = "/".join(str(part) for part in error.absolute_path)
                print(f"line {number}: /{path}: {error.message}", file=sys.stderr)
    if documents == 0:
        print("no documents to validate", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
