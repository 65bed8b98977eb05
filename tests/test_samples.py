"""Every check on the official examples in tests/samples, in one place, with one exceptions file
(tests/samples/exceptions.json): each event example matches its schema, decodes strictly, goes back
to the same JSON and validates (but for the findings the exceptions file lists, with why); each REST
example the same; and the samples are the reference's examples, verbatim but for the repaired ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator

import rt_codec
from rt_codec import UnknownEvent, catalogue, rest
from rt_codec.codec import decode_with_dialect
from rt_codec.validation import validate
from tests.conftest import DATA, SAMPLES, no_reference, rest_sample_files, sample_files

EXCEPTIONS = orjson.loads((SAMPLES / "exceptions.json").read_bytes())
REPAIRED: dict[str, str] = EXCEPTIONS["repaired"]
FINDINGS: dict[str, set[tuple[str, str]]] = {
    rel: {(pointer, rule) for pointer, rule in entry["findings"]}
    for rel, entry in EXCEPTIONS["findings"].items()
}
REGISTRY = rt_codec.load_registry()


def _rel(sample: Path) -> str:
    return sample.relative_to(SAMPLES).as_posix()


@pytest.mark.parametrize("sample", sample_files(), ids=[_rel(p) for p in sample_files()])
def test_event_example(sample: Path) -> None:
    dialect, direction, wire = sample.relative_to(SAMPLES).parts[:3]
    raw = sample.read_bytes()
    event = orjson.loads(raw)
    assert event["type"] == wire
    # The schema of the event the type names (an alias is checked as the event it stands for).
    info = catalogue.lookup(dialect, direction, wire)
    assert info is not None, wire
    schema = Draft202012Validator({"$ref": rt_codec.uri_of(info.schema)}, registry=REGISTRY)
    errors = [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in schema.iter_errors({**event, "type": info.type})
    ]
    assert errors == []
    # Strict decoding, and back to the same JSON both ways.
    typed = decode_with_dialect(dialect, direction, raw, strict=True)
    assert not isinstance(typed, UnknownEvent)
    assert typed.wire_type == wire
    assert orjson.loads(rt_codec.encode_event(typed)) == event
    assert rt_codec.event_to_dict(typed) == event
    # rt_codec's verdict: nothing, or what the exceptions file says.
    found = {(v.path, v.rule) for v in validate(raw, dialect, direction)}
    assert found == FINDINGS.get(_rel(sample), set())


@pytest.mark.parametrize("sample", rest_sample_files(), ids=[_rel(p) for p in rest_sample_files()])
def test_rest_example(sample: Path) -> None:
    stem = sample.relative_to(SAMPLES / "rest").parts[0]
    keys = [k for k, info in catalogue.BODIES.items() if info.schema == f"rest/{stem}.json"]
    assert len(keys) == 1, stem
    endpoint, body = keys[0]
    raw = sample.read_bytes()
    typed = rest.decode_body(endpoint, body, raw, strict=True)
    assert rest.body_to_dict(typed) == orjson.loads(raw)
    assert orjson.loads(rest.encode_body(typed)) == orjson.loads(raw)
    found = {(v.path, v.rule) for v in rest.validate_body(endpoint, body, raw)}
    assert found == FINDINGS.get(_rel(sample), set())


def test_the_exceptions_name_real_samples_and_say_why() -> None:
    for rel in [*REPAIRED, *FINDINGS]:
        assert (SAMPLES / rel).is_file(), rel
    for rel, entry in EXCEPTIONS["findings"].items():
        assert entry["why"] and entry["findings"], rel
    assert all(REPAIRED.values())


def test_every_reference_event_and_body_has_an_example() -> None:
    reference = orjson.loads((DATA / "reference_event_types.json").read_bytes())
    for key, types in reference.items():
        for wire in types:
            assert (SAMPLES / key / wire / "spec.json").is_file(), f"{key}/{wire}"
    with_examples = {
        f"rest/{p.relative_to(SAMPLES / 'rest').parts[0]}.json" for p in rest_sample_files()
    }
    # the Live API's bodies have no official examples (they are not in the Realtime reference)
    realtime = {i.schema for i in catalogue.BODIES.values() if "realtime" in i.endpoint}
    assert realtime - with_examples == set()


def reference_events(spec: dict[str, Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The reference's event components per dialect and direction: the members of its union
    components, and for beta (which has no union component) every `RealtimeBeta*Event*`."""
    schemas = spec["components"]["schemas"]
    unions = {
        ("realtime", "client"): "RealtimeClientEvent",
        ("realtime", "server"): "RealtimeServerEvent",
        ("translation", "client"): "RealtimeTranslationClientEvent",
        ("translation", "server"): "RealtimeTranslationServerEvent",
    }
    out = {
        key: [schemas[m["$ref"].rsplit("/", 1)[-1]] for m in schemas[name]["anyOf"]]
        for key, name in unions.items()
    }
    for direction in catalogue.DIRECTIONS:
        prefix = f"RealtimeBeta{direction.capitalize()}Event"
        out["beta", direction] = [v for k, v in schemas.items() if k.startswith(prefix)]
    return out


def test_samples_are_the_reference_examples(reference_spec: dict[str, Any]) -> None:
    """The samples are the official examples verbatim, but for the repaired ones (not strict JSON)."""
    broken = set()
    for (dialect, direction), components in reference_events(reference_spec).items():
        for component in components:
            wire = component["properties"]["type"]["enum"][0]
            example = component["x-oaiMeta"]["example"]
            rel = f"{dialect}/{direction}/{wire}/spec.json"
            try:
                parsed = orjson.loads(example)
            except orjson.JSONDecodeError:
                broken.add(rel)
                continue
            if parsed.get("type") != wire:
                broken.add(rel)
                continue
            assert parsed == orjson.loads((SAMPLES / rel).read_bytes()), rel
    assert broken == {rel for rel in REPAIRED if rel.endswith("/spec.json")}


def test_reference_list_is_current(reference_spec: dict[str, Any]) -> None:
    listed = orjson.loads((DATA / "reference_event_types.json").read_bytes())
    for (dialect, direction), components in reference_events(reference_spec).items():
        types = sorted(c["properties"]["type"]["enum"][0] for c in components)
        assert types == listed[f"{dialect}/{direction}"], (dialect, direction)


def test_a_missing_reference_fails_where_ci_requires_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RT_CODEC_REFERENCE_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception):
        no_reference()
    monkeypatch.delenv("RT_CODEC_REFERENCE_REQUIRED")
    with pytest.raises(pytest.skip.Exception):
        no_reference()
