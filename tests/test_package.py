"""The package as an import: submodules are reachable as attributes, and `import rt_codec` loads
only what decoding and encoding need (the rest loads on first use)."""

from __future__ import annotations

import json
import subprocess
import sys

import rt_codec
from tests.conftest import ROOT

SUBMODULES = sorted(rt_codec._SUBMODULES)


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_import_loads_only_the_codec() -> None:
    loaded = set(
        json.loads(_run("import json, sys, rt_codec; print(json.dumps(sorted(sys.modules)))"))
    )
    eager = {"codec", "catalogue"}  # what decoding and encoding stand on
    assert {n for n in SUBMODULES if f"rt_codec.{n}" in loaded} == eager
    assert {"rt_codec.builders", "rt_codec.integrations"}.isdisjoint(loaded)
    assert {"jsonschema", "hypothesis", "openai", "websockets", "aiohttp"}.isdisjoint(loaded)


def test_every_submodule_is_an_attribute_loaded_on_first_use() -> None:
    names = json.loads(
        _run(
            "import json, rt_codec\n"
            f"names = {SUBMODULES!r}\n"
            "out = {}\n"
            "for n in names:\n"
            "    if n == 'strategies':\n"
            "        continue  # needs hypothesis; checked below\n"
            "    out[n] = getattr(rt_codec, n).__name__\n"
            "print(json.dumps(out))"
        )
    )
    assert names == {n: f"rt_codec.{n}" for n in SUBMODULES if n != "strategies"}
    assert rt_codec.strategies.__name__ == "rt_codec.strategies"  # hypothesis is installed here


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    try:
        rt_codec.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("no AttributeError")
