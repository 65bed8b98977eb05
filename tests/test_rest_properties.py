"""Properties over every REST body, with bodies drawn by the generated strategies (as for events):
lossless round trips, a key removed at any depth, an unknown key added at any depth."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rt_codec import DecodeError, rest
from rt_codec._generated import strategies as generated
from rt_codec._runtime import json_pointer

BODIES = pytest.mark.parametrize(
    ("endpoint", "body"), rest.ENDPOINTS, ids=[" ".join(k) for k in rest.ENDPOINTS]
)
Path = tuple[str | int, ...]


def objects(value: Any, path: Path = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every JSON object inside `value` (itself included), with its path."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from objects(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from objects(item, (*path, index))


def at(value: Any, path: Path) -> Any:
    for key in path:
        value = value[key]
    return value


def lossless(endpoint: str, body: str, value: dict[str, Any]) -> None:
    """Decodes, strictly and not, to what encodes back as the same JSON."""
    for strict in (True, False):
        typed = rest.decode_body(endpoint, body, orjson.dumps(value), strict=strict)
        assert rest.body_to_dict(typed) == value
        assert orjson.loads(rest.encode_body(typed)) == value
    assert rest.decode_body(endpoint, body, value) == typed  # a dict decodes as its text does


@BODIES
@given(data=st.data())
def test_drawn_bodies_are_lossless(endpoint: str, body: str, data: st.DataObject) -> None:
    value = data.draw(generated.REST[endpoint, body])
    lossless(endpoint, body, value)
    assert rest.validate_body(endpoint, body, value) == []


@BODIES
@given(data=st.data())
def test_removing_a_key_anywhere(endpoint: str, body: str, data: st.DataObject) -> None:
    """Without a required key, strict decoding fails at its object and validation says
    `schema.required` there; without any other key, the body decodes and stays without it."""
    value = data.draw(generated.REST[endpoint, body])
    sites = [(path, key) for path, obj in objects(value) for key in obj]
    for path, key in sites:
        mutant = copy.deepcopy(value)
        del at(mutant, path)[key]
        pointer = json_pointer(path)
        missing = [
            v
            for v in rest.validate_body(endpoint, body, mutant)
            if (v.path, v.rule) == (pointer, "schema.required") and f"`{key}`" in v.message
        ]
        if missing:
            with pytest.raises(DecodeError) as caught:
                rest.decode_body(endpoint, body, orjson.dumps(mutant), strict=True)
            assert caught.value.pointer == pointer, (pointer, key)
            assert caught.value.reason == f"Object missing required field `{key}`"
        else:
            lossless(endpoint, body, mutant)


@BODIES
@given(data=st.data())
def test_an_unknown_key_anywhere_is_kept(endpoint: str, body: str, data: st.DataObject) -> None:
    """A key the schema does not name, added to any object (a model, a free-form object, a map of
    strings), survives decode -> encode. Its value is a string, which every map here takes."""
    value = data.draw(generated.REST[endpoint, body])
    paths = [path for path, _obj in objects(value)]
    extra = data.draw(st.sampled_from(["kept", ""]), label="value")
    for path in paths:
        mutant = copy.deepcopy(value)
        target = at(mutant, path)
        name = "x_unknown"
        while name in target:
            name += "_"
        target[name] = extra
        lossless(endpoint, body, mutant)
