"""Loading the packaged JSON Schemas into a `referencing` registry.

The schemas live in `schemas/` at the top of the repository and are copied to `rt_codec/schemas/` in the wheel.
Both places are looked up, so a source checkout and an installed package behave alike.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import orjson
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from rt_codec import catalogue

BASE_URI: Final = "https://rt-codec.invalid/schemas/"
DIALECTS: Final = catalogue.DIALECTS
DIRECTIONS: Final = catalogue.DIRECTIONS

Schema = Mapping[str, Any]


def schema_dir() -> Path:
    """The directory holding the schemas: inside the installed package, else the source checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / "unions").is_dir():
            return candidate
    raise FileNotFoundError(f"rt_codec schemas not found next to {here}")


def _iter_files(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.json"))


# The schema files the generator made plain for overlay dialects (copies of base files with their
# changes, the overlays' union documents): read after the hand-written ones, they take their place.
GENERATED_DIR: Final = Path(__file__).resolve().parent / "_generated" / "schemas"


@functools.cache
def load_schemas() -> Mapping[str, Schema]:
    """Every schema file, keyed by its path relative to the schema directory (POSIX separators)."""
    out: dict[str, Schema] = {}
    for root in (schema_dir(), GENERATED_DIR):
        if not root.is_dir():
            continue
        for path in _iter_files(root):
            rel = path.relative_to(root).as_posix()
            if rel.split("/")[1:2] == ["patches"]:
                continue  # an overlay's changes to a base file: not a schema (the copy is)
            out[rel] = orjson.loads(path.read_bytes())
    return out


@functools.cache
def load_registry(*, keep_dialect: bool = True) -> Registry[Any]:
    """A registry holding every packaged schema under its `$id`; nothing is fetched from the network.

    With `keep_dialect=False` the `$schema` keywords are left out (all files are Draft 2020-12), so
    that a validator class extended with custom keywords stays in charge across `$ref`s: jsonschema
    switches to the stock class of whatever dialect a referenced file declares."""
    resources = []
    for schema in load_schemas().values():
        contents = (
            dict(schema) if keep_dialect else {k: v for k, v in schema.items() if k != "$schema"}
        )
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((str(schema["$id"]), resource))
    return Registry().with_resources(resources).crawl()


def uri_of(relpath: str) -> str:
    """The `$id` of the schema file at `relpath` (e.g. `models/response.json`)."""
    return BASE_URI + relpath


@functools.cache
def event_schema_paths(dialect: str, direction: str) -> Mapping[str, str]:
    """Wire type -> schema file path, for one dialect and direction (from the generated catalogue,
    which reads the union documents)."""
    if dialect not in DIALECTS or direction not in DIRECTIONS:
        raise ValueError(f"unknown dialect/direction {dialect!r}/{direction!r}")
    return {wire: info.schema for wire, info in catalogue.events(dialect, direction).items()}
