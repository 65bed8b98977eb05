"""`python -m rt_codec.selfcheck [CAPTURE.jsonl ...]`: check the packaged schemas, then sample traffic.

The schema check: every file is a valid Draft 2020-12 schema, every `$ref` resolves, and every union
member is an event with a `type` const. Each capture line is an envelope
`{"direction": "client"|"server", "event": {...}}` (optional `"dialect"`, default realtime); its event is
validated (rt_codec.validation), decoded strictly and encoded back to the same JSON.
Exit status: 0 clean, 1 findings, 2 unreadable input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from referencing.exceptions import Unresolvable

from rt_codec._schemas import (
    DIALECTS,
    DIRECTIONS,
    event_schema_paths,
    load_registry,
    load_schemas,
    uri_of,
)


def _refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield pointer, value
            else:
                yield from _refs(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{pointer}/{index}")


def schema_problems() -> list[str]:
    """Every problem found in the packaged schemas, one readable line each; empty when all is well."""
    problems: list[str] = []
    registry = load_registry()
    for rel, schema in load_schemas().items():
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            problems.append(f"{rel}: not a valid 2020-12 schema: {exc.message}")
        resolver = registry.resolver(base_uri=uri_of(rel))
        for pointer, ref in _refs(schema):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                problems.append(f"{rel}#{pointer}: $ref {ref!r} does not resolve")
    for dialect in DIALECTS:
        for direction in DIRECTIONS:
            try:
                event_schema_paths(dialect, direction)
            except (KeyError, TypeError) as exc:
                problems.append(f"unions/{dialect}-{direction}.json: bad member ({exc})")
    return problems


def capture_problems(path: str) -> tuple[int, list[str]]:
    """(events checked, problems) for one envelope JSONL capture: each event is validated, decoded
    strictly, and encoded back to the same JSON."""
    from rt_codec._reading import read_object
    from rt_codec.codec import decode_with_dialect, encode_event
    from rt_codec.validation import validate

    problems: list[str] = []
    count = 0
    with open(path, "rb") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            count += 1
            where = f"{path}:{lineno}"
            envelope, reading = read_object(line.strip())
            problems += [f"{where}: {v}" for v in reading]
            if envelope is None or reading:
                continue
            if not isinstance(envelope.get("event"), dict):
                problems.append(f"{where}: expected an object with an `event` object")
                continue
            event = envelope["event"]
            dialect = envelope.get("dialect", "realtime")
            direction = envelope.get("direction")
            if dialect not in DIALECTS or direction not in DIRECTIONS:
                problems.append(f"{where}: unknown dialect/direction {dialect!r}/{direction!r}")
                continue
            found = validate(event, dialect, direction)
            problems += [f"{where}: {event.get('type')} {violation}" for violation in found]
            if found:
                continue
            decoded = decode_with_dialect(dialect, direction, event, strict=True)
            if orjson.loads(encode_event(decoded)) != event:
                problems.append(f"{where}: {event.get('type')} does not survive decode and encode")
    return count, problems


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    problems = schema_problems()
    schemas = load_schemas()
    print(f"schemas: {len(schemas)} files, {len(problems)} problems")
    for dialect in DIALECTS:
        for direction in DIRECTIONS:
            print(f"  {dialect}/{direction}: {len(event_schema_paths(dialect, direction))} events")
    for path in args:
        try:
            count, found = capture_problems(path)
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
            return 2
        print(f"{path}: {count} events, {len(found)} problems")
        problems.extend(found)
    for problem in problems:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
