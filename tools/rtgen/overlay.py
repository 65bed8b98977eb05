"""Overlay dialects: a dialect written as additions to another (Azure Voice Live over beta), not as
copies of its files.

An overlay is a pair of union documents `unions/<name>-client.json` and `-server.json` that say
`"x-overlay": {"base": "beta", "prefix": "VoiceLive"}` and list only the overlay's own events, its
own files under `schemas/<name>/` (events in `client/` and `server/`, models anywhere else), and
patches: `schemas/<name>/patches/<path of a base file>` holds what the overlay changes in that file:

    {"add":    {"/properties": {"avatar": {"$ref": "../../models/avatar.json"}}},
     "append": {"/properties/modalities/items/enum": ["animation", "avatar"]},
     "remove": {"/required": ["usage"]}}

`add` puts new keys into the object at a JSON Pointer (a key already there is an error), `append`
adds values to the array at a pointer (a value already there is an error), `remove` takes values
out of one (a value not there is an error). `$ref`s in a patch are relative to the patch file.

`materialize` turns that into plain schema files the loader reads like any other: each base file
the overlay changes, and each base file that refers to one (down to the events), is copied under
`<name>/base/<its path>` with the patch applied, its `$ref`s pointing at the copies, its titles given
the overlay's prefix (`BetaSession` -> `VoiceLiveSession`) and the other dialects' annotations taken
off; the overlay's union documents become the base's members (copies where changed) plus its own.
Files the overlay leaves alone are shared with the base, classes included."""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field
from typing import Any

from rtgen.model import SchemaError, Source

Json = dict[str, Any]
DIRECTIONS = ("client", "server")
# Annotations about one dialect's relation to another: they stay with the base file.
_FOREIGN = ("x-ga-event", "x-not-upstream")
_FOREIGN_FIELD = ("x-ga", "x-beta", "x-convert", "x-no-counterpart", "x-one-way")
_OPS = ("add", "append", "remove")


@dataclass
class Overlay:
    name: str
    base: str
    prefix: str
    # rel of each materialized file -> the base file it was copied from (or itself, for the
    # overlay's own files and union documents)
    origin: dict[str, str] = field(default_factory=dict)


def _refs(node: Any) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            out.append(ref)
        for value in node.values():
            out += _refs(value)
    elif isinstance(node, list):
        for value in node:
            out += _refs(value)
    return out


def _target(rel: str, ref: str) -> tuple[str, str]:
    path, _, fragment = ref.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)) if path else rel
    return target, fragment


def _relative(frm: str, to: str) -> str:
    return posixpath.relpath(to, posixpath.dirname(frm) or ".")


def _rewrite_refs(node: Any, rel: str, new_rel: str, moved: dict[str, str]) -> Any:
    """`node` (written at `rel`) with each `$ref` pointing from `new_rel` at the same file, or at its
    copy where it has one."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                target, fragment = _target(rel, value)
                target = moved.get(target, target)
                out[key] = _relative(new_rel, target) + (f"#{fragment}" if fragment else "")
            else:
                out[key] = _rewrite_refs(value, rel, new_rel, moved)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(value, rel, new_rel, moved) for value in node]
    return node


def _strip(node: Any) -> Any:
    """The other dialects' field annotations taken off, everywhere in a copied file."""
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in _FOREIGN_FIELD}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _retitle(node: Any, prefix: str, base_prefix: str) -> Any:
    """Every title in a copied file given the overlay's prefix (the base's taken off), so that
    the copy's classes, unions and enums are the overlay's own."""
    if isinstance(node, dict):
        out = {k: _retitle(v, prefix, base_prefix) for k, v in node.items()}
        title = node.get("title")
        if isinstance(title, str):
            bare = title[len(base_prefix) :] if title.startswith(base_prefix) else title
            out["title"] = prefix + bare
        return out
    if isinstance(node, list):
        return [_retitle(v, prefix, base_prefix) for v in node]
    return node


def _at(doc: Json, pointer: str, src: Source) -> Any:
    node: Any = doc
    for token in [t for t in pointer.split("/") if t]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SchemaError(src, f"patch: {pointer!r} is not in the base file")
    return node


def _apply(doc: Json, patch: Json, patch_rel: str, base_rel: str) -> None:
    """Apply a patch (its `$ref`s made relative to the base file) to a copy of the base file."""
    unknown = set(patch) - {*_OPS, "$comment"}
    if unknown:
        raise SchemaError(Source(patch_rel), f"patch: unknown operations {sorted(unknown)}")
    for op in _OPS:
        changes = patch.get(op, {})
        if not isinstance(changes, dict):
            raise SchemaError(Source(patch_rel, f"/{op}"), f"patch: {op} maps JSON Pointers")
        for pointer, value in changes.items():
            src = Source(patch_rel, f"/{op}/{pointer.replace('~', '~0').replace('/', '~1')}")
            value = _rewrite_refs(value, patch_rel, base_rel, {})
            node = _at(doc, pointer, src)
            if op == "add":
                if not isinstance(node, dict) or not isinstance(value, dict):
                    raise SchemaError(src, "patch: add puts an object's keys into an object")
                for key in value:
                    if key in node:
                        raise SchemaError(src, f"patch: {key!r} is already there")
                node.update(value)
                continue
            if not isinstance(node, list) or not isinstance(value, list):
                raise SchemaError(src, f"patch: {op} takes a list of values, at an array")
            for item in value:
                if op == "append":
                    if item in node:
                        raise SchemaError(src, f"patch: {item!r} is already there")
                    node.append(item)
                elif item in node:
                    node.remove(item)
                else:
                    raise SchemaError(src, f"patch: {item!r} is not there to remove")


def _union_members(files: dict[str, Json], rel: str) -> list[str]:
    return [_target(rel, m["$ref"])[0] for m in files[rel].get("oneOf", []) if "$ref" in m]


