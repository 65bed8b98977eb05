"""The fast path agrees with jsonschema: on drawn valid events and on mutated ones, the generated
predicate says "valid" exactly when jsonschema (with the base64 keyword) finds nothing."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rt_codec import catalogue, strategies
from rt_codec._base64 import b64_ok, b64_problems, decoded_size
from rt_codec._generated import valid
from rt_codec.validation import schema_validator, validate
from tests.test_properties import EVENTS, IDS

FAST = valid.TABLES
# Rules that cross fields (`x-same-as`): drawn events may break them.
CROSS_FIELD = {
    rule
    for table in catalogue.EVENTS.values()
    for info in table.values()
    for *_, rule in info.agree
}
MUTANTS: list[Any] = [
    True,
    0,
    -1,
    12345,
    0.5,
    1e300,
    "",
    "mutated",
    "AAA",
    None,
    [],
    {},
    [1],
    {"type": "x"},
]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside a JSON value, the root excluded."""
    out: list[tuple[Any, ...]] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        out.append((*prefix, key))
        out.extend(paths(child, (*prefix, key)))
    return out


def mutate(event: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    event = orjson.loads(orjson.dumps(event))
    places = [p for p in paths(event) if p != ("type",)]
    if not places:
        return event
    place = data.draw(st.sampled_from(places), label="place")
    parent: Any = event
    for key in place[:-1]:
        parent = parent[key]
    action = data.draw(st.sampled_from(["replace", "delete", "corrupt"]), label="action")
    if action == "delete" and isinstance(parent, dict):
        del parent[place[-1]]
    elif action == "corrupt" and isinstance(parent[place[-1]], str):
        text = parent[place[-1]]
        where = data.draw(st.integers(0, len(text)), label="at")
        parent[place[-1]] = (
            text[:where] + data.draw(st.sampled_from(["=", "!", "A", "é"])) + text[where:]
        )
    else:
        parent[place[-1]] = data.draw(st.sampled_from(MUTANTS), label="value")
    return event


@pytest.mark.parametrize(("dialect", "direction", "wire"), EVENTS, ids=IDS)
@given(data=st.data())
def test_fast_path_agrees_with_jsonschema(
    dialect: str, direction: str, wire: str, data: st.DataObject
) -> None:
    event = data.draw(strategies.event(wire, direction, dialect))
    fast = FAST[dialect, direction][wire]
    checker = schema_validator(dialect, direction, wire)
    assert fast(event) and not list(checker.iter_errors(event))
    # Drawn events are schema-valid; a rule that crosses fields may still object.
    assert {f.rule for f in validate(orjson.dumps(event), dialect, direction)} <= CROSS_FIELD
    mutant = mutate(event, data)
    errors = list(checker.iter_errors(mutant))
    assert fast(mutant) == (not errors)
    findings = [f for f in validate(mutant, dialect, direction) if f.rule not in CROSS_FIELD]
    if errors:
        assert findings, errors
        for finding in findings:
            assert finding.rule.split(".")[0] in {
                "schema",
                "base64",
                "audio",
                "tool",
                "modalities",
                "temperature",
            }
            assert finding.path == "" or finding.path.startswith("/")
    else:
        assert findings == []
    # Bytes and text take the short road when it holds (compact JSON its predicate and rules pass);
    # a dict never does: the verdicts are the same, on the valid event and on the mutant.
    for value in (event, mutant):
        expected = validate(value, dialect, direction)
        assert validate(orjson.dumps(value), dialect, direction) == expected
        assert validate(orjson.dumps(value).decode(), dialect, direction) == expected


def test_the_short_road_leaves_duplicate_keys_and_big_integers_to_the_reader() -> None:
    compact = b'{"type":"input_audio_buffer.clear","type":"input_audio_buffer.clear"}'
    assert [f.rule for f in validate(compact, "realtime", "client")] == ["json.duplicate_key"]
    big = b'{"type":"response.cancel","event_id":"e","response_id":"r","x":18446744073709551616}'
    assert [f.rule for f in validate(big, "realtime", "client")][:1] == ["json.number"]


_b64ish = st.text(alphabet="AQgw+/=!é\n", max_size=14)


@given(st.one_of(_b64ish, st.binary(max_size=20).map(lambda b: base64.b64encode(b).decode())))
def test_base64_checks_agree(text: str) -> None:
    problems = b64_problems(text)
    assert b64_ok(text) == (problems == [])
    try:
        decoded = binascii.a2b_base64(text, strict_mode=True)
        strictly_valid = len(text) % 4 == 0
    except (binascii.Error, ValueError):
        strictly_valid = False
    if b64_ok(text):
        # Ours is exactly RFC 4648 padded base64: the strict stdlib decoder agrees, and the size
        # computed without decoding is the decoded size.
        assert strictly_valid
        assert decoded_size(text) == len(decoded)
    rules = {rule for rule, _ in problems}
    if len(text) % 4:
        assert "base64.length" in rules
    if any(
        c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=" for c in text
    ):
        assert "base64.alphabet" in rules