def _reachable(files: dict[str, Json], roots: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        rel = stack.pop()
        if rel in seen or rel not in files:
            continue
        seen.add(rel)
        stack += [_target(rel, ref)[0] for ref in _refs(files[rel])]
    return seen


def overlays(files: dict[str, Json]) -> list[Overlay]:
    """The overlay dialects the union documents declare, each checked to name a base dialect."""
    out: dict[str, Overlay] = {}
    for rel in sorted(files):
        if not rel.startswith("unions/") or not rel.endswith(".json"):
            continue
        name, _, direction = posixpath.basename(rel)[: -len(".json")].rpartition("-")
        declared = files[rel].get("x-overlay")
        if declared is None or direction not in DIRECTIONS:
            continue
        src = Source(rel, "/x-overlay")
        if (
            not isinstance(declared, dict)
            or set(declared) != {"base", "prefix"}
            or not all(isinstance(v, str) and v for v in declared.values())
            or f"unions/{declared['base']}-{direction}.json" not in files
            or "x-overlay" in files[f"unions/{declared['base']}-{direction}.json"]
        ):
            raise SchemaError(
                src, "x-overlay is {base: a dialect that is no overlay, prefix: a class prefix}"
            )
        overlay = Overlay(name, declared["base"], declared["prefix"])
        if out.setdefault(name, overlay) != overlay:
            raise SchemaError(src, "x-overlay: the client and server documents disagree")
    for name in out:
        for direction in DIRECTIONS:
            if f"unions/{name}-{direction}.json" not in files:
                raise SchemaError(
                    Source(f"unions/{name}-{direction}.json"), "union document missing"
                )
    return list(out.values())


def materialize(files: dict[str, Json], overlay: Overlay) -> dict[str, Json]:
    """The files the overlay adds or changes, by path: copies of the base files it changes (and of
    those that refer to them), its own files with `$ref`s to those copies, and its union documents
    with the base's members."""
    base_unions = [f"unions/{overlay.base}-{d}.json" for d in DIRECTIONS]
    world = _reachable(files, [m for u in base_unions for m in _union_members(files, u)])
    patch_dir = f"{overlay.name}/patches/"
    patches = {rel[len(patch_dir) :]: rel for rel in files if rel.startswith(patch_dir)}
    for base_rel, patch_rel in sorted(patches.items()):
        if base_rel not in world:
            raise SchemaError(
                Source(patch_rel),
                f"patch of {base_rel}, which the {overlay.base} dialect never reaches",
            )
    # What the overlay reaches besides: base files its own files and its patches refer to (a GA
    # model a patch brings in must also see the overlay's changes to what it holds).
    own_files = [
        rel for rel in files if rel.startswith(f"{overlay.name}/") and rel not in patches.values()
    ]
    added = [
        _target(patch_rel, ref)[0]
        for patch_rel in patches.values()
        for ref in _refs(files[patch_rel])
    ]
    world |= {
        rel
        for rel in _reachable(files, [*own_files, *added])
        if not rel.startswith(f"{overlay.name}/")
    }
    # What changes: the patched files, and every file of the base's that refers to one.
    changed = set(patches)
    grew = True
    while grew:
        grew = False
        for rel in sorted(world - changed):
            if any(_target(rel, ref)[0] in changed for ref in _refs(files[rel])):
                changed.add(rel)
                grew = True
    moved = {rel: f"{overlay.name}/base/{rel}" for rel in sorted(changed)}
    base_prefix = "Beta" if overlay.base == "beta" else ""
    out: dict[str, Json] = {}
    for rel, new_rel in moved.items():
        doc = copy.deepcopy(files[rel])
        if rel in patches:
            patch = files[patches[rel]]
            _apply(doc, patch, patches[rel], rel)
        doc = _rewrite_refs(doc, rel, new_rel, moved)
        doc = {k: v for k, v in _strip(doc).items() if k not in _FOREIGN}
        doc = _retitle(doc, overlay.prefix, base_prefix)
        if "title" not in doc and doc.get("type") == "object" and "properties" in doc:
            wire = doc["properties"].get("type", {}).get("const")
            if isinstance(wire, str):
                doc["title"] = (
                    overlay.prefix
                    + "".join(part.capitalize() for part in wire.replace(".", "_").split("_"))
                    + "Event"
                )
        doc["$id"] = _id_of(files[rel], rel, new_rel)
        out[new_rel] = doc
        overlay.origin[new_rel] = rel
    # The overlay's own files, pointing at the copies.
    own = f"{overlay.name}/"
    for rel in sorted(files):
        if rel.startswith(own) and not rel.startswith(patch_dir) and rel not in out:
            rewritten = _rewrite_refs(files[rel], rel, rel, moved)
            if rewritten != files[rel]:
                out[rel] = rewritten
            overlay.origin[rel] = rel
    for direction in DIRECTIONS:
        rel = f"unions/{overlay.name}-{direction}.json"
        base = files[f"unions/{overlay.base}-{direction}.json"]
        members = [
            {"$ref": _relative(rel, moved.get(m, m))}
            for m in _union_members(files, f"unions/{overlay.base}-{direction}.json")
        ]
        doc = {k: v for k, v in files[rel].items() if k != "oneOf"}
        doc["oneOf"] = members + list(files[rel].get("oneOf", []))
        if "x-closed" in base and "x-closed" not in doc:
            doc["x-closed"] = base["x-closed"]
        out[rel] = doc
        overlay.origin[rel] = rel
    return out


def _id_of(doc: Json, rel: str, new_rel: str) -> str:
    old = doc.get("$id")
    if isinstance(old, str) and old.endswith(rel):
        return old[: -len(rel)] + new_rel
    return new_rel
