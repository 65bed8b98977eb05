#!/usr/bin/env python3
"""Where our schemas and the published OpenAI Realtime API disagree.

    python tools/spec_diff.py OPENAPI.json|OPENAPI.yaml [--schemas DIR] [--allow FILE] [--json]
    python tools/spec_diff.py --sdk [--schemas DIR] [--allow FILE] [--json]

The upstream side is an OpenAI OpenAPI document (the Realtime subset or the whole API: only the
Realtime part is compared, that is the `Realtime*` event components, the paths with `realtime` in
their name and the `realtime.*` webhooks), or with `--sdk` the installed openai package: the JSON
Schemas pydantic gives for its Realtime and Live event unions and its realtime and live webhooks,
brought to the document's form (see `normalise_pydantic`). A dialect whose union documents say
`"x-not-upstream": {"openapi": why}` (the Live API) is compared with the SDK only. A YAML document needs PyYAML.

Both sides are read as trees of alternatives: `$ref`s are followed, OpenAPI's `nullable`, one-member
`allOf`, single-value enums (`x-stainless-const`) and open enums (`anyOf [string, string enum]`) are
brought to one form, and unions are flattened. Events are paired by dialect, direction and wire type
(beta events also through `x-aliases`), REST bodies by `x-endpoint` and `x-body`; then each pair is
walked in parallel through object properties, array items, map values and union members (objects
paired by their `type`/`role` constants, everything else by JSON kind). The spec's events are the
members of its event unions and every other component named like one (`RealtimeClientEvent*`, ...).

Every finding has a stable key, `<our file>#<pointer> <code> [<detail>]` (events and REST bodies use
`<dialect>/<direction>` or `rest` in place of the file), so a difference in a shared model is reported
once, at the model. Descriptions, titles, examples, defaults and limits are not compared.

The allow-list holds the keys (fnmatch patterns allowed) of differences we keep on purpose, each with
a `#` comment saying why. Without `--allow`, `tools/spec_diff_allow.txt` (`tools/spec_diff_sdk_allow.txt`
with `--sdk`) is used when `--schemas` is not given either. Exit status: 0 when every finding is
allowed, 1 on unexplained findings or stale allow-list entries, 2 on a usage error or a file that
cannot be read.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib
import itertools
import json
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
DEFAULT_SCHEMAS = HERE.parent / "schemas"
DEFAULT_ALLOW = HERE / "spec_diff_allow.txt"
DEFAULT_SDK_ALLOW = HERE / "spec_diff_sdk_allow.txt"

DIRECTIONS = ("client", "server")
DISCRIMINATORS = ("type", "role")
# Keywords that give a schema a shape; a union member with none of them only adds a constraint
# (say `{"required": [...]}`) and is left out of the comparison.
SHAPE_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "properties",
        "items",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "additionalProperties",
        "nullable",
    }
)
SCALARS = ("string", "integer", "number", "boolean")
WEBHOOK_COMPONENT = "WebhookRealtimeCallIncoming"
# The SDK's event unions: dialect, module, client union(s), server union(s). Where a dialect has
# several unions of one direction (the Live API's primary connection and sideband), their members
# are taken together, each wire type once (the first union's member).
SDK_UNIONS: tuple[tuple[str, str, str | tuple[str, ...], str | tuple[str, ...]], ...] = (
    ("realtime", "openai.types.realtime", "RealtimeClientEvent", "RealtimeServerEvent"),
    (
        "translation",
        "openai.types.realtime",
        "RealtimeTranslationClientEvent",
        "RealtimeTranslationServerEvent",
    ),
    ("beta", "openai.types.beta.realtime", "RealtimeClientEvent", "RealtimeServerEvent"),
    (
        "live",
        "openai.types.live",
        ("ClientEvent", "ConnectClientEvent"),
        ("ServerEvent", "ConnectServerEvent"),
    ),
)
# The upstream sides: an OpenAPI document, or the SDK. A union document's `x-not-upstream` maps
# the upstream sides that lack the dialect to why (`{"openapi": "..."}`).
UPSTREAMS = ("openapi", "sdk")
SDK_WEBHOOKS = "openai.types.webhooks"
# Set by `normalise_pydantic`: on an `Optional[X] = None` field, whether null is sent is not said;
# on Python's `object` (`{}`), what JSON it takes is not said.
NULL_UNSAID = "x-null-unsaid"
TYPE_UNSAID = "x-type-unsaid"

Json = Any


class DiffError(Exception):
    """A file that cannot be read or a `$ref` that leads nowhere: exit status 2."""


# --- documents and locations -------------------------------------------------------------------


class Loc(NamedTuple):
    """A place in one side's documents: a file (ours) or "" (the OpenAPI document), and a pointer."""

    doc: str
    ptr: str

    def __str__(self) -> str:
        return f"{self.doc}#{self.ptr}"

    def child(self, *tokens: str | int) -> Loc:
        escaped = (str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
        return Loc(self.doc, self.ptr + "".join("/" + t for t in escaped))


class Side:
    """One side's JSON documents, with `$ref` resolution and a cache of flattened schemas."""

    def __init__(self, name: str, docs: dict[str, Json], *, openapi: bool) -> None:
        self.name = name
        self.docs = docs
        self.openapi = openapi
        self.flat: dict[Loc, list[Alt]] = {}

    def node(self, loc: Loc) -> Json:
        if loc.doc not in self.docs:
            raise DiffError(f"{self.name}: no document {loc.doc!r}")
        value = self.docs[loc.doc]
        for raw in loc.ptr.split("/")[1:]:
            token = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                raise DiffError(f"{self.name}: nothing at {loc}")
        return value

    def resolve(self, loc: Loc, ref: object) -> Loc:
        if not isinstance(ref, str):
            raise DiffError(f"{self.name}: $ref at {loc} is not a string")
        target, _, fragment = ref.partition("#")
        if not target:
            return Loc(loc.doc, fragment)
        if self.openapi:
            raise DiffError(f"{self.name}: external $ref {ref!r} at {loc}")
        doc = posixpath.normpath(posixpath.join(posixpath.dirname(loc.doc), target))
        if doc not in self.docs:
            raise DiffError(f"{self.name}: $ref {ref!r} at {loc} names no schema file")
        return Loc(doc, fragment)

    def canonical(self, loc: Loc) -> Loc:
        """Follow `$ref`s that are the whole schema, so a shared model is named by its own file."""
        seen = {loc}
        node = self.node(loc)
        while (
            isinstance(node, dict)
            and "$ref" in node
            and not (SHAPE_KEYWORDS - {"$ref"}) & node.keys()
        ):
            loc = self.resolve(loc, node["$ref"])
            if loc in seen:
                break
            seen.add(loc)
            node = self.node(loc)
        return loc

    def home(self, loc: Loc) -> Loc:
        """Where a schema's differences belong: through whole-schema `$ref`s, and through a nullable
        wrapper `anyOf [{"$ref": ...}, {"type": "null"}]`, to the model itself."""
        for _ in range(64):  # a bound, in case of a cycle
            loc = self.canonical(loc)
            wrapped = self.unwrap(loc)
            if wrapped is None:
                break
            loc = wrapped
        return loc

    def unwrap(self, loc: Loc) -> Loc | None:
        """The `$ref` member of a nullable wrapper, if `loc` is one."""
        node = self.node(loc)
        if not isinstance(node, dict):
            return None
        for keyword in ("anyOf", "oneOf"):
            members = node.get(keyword)
            if not isinstance(members, list) or (SHAPE_KEYWORDS - {keyword}) & node.keys():
                continue
            others = [i for i, m in enumerate(members) if m != {"type": "null"}]
            if len(others) != 1:
                continue
            member = members[others[0]]
            if isinstance(member, dict) and member.keys() & SHAPE_KEYWORDS == {"$ref"}:
                return loc.child(keyword, others[0])
        return None


# --- the normal form ---------------------------------------------------------------------------


@dataclass
class Alt:
    """One alternative of a schema once unions are flattened: a single JSON kind.

    Scalars carry `values` (each JSON-encoded) when an enum or const restricts them; objects carry
    their properties, each as a location to follow.
    """

    kind: str
    loc: Loc
    values: frozenset[str] | None = None
    props: dict[str, Loc] = field(default_factory=dict)
    declares_props: bool = False
    required: frozenset[str] = frozenset()
    items: Loc | None = None
    extra: Loc | None = None  # additionalProperties as a schema: the type of a map's values


def kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def encode(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def decode_label(value: str) -> str:
    decoded = json.loads(value)
    return decoded if isinstance(decoded, str) else value


def has_shape(node: object) -> bool:
    return not isinstance(node, dict) or bool(SHAPE_KEYWORDS & node.keys())


def flatten(side: Side, loc: Loc) -> list[Alt]:
    """The alternatives a schema allows, each of one JSON kind (scalar ones not yet merged)."""
    cached = side.flat.get(loc)
    if cached is not None:
        return cached
    side.flat[loc] = [Alt("any", loc)]  # a schema that contains itself reads as "anything"
    result = _flatten(side, loc)
    side.flat[loc] = result
    return result


def _flatten(side: Side, loc: Loc) -> list[Alt]:
    node = side.node(loc)
    if node is False:
        return []
    if not isinstance(node, dict):
        return [Alt("any", loc)]
    alts: list[Alt] | None = None
    if "$ref" in node:
        alts = list(flatten(side, side.resolve(loc, node["$ref"])))
    for keyword in ("anyOf", "oneOf"):
        members = node.get(keyword)
        if isinstance(members, list) and any(has_shape(m) for m in members):
            found = [
                alt
                for index, member in enumerate(members)
                if has_shape(member)
                for alt in flatten(side, loc.child(keyword, index))
            ]
            alts = found if alts is None else intersect(alts, found)
    members = node.get("allOf")
    if isinstance(members, list):
        for index, member in enumerate(members):
            if has_shape(member):
                found = flatten(side, loc.child("allOf", index))
                alts = found if alts is None else intersect(alts, found)
    own = own_alts(node, loc)
    if own is not None:
        alts = own if alts is None else intersect(alts, own)
    elif alts is not None and isinstance(node.get("required"), list):
        # `{"$ref": ..., "required": [...]}`: the model, with those fields required here.
        named = frozenset(r for r in node["required"] if isinstance(r, str))
        alts = [replace(a, required=a.required | named) if a.kind == "object" else a for a in alts]
    if alts is None:
        alts = [Alt("any", loc)]
    if node.get("nullable") is True and not any(a.kind in ("null", "any") for a in alts):
        alts = [*alts, Alt("null", loc)]
    return alts


def own_alts(node: dict[str, Json], loc: Loc) -> list[Alt] | None:
    """The alternatives a schema states itself (`type`, `properties`, `items`, `enum`, `const`)."""
    values: list[Json] | None = None
    if "const" in node:
        values = [node["const"]]
    elif isinstance(node.get("enum"), list):
        values = list(node["enum"])
    declared = node.get("type")
    if isinstance(declared, str):
        kinds = [declared]
    elif isinstance(declared, list):
        kinds = [k for k in declared if isinstance(k, str)]
    elif "properties" in node or "additionalProperties" in node:
        kinds = ["object"]
    elif "items" in node:
        kinds = ["array"]
    elif values is not None:
        kinds = sorted({kind_of(v) for v in values})
    else:
        return None
    alts: list[Alt] = []
    for kind in kinds:
        alt = Alt(kind, loc)
        if kind == "object":
            properties = node.get("properties")
            if isinstance(properties, dict):
                alt.props = {name: loc.child("properties", name) for name in properties}
                alt.declares_props = True
            required = node.get("required")
            if isinstance(required, list):
                alt.required = frozenset(r for r in required if isinstance(r, str))
            if isinstance(node.get("additionalProperties"), dict):
                alt.extra = loc.child("additionalProperties")
        elif kind == "array":
            if isinstance(node.get("items"), dict):
                alt.items = loc.child("items")
        elif kind in SCALARS and values is not None:
            accepted = {kind, "integer"} if kind == "number" else {kind}
            alt.values = frozenset(encode(v) for v in values if kind_of(v) in accepted)
        alts.append(alt)
    return alts


def intersect(left: list[Alt], right: list[Alt]) -> list[Alt]:
    """Both schemas at once (allOf, or a `$ref`/union beside keywords of its own)."""
    if any(a.kind == "any" for a in right):
        return left
    if any(a.kind == "any" for a in left):
        return right
    result: list[Alt] = []
    for a in left:
        for b in right:
            if a.kind != b.kind:
                continue
            merged = Alt(a.kind, a.loc)
            if a.values is None or b.values is None:
                merged.values = a.values if b.values is None else b.values
            else:
                merged.values = a.values & b.values
            merged.props = {**a.props, **b.props}
            merged.declares_props = a.declares_props or b.declares_props
            merged.required = a.required | b.required
            merged.items = b.items or a.items
            merged.extra = b.extra or a.extra
            result.append(merged)
    return result


@dataclass
class Scalar:
    """All alternatives of one scalar kind, merged: `values` None means any value of the kind."""

    values: frozenset[str] | None
    open: bool


def merge_scalars(alts: list[Alt], kind: str) -> Scalar:
    """An open enum (`anyOf [string, string enum]`) is its known values, plus "open"."""
    restricted = [a.values for a in alts if a.kind == kind and a.values is not None]
    anything = any(a.kind == kind and a.values is None for a in alts)
    if not restricted:
        return Scalar(None, False)
    return Scalar(frozenset().union(*restricted), anything)


def kinds(alts: list[Alt]) -> set[str]:
    return {a.kind for a in alts}


def closed_values(side: Side, loc: Loc) -> frozenset[str] | None:
    """The string constants a schema allows, when it allows nothing else."""
    alts = flatten(side, loc)
    if kinds(alts) != {"string"}:
        return None
    scalar = merge_scalars(alts, "string")
    return None if scalar.open else scalar.values


# --- findings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    key: str
    code: str
    location: str
    detail: str
    subject: str  # the event or body that reached it first, e.g. "realtime/server response.done"
    path: str  # where in that event, e.g. "/response/usage"
    message: str
    group: str  # the file it belongs to, or "<dialect>/<direction>" / "rest"
    upstream: str  # the spec's schema it was compared with, e.g. "#/components/schemas/X"

    def line(self) -> str:
        sign = "+" if ".upstream-only" in self.code else "-" if ".ours-only" in self.code else "~"
        where = f"{self.subject} {self.path}".rstrip()
        return f"{sign} {where}: {self.message}"


@dataclass
class Member:
    """An object alternative of a union, under its discriminator label (`type=message,role=user`).

    A `virtual` member is an object that stands for several variants: one whose discriminator is
    an enum (the spec often describes all content parts as one object), or one without any
    discriminator facing a union (`spread`). Each variant is paired on its own."""

    alt: Alt
    label: str
    virtual: bool = False


def unique(alts: Iterable[Alt]) -> list[Alt]:
    """Alternatives without repeats (by identity), in order."""
    return list({id(alt): alt for alt in alts}.values())


def spread(lone: list[Member], others: list[Member]) -> list[Member]:
    """One object without a discriminator against several variants: it stands for each of them."""
    if len(lone) == 1 and not lone[0].label and len(others) > 1 and all(m.label for m in others):
        return [Member(lone[0].alt, m.label, virtual=True) for m in others]
    return lone


def missing(member: Member, paired: list[str]) -> bool:
    """Whether an unpaired member is a variant the other side lacks. Of a merged object, `type=t` is
    one when nothing of type t was paired, and `type=t,role=r` when other variants of type t were
    paired by their role; the rest are only combinations of its enums."""
    if not member.virtual:
        return True
    first, _, second = member.label.partition(",")
    under = [label for label in paired if label.partition(",")[0] == first]
    if not second:
        return not under
    return any("," in label for label in under)


def partly(alts: list[Alt]) -> frozenset[str]:
    """The fields some of the objects require and others do not."""
    if not alts:
        return frozenset()
    every = frozenset.intersection(*(a.required for a in alts))
    return frozenset().union(*(a.required for a in alts)) - every


@dataclass
class MergedUse:
    """How one merged upstream object fared in every union it was paired in. It may stand for
    variants spread over several of ours (the SDK's beta content part serves every message role),
    so what one union leaves of it is judged at the end (`Comparer.finish`)."""

    paired: set[str] = field(default_factory=set)  # its labels paired anywhere
    fields: set[str] = field(default_factory=set)  # the fields of the variants paired with it
    left: dict[str, tuple[Member, str, Where]] = field(default_factory=dict)  # first place left
    owners: dict[str, tuple[Loc, Where]] = field(default_factory=dict)  # where to report a field


@dataclass(frozen=True)
class Where:
    """How a comparison got here: the event or body, the path in it, the spec's schema compared."""

    subject: str
    path: str
    upstream: str = ""

    def to(self, step: str) -> Where:
        return Where(self.subject, self.path + step, self.upstream)

    def at(self, upstream: Loc) -> Where:
        return Where(self.subject, self.path, str(upstream))


class Comparer:
    def __init__(self, ours: Side, spec: Side) -> None:
        self.ours = ours
        self.spec = spec
        self.findings: dict[str, Finding] = {}
        self.done: set[tuple[Loc, Loc, bool]] = set()
        self.merged: dict[Loc, MergedUse] = {}

    def add(self, location: str, code: str, detail: str, where: Where, message: str) -> None:
        key = f"{location} {code}" + (f" {detail}" if detail else "")
        if key in self.findings:
            return
        doc = location.split("#", 1)[0]
        group = doc if doc.endswith(".json") else location
        self.findings[key] = Finding(
            key,
            code,
            location,
            detail,
            where.subject,
            where.path or "/",
            message,
            group,
            where.upstream,
        )

    # --- one schema against another ---

    def compare(self, o_loc: Loc, s_loc: Loc, where: Where, *, only_kinds: bool = False) -> None:
        memo = (o_loc, s_loc, only_kinds)
        if memo in self.done:
            return
        self.done.add(memo)
        where = where.at(s_loc)
        if self.unsaid(s_loc, TYPE_UNSAID):
            return
        o_alts = flatten(self.ours, o_loc)
        s_alts = flatten(self.spec, s_loc)
        # A shared model's differences are reported at the model; but null is allowed (or not) by
        # the field that refers to it, so that difference stays with the field.
        here = str(self.ours.home(o_loc))
        o_kinds, s_kinds = kinds(o_alts), kinds(s_alts)
        if self.unsaid(s_loc, NULL_UNSAID):
            o_kinds.discard("null")
            s_kinds.discard("null")
        for kind in sorted(o_kinds - s_kinds):
            place = str(o_loc) if kind == "null" else here
            self.add(
                place, "type.ours-only", kind, where, f"type {kind} allowed here, not upstream"
            )
        for kind in sorted(s_kinds - o_kinds):
            place = str(o_loc) if kind == "null" else here
            self.add(
                place, "type.upstream-only", kind, where, f"type {kind} allowed upstream, not here"
            )
        shared = o_kinds & s_kinds
        if not only_kinds:
            for kind in SCALARS:
                if kind in shared:
                    self.compare_values(
                        merge_scalars(o_alts, kind), merge_scalars(s_alts, kind), here, where
                    )
        if "array" in shared:
            o_items = next((a.items for a in o_alts if a.kind == "array" and a.items), None)
            s_items = next((a.items for a in s_alts if a.kind == "array" and a.items), None)
            if o_items and s_items:
                self.compare(o_items, s_items, where.to("/*"))
        if "object" in shared:
            self.compare_unions(
                [a for a in o_alts if a.kind == "object"],
                [a for a in s_alts if a.kind == "object"],
                here,
                where,
            )

    def unsaid(self, loc: Loc, marker: str) -> bool:
        node = self.spec.node(loc)
        return isinstance(node, dict) and node.get(marker) is True

    def compare_values(self, ours: Scalar, spec: Scalar, here: str, where: Where) -> None:
        """Enum values and constants; "open" is an enum that also takes other values, or none."""
        if ours.values is not None and spec.values is not None:
            if len(ours.values) == len(spec.values) == 1 and not ours.open and not spec.open:
                (mine,), (theirs,) = ours.values, spec.values
                if mine != theirs:
                    message = f"constant {mine} here, {theirs} upstream"
                    self.add(here, "const", f"{mine} upstream {theirs}", where, message)
                return
            for value in sorted(spec.values - ours.values):
                message = f"enum value {value} added upstream"
                self.add(here, "enum.upstream-only", value, where, message)
            for value in sorted(ours.values - spec.values):
                message = f"enum value {value} not in the spec"
                self.add(here, "enum.ours-only", value, where, message)
        open_here = ours.values is None or ours.open
        open_upstream = spec.values is None or spec.open
        if open_here and not open_upstream:
            message = "any value allowed here, only the enum upstream"
            self.add(here, "enum.open-ours-only", "", where, message)
        elif open_upstream and not open_here:
            message = "any value allowed upstream, only the enum here"
            self.add(here, "enum.open-upstream-only", "", where, message)

    def compare_root(self, event: Event, upstream: Event, where: Where) -> None:
        """An event against its spec component; paired through an alias, `type` differs by design
        and is compared by kind only."""
        if event.type == upstream.type:
            self.compare(event.loc, upstream.loc, where)
            return
        o_obj = [a for a in flatten(self.ours, event.loc) if a.kind == "object"]
        s_obj = [a for a in flatten(self.spec, upstream.loc) if a.kind == "object"]
        if len(o_obj) == 1 and len(s_obj) == 1:
            self.compare_objects(o_obj[0], s_obj[0], where, by_kind=frozenset({"type"}))
        else:
            self.compare(event.loc, upstream.loc, where)

    # --- objects and unions of objects ---

    def members(self, side: Side, alts: list[Alt]) -> list[Member]:
        found: list[Member] = []
        for alt in alts:
            choices: list[list[str]] = []
            names: list[str] = []
            for name in DISCRIMINATORS:
                if name in alt.props:
                    values = closed_values(side, alt.props[name])
                    if values:
                        names.append(name)
                        choices.append(sorted(decode_label(v) for v in values))
            combos = list(itertools.product(*choices))
            virtual = len(combos) > 1
            labels = [",".join(f"{n}={v}" for n, v in zip(names, c, strict=True)) for c in combos]
            if virtual and len(names) > 1:
                # Merged on two discriminators (the SDK's beta item: a type enum and a role enum,
                # the role only for messages): each type alone too, for variants without a role.
                labels = [f"{names[0]}={v}" for v in choices[0]] + labels
            found.extend(Member(alt, label, virtual) for label in labels)
        return found

    def compare_unions(self, o_alts: list[Alt], s_alts: list[Alt], here: str, where: Where) -> None:
        """The object alternatives of both sides, paired by discriminator label."""
        o_members = self.members(self.ours, o_alts)
        s_members = self.members(self.spec, s_alts)
        merged = any(m.virtual for m in (*o_members, *s_members))
        if len(o_alts) == 1 and len(s_alts) == 1 and not merged:
            self.compare_objects(o_alts[0], s_alts[0], where)
            return
        o_members, s_members = spread(o_members, s_members), spread(s_members, o_members)
        unpaired = {m.label: m for m in s_members}
        pairs: list[tuple[Member, Member]] = []
        o_left: list[Member] = []
        for member in o_members:
            match = unpaired.pop(member.label, None)
            if match is None:
                o_left.append(member)
            else:
                pairs.append((member, match))
        s_left = list(unpaired.values())
        if len(o_left) == 1 and len(s_left) == 1 and not o_left[0].label and not s_left[0].label:
            pairs.append((o_left.pop(), s_left.pop()))
        o_left = [m for m in o_left if missing(m, [o.label for o, _ in pairs])]
        for member in o_left:
            label = member.label or "object"
            message = f"union member {label} not in the spec"
            self.add(here, "member.ours-only", label, where, message)
        for member in s_left:
            if member.virtual:
                self.merged_use(member.alt).left.setdefault(member.label, (member, here, where))
                continue
            label = member.label or "object"
            message = f"union member {label} added upstream"
            self.add(here, "member.upstream-only", label, where, message)
        for o_member, s_member in pairs:
            step = f"{{{o_member.label}}}" if o_member.label else ""
            partners = [
                *(o.alt for o, s in pairs if s_member.virtual and s.alt is s_member.alt),
                *(s.alt for o, s in pairs if o_member.virtual and o.alt is o_member.alt),
            ]
            self.compare_objects(
                o_member.alt,
                s_member.alt,
                where.to(step),
                merged_ours=o_member.virtual,
                merged_spec=s_member.virtual,
                partial=partly(partners),
            )
        # A merged object's fields are checked against all the variants it stood for together:
        # only a field none of them has is a difference.
        for alt in unique(m.alt for m, _ in pairs if m.virtual):
            fields = set().union(*(s.alt.props for o, s in pairs if o.alt is alt))
            for name in sorted(alt.props.keys() - fields):
                self.field_ours_only(alt, name, where)
        for alt in unique(s.alt for _, s in pairs if s.virtual):
            partners = unique(o.alt for o, s in pairs if s.alt is alt)
            owner = self.ours.canonical(partners[0].loc) if len(partners) == 1 else None
            use = self.merged_use(alt)
            use.paired.update(s.label for _, s in pairs if s.alt is alt)
            use.fields.update(name for o in partners for name in o.props)
            for name in alt.props:
                use.owners.setdefault(name, (owner or Loc(*here.split("#", 1)), where))

    def merged_use(self, alt: Alt) -> MergedUse:
        return self.merged.setdefault(alt.loc, MergedUse())

    def finish(self) -> None:
        """What pairing left of merged upstream objects, now that every comparison is done: a
        variant or a field is upstream-only when nothing it was compared with anywhere had it."""
        for use in self.merged.values():
            for label, (member, here, where) in sorted(use.left.items()):
                if missing(member, sorted(use.paired)):
                    message = f"union member {label} added upstream"
                    self.add(here, "member.upstream-only", label, where, message)
            for name in sorted(use.owners.keys() - use.fields):
                owner, where = use.owners[name]
                self.field_upstream_only(owner, name, where)

    def field_ours_only(self, alt: Alt, name: str, where: Where) -> None:
        node = self.ours.node(alt.props[name])
        if isinstance(node, dict) and "x-not-upstream" in node:
            return  # the schema says why the reference lacks it
        location = str(alt.props[name])
        self.add(location, "field.ours-only", name, where, f'field "{name}" not in the spec')

    def field_upstream_only(self, owner: Loc, name: str, where: Where) -> None:
        location = str(owner.child("properties", name))
        self.add(location, "field.upstream-only", name, where, f'field "{name}" added upstream')

    def compare_objects(
        self,
        ours: Alt,
        spec: Alt,
        where: Where,
        *,
        merged_ours: bool = False,
        merged_spec: bool = False,
        by_kind: frozenset[str] = frozenset(),
        partial: frozenset[str] = frozenset(),
    ) -> None:
        """Two objects field by field. A `merged_*` side stands for several variants, so a field it
        has and the other lacks may belong to another variant (`compare_unions` judges those), and
        its discriminators are compared by kind only; so are the fields named in `by_kind`. Whether
        the fields in `partial` are required is not compared (a merged object cannot require what
        only some of its variants require)."""
        owner = self.ours.canonical(ours.loc)
        where = where.at(spec.loc)
        if merged_ours or merged_spec:
            by_kind = by_kind | set(DISCRIMINATORS)
        # An object the spec leaves open (no properties at all) says nothing about our fields.
        judge_ours = spec.declares_props or not ours.declares_props
        for name in sorted(ours.props.keys() | spec.props.keys()):
            if name in ours.props and name in spec.props:
                step = where.to("/" + name)
                self.compare(ours.props[name], spec.props[name], step, only_kinds=name in by_kind)
                mine, theirs = name in ours.required, name in spec.required
                if mine != theirs and name not in partial:
                    code = "required.ours-only" if mine else "required.upstream-only"
                    message = f'"{name}" required ' + (
                        "here, optional upstream" if mine else "upstream, optional here"
                    )
                    self.add(str(ours.props[name]), code, name, where, message)
            elif name in ours.props:
                if judge_ours and not merged_ours:
                    self.field_ours_only(ours, name, where)
            elif not merged_spec:
                self.field_upstream_only(owner, name, where)
        if ours.extra and spec.extra:
            self.compare(ours.extra, spec.extra, where.to("/*"))


# --- events ------------------------------------------------------------------------------------


@dataclass
class Event:
    dialect: str
    direction: str
    type: str
    loc: Loc
    aliases: frozenset[str] = frozenset()
    # `x-not-upstream` names this dialect: the reference's union leaves it out, and the schema
    # says why, so its absence upstream is no finding.
    not_upstream: bool = False


def event_type(side: Side, loc: Loc) -> str | None:
    for alt in flatten(side, loc):
        if alt.kind == "object" and "type" in alt.props:
            values = closed_values(side, alt.props["type"])
            if values and len(values) == 1:
                return decode_label(next(iter(values)))
    return None


def union_members(side: Side, loc: Loc) -> list[Loc] | None:
    """The members of a union document (`oneOf`/`anyOf`), each followed to its own schema."""
    node = side.node(loc)
    if not isinstance(node, dict):
        return None
    for keyword in ("oneOf", "anyOf"):
        members = node.get(keyword)
        if isinstance(members, list) and members:
            return [side.canonical(loc.child(keyword, i)) for i in range(len(members))]
    return None


def our_events(ours: Side, upstream: str = "openapi") -> dict[tuple[str, str], list[Event]]:
    """Per dialect and direction, our events: the members of each union document, but for the
    dialects this upstream side (`openapi` or `sdk`) does not have, as their unions' `x-not-upstream`
    says."""
    events: dict[tuple[str, str], list[Event]] = {}
    for doc in sorted(ours.docs):
        match = re.fullmatch(r"unions/(\w+)-(client|server)\.json", doc)
        if match is None:
            continue
        union = ours.node(Loc(doc, ""))
        if isinstance(union, dict) and "x-overlay" in union:
            continue  # another vendor's dialect over one of ours (Voice Live): not in OpenAI's spec
        if isinstance(union, dict) and lacks(union.get("x-not-upstream"), upstream):
            continue  # a dialect this upstream side does not have (the Live API in the OpenAPI
            # document), said on its unions
        found = events.setdefault((match[1], match[2]), [])
        for loc in union_members(ours, Loc(doc, "")) or []:
            wire = event_type(ours, loc)
            if wire is None:
                raise DiffError(f"ours: {loc}, listed in {doc}, has no constant type")
            top = ours.node(Loc(loc.doc, ""))
            declared = top.get("x-aliases") if isinstance(top, dict) else None
            names = declared.values() if isinstance(declared, dict) else ()
            aliases = frozenset(v for v in names if isinstance(v, str))
            unlisted = top.get("x-not-upstream") if isinstance(top, dict) else None
            not_upstream = isinstance(unlisted, dict) and match[1] in unlisted
            found.append(Event(match[1], match[2], wire, loc, aliases, not_upstream))
    return events


def lacks(note: object, upstream: str) -> bool:
    """Whether a union document's `x-not-upstream` note leaves its dialect out of comparisons with
    this upstream side: a map naming it (a bare reason leaves the dialect out of every one)."""
    if isinstance(note, dict):
        return upstream in note
    return note is not None


def component_prefix(dialect: str, direction: str) -> str:
    middle = "" if dialect == "realtime" else dialect.capitalize()
    return f"Realtime{middle}{direction.capitalize()}Event"


def spec_events(spec: Side, dialects: set[str]) -> dict[tuple[str, str], list[Event]]:
    """Per dialect and direction, the spec's events: the members of its own union component
    (`RealtimeServerEvent`, ...), and every other component named with that prefix (the spec leaves
    some events, such as GA `transcription_session.update`, out of its unions). A component named
    so without a constant `type` is a model, not an event; a union member without one is an error."""
    components = components_of(spec)
    named = {
        (m[1] or "realtime").lower()
        for name in components
        if (m := re.fullmatch(r"Realtime([A-Z][a-z]+)?(?:Client|Server)Event\w*", name))
    }
    events: dict[tuple[str, str], list[Event]] = {}
    for dialect in sorted(dialects | named):
        for direction in DIRECTIONS:
            prefix = component_prefix(dialect, direction)
            found: list[Event] = []
            members: list[Loc] = []
            if prefix in components:
                members = union_members(spec, Loc("", f"/components/schemas/{prefix}")) or []
            for loc in members:
                wire = event_type(spec, loc)
                if wire is None:
                    raise DiffError(f"spec: {loc} has no constant type")
                found.append(Event(dialect, direction, wire, loc))
            listed = set(members)
            for name in sorted(components):
                if not name.startswith(prefix) or name == prefix:
                    continue
                loc = spec.canonical(Loc("", "/components/schemas").child(name))
                wire = None if loc in listed else event_type(spec, loc)
                if wire is not None:
                    found.append(Event(dialect, direction, wire, loc))
            if found:
                events[(dialect, direction)] = found
    return events


def components_of(spec: Side) -> dict[str, Json]:
    root = spec.docs[""]
    components = root.get("components") if isinstance(root, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def compare_events(comparer: Comparer, against: str = "openapi") -> None:
    ours = our_events(comparer.ours, against)
    spec = spec_events(comparer.spec, {dialect for dialect, _ in ours})
    # GA first, so that a model shared with the beta protocol is shown with its GA event.
    order = sorted(ours.keys() | spec.keys(), key=lambda pair: (pair[0] != "realtime", pair))
    for dialect, direction in order:
        place = f"{dialect}/{direction}"
        mine = ours.get((dialect, direction), [])
        by_type = {e.type: e for e in mine}
        by_alias = {alias: e for e in mine for alias in e.aliases}
        paired: set[str] = set()
        for upstream in sorted(spec.get((dialect, direction), []), key=lambda e: e.type):
            event = by_type.get(upstream.type) or by_alias.get(upstream.type)
            if event is None or event.type in paired:
                where = Where(f"{place} {upstream.type}", "", str(upstream.loc))
                comparer.add(
                    place, "event.upstream-only", upstream.type, where, "event added upstream"
                )
                continue
            paired.add(event.type)
            comparer.compare_root(event, upstream, Where(f"{place} {event.type}", ""))
        for event in sorted(mine, key=lambda e: e.type):
            if event.type not in paired and not event.not_upstream:
                where = Where(f"{place} {event.type}", "")
                comparer.add(place, "event.ours-only", event.type, where, "event not in the spec")


# --- REST bodies -------------------------------------------------------------------------------


@dataclass
class Body:
    endpoint: str  # "POST /realtime/client_secrets", or "webhook <event type>"
    body: str  # request | response | webhook
    loc: Loc

    @property
    def label(self) -> str:
        return self.endpoint if self.body == "webhook" else f"{self.endpoint} {self.body}"


def our_bodies(ours: Side, upstream: str = "openapi") -> list[Body]:
    bodies: list[Body] = []
    for doc in sorted(ours.docs):
        if not doc.startswith("rest/"):
            continue
        node = ours.docs[doc]
        if not isinstance(node, dict):
            continue
        kind = node.get("x-body")
        endpoint = node.get("x-endpoint")
        if kind == "webhook":
            wire = event_type(ours, Loc(doc, ""))
            endpoint = f"webhook {wire}" if wire else endpoint
        if (
            isinstance(endpoint, str)
            and kind in ("request", "response", "webhook")
            and in_scope(endpoint, upstream)  # what that upstream side has
        ):
            bodies.append(Body(" ".join(endpoint.split()), kind, Loc(doc, "")))
    return bodies


def is_realtime(name: str) -> bool:
    """A path (`/realtime/...`) or webhook event type (`realtime.call.incoming`) of the Realtime
    API; the rest of the API is out of scope."""
    return "realtime" in name.lower()


def is_live(name: str) -> bool:
    """A path (`/live/sessions`), endpoint (`POST /live/...`) or webhook event type
    (`live.call.incoming`) of the Live API."""
    words = name.lower().split()
    last = words[-1] if words else ""
    return last.startswith(("/live/", "live."))


def in_scope(name: str, upstream: str) -> bool:
    """What is compared with this upstream side: the Realtime API's paths and webhooks, and with
    the SDK (whose `openai.types.live` the OpenAPI reference lacks) the Live API's too."""
    return is_realtime(name) or (upstream == "sdk" and is_live(name))


def spec_paths(spec: Side) -> list[str]:
    root = spec.docs[""]
    paths = root.get("paths") if isinstance(root, dict) else None
    return sorted(paths) if isinstance(paths, dict) else []


def spec_webhooks(spec: Side) -> dict[str, Loc]:
    """Every webhook event the spec describes, by event type: the `Webhook*` components and the
    request bodies of the `webhooks` section (the same schema is found once)."""
    found: dict[str, Loc] = {}
    for name in sorted(components_of(spec)):
        if name.startswith("Webhook"):
            loc = spec.canonical(Loc("", "/components/schemas").child(name))
            found.setdefault(event_type(spec, loc) or name, loc)
    root = spec.docs[""]
    hooks = root.get("webhooks") if isinstance(root, dict) else None
    for name, item in sorted(hooks.items()) if isinstance(hooks, dict) else []:
        for method in sorted(item) if isinstance(item, dict) else []:
            body = json_body(spec, Loc("", "/webhooks").child(name, method, "requestBody"))
            if body is not None:
                loc = spec.canonical(body)
                if loc not in found.values():
                    found.setdefault(event_type(spec, loc) or name, loc)
    return found


def spec_bodies(spec: Side, upstream: str = "openapi") -> list[Body]:
    """Every JSON request body and JSON 200/201 response of a Realtime path, and every Realtime
    webhook event (by its type, or without one by its name)."""
    bodies: list[Body] = []
    root = spec.docs[""]
    for path in spec_paths(spec):
        item = root["paths"][path]
        if not isinstance(item, dict) or not in_scope(path, upstream):
            continue
        for method, operation in sorted(item.items()):
            if not isinstance(operation, dict):
                continue
            endpoint = f"{method.upper()} {path}"
            base = Loc("", "/paths").child(path, method)
            request = json_body(spec, base.child("requestBody"))
            if request is not None:
                bodies.append(Body(endpoint, "request", request))
            for status in ("200", "201"):
                response = json_body(spec, base.child("responses", status))
                if response is not None:
                    bodies.append(Body(endpoint, "response", response))
                    break
    for wire, loc in spec_webhooks(spec).items():
        if in_scope(wire, upstream):
            bodies.append(Body(f"webhook {wire}", "webhook", loc))
    return bodies


def json_body(spec: Side, loc: Loc) -> Loc | None:
    """The JSON schema of a request body or response: its `application/json` content, or else the
    one JSON part (the one object-valued field) of a `multipart/form-data` body."""
    try:
        node = spec.node(loc)
        while isinstance(node, dict) and "$ref" in node:
            loc = spec.resolve(loc, node["$ref"])
            node = spec.node(loc)
    except DiffError:
        return None
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict):
        return None
    if (
        isinstance(content.get("application/json"), dict)
        and "schema" in content["application/json"]
    ):
        return loc.child("content", "application/json", "schema")
    form = content.get("multipart/form-data")
    if isinstance(form, dict) and "schema" in form:
        parts = [
            prop
            for alt in flatten(spec, loc.child("content", "multipart/form-data", "schema"))
            if alt.kind == "object"
            for prop in alt.props.values()
            if "object" in kinds(flatten(spec, prop))
        ]
        if len(parts) == 1:
            return parts[0]
    return None


def has_rest(schema_docs: dict[str, Json]) -> bool:
    return any(doc.startswith("rest/") for doc in schema_docs)


def compare_bodies(comparer: Comparer, *, endpoints: bool = True, against: str = "openapi") -> None:
    """Our `rest/*.json` bodies against the spec's, paired by endpoint and body (a webhook by its
    event type, else the spec's call webhook). Nothing is compared without a `rest` folder, and only
    webhooks when the upstream side names no endpoints (`endpoints` false: the SDK)."""
    if not has_rest(comparer.ours.docs):
        return
    theirs = {b.label: b for b in spec_bodies(comparer.spec, against)}
    webhook = next(
        (b for b in theirs.values() if b.loc.ptr.endswith("/" + WEBHOOK_COMPONENT)), None
    )
    paired: set[str] = set()
    for body in our_bodies(comparer.ours, against):
        if not endpoints and body.body != "webhook":
            continue
        upstream = theirs.get(body.label)
        if upstream is None and body.body == "webhook":
            upstream = webhook
        where = Where(f"rest {body.label}", "")
        if upstream is None:
            comparer.add("rest", "body.ours-only", body.label, where, "body not in the spec")
            continue
        paired.add(upstream.label)
        comparer.compare(body.loc, upstream.loc, where)
    for label in sorted(theirs.keys() - paired):
        where = Where(f"rest {label}", "")
        comparer.add("rest", "body.upstream-only", label, where, "body added upstream")


# --- the openai package ------------------------------------------------------------------------


def normalise_pydantic(node: Json, base: str) -> Json:
    """A JSON Schema from pydantic in the form the comparison reads, to be placed at `base` (a JSON
    Pointer fragment, `#/components/schemas/X`): `#/$defs/...` references (and discriminator
    mappings) are rebased under it, and an `Optional[X] = None` field (not required, default null,
    `anyOf [X, null]`) becomes X, since the SDK writes every optional field so: it says the field may
    be left out, not that null is sent. A required `Optional[X]` keeps its null. `Literal`s already
    come as `const`/`enum`, titles and defaults are not compared. The comparison leaves null out
    at a field so marked (`x-null-unsaid`), either way; and Python's `object`, which pydantic
    writes `{}` (anything), is marked `x-type-unsaid` and not compared at all."""
    if isinstance(node, list):
        return [normalise_pydantic(member, base) for member in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Json] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            result[key] = rebase(value, base)
        elif key == "discriminator" and isinstance(value, dict):
            mapping = value.get("mapping")
            result[key] = dict(value)
            if isinstance(mapping, dict):
                result[key]["mapping"] = {
                    k: rebase(v, base) if isinstance(v, str) else v for k, v in mapping.items()
                }
        elif key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
            result[key] = {name: normalise_pydantic(v, base) for name, v in value.items()}
        elif key in ("const", "enum", "default", "examples", "required"):
            result[key] = value  # data, not schemas
        else:
            result[key] = normalise_pydantic(value, base)
    properties = result.get("properties")
    required = result.get("required")
    if isinstance(properties, dict):
        named = set(required) if isinstance(required, list) else set()
        for name, prop in properties.items():
            if name not in named:
                properties[name] = without_null(prop)
    if not has_shape(result):
        result[TYPE_UNSAID] = True
    return result


def rebase(ref: str, base: str) -> str:
    return base + ref[1:] if ref.startswith("#") else ref


def without_null(prop: Json) -> Json:
    """An optional field's `anyOf [X, null]` with default null, as X marked `NULL_UNSAID`."""
    if not isinstance(prop, dict) or "default" not in prop or prop["default"] is not None:
        return prop
    members = prop.get("anyOf")
    if not isinstance(members, list) or {"type": "null"} not in members:
        return prop
    others = [m for m in members if m != {"type": "null"}]
    if not others:
        return prop
    if (
        len(others) == 1
        and isinstance(others[0], dict)
        and prop.keys() & SHAPE_KEYWORDS == {"anyOf"}
    ):
        return {**others[0], NULL_UNSAID: True}
    return {**prop, "anyOf": others, NULL_UNSAID: True}


def sdk_document(schemas: dict[str, Json]) -> Json:
    """An OpenAPI-like document with each pydantic JSON Schema as a component of that name (event
    unions as `RealtimeServerEvent`, `RealtimeBetaClientEvent`, ...; webhooks as `Webhook*`)."""
    base = Loc("", "/components/schemas")
    components = {
        name: normalise_pydantic(schema, "#" + base.child(name).ptr)
        for name, schema in schemas.items()
    }
    return {"openapi": "3.1.0", "components": {"schemas": components}, "paths": {}}


def sdk_schemas() -> tuple[dict[str, Json], str]:
    """The installed openai package's Realtime and Live event unions (each dialect that it has) and
    realtime and live webhooks, as pydantic JSON Schemas by component name, and a line naming the
    package."""
    try:
        openai = importlib.import_module("openai")
        pydantic = importlib.import_module("pydantic")
    except ImportError as error:
        raise DiffError(
            f"--sdk needs the openai package ({error}): pip install -e '.[spec]'"
        ) from error
    schemas: dict[str, Json] = {}
    read: list[str] = []
    for dialect, module_name, *unions in SDK_UNIONS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for direction, union_names in zip(DIRECTIONS, unions, strict=True):
            names = (union_names,) if isinstance(union_names, str) else union_names
            found = [u for u in (getattr(module, n, None) for n in names) if u is not None]
            if found:
                name = component_prefix(dialect, direction)
                union = found[0] if len(found) == 1 else joined(found)
                schemas[name] = pydantic.TypeAdapter(union).json_schema()
                read.append(f"{dialect}/{direction}")
    if not read:
        raise DiffError(f"openai {openai.__version__} has no Realtime event unions")
    try:
        webhooks = importlib.import_module(SDK_WEBHOOKS)
    except ImportError:
        webhooks = None
    for name in sorted(vars(webhooks) if webhooks else ()):
        model = getattr(webhooks, name)
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            schema = pydantic.TypeAdapter(model).json_schema()
            wire = schema.get("properties", {}).get("type", {}).get("const")
            if isinstance(wire, str) and in_scope(wire, "sdk"):
                schemas["Webhook" + name] = schema
                read.append(f"webhook {wire}")
    source = (
        f"openai {openai.__version__} (pydantic {pydantic.VERSION}), the installed SDK: "
        + ", ".join(read)
    )
    return schemas, source


def joined(unions: list[Any]) -> Any:
    """One union of the members of several `Annotated[Union[...], ...]` event unions, each wire
    type once (the first union's model for it), discriminated on `type`."""
    import typing

    pydantic = importlib.import_module("pydantic")
    members: dict[str, Any] = {}
    for union in unions:
        inner = typing.get_args(union)[0] if typing.get_origin(union) is typing.Annotated else union
        for model in typing.get_args(inner):
            field_info = model.model_fields.get("type")
            (wire,) = typing.get_args(field_info.annotation) if field_info else (None,)
            members.setdefault(str(wire), model)
    return typing.Annotated[
        typing.Union[tuple(members.values())],  # noqa: UP007 (built at run time)
        pydantic.Field(discriminator="type"),
    ]


# --- the allow-list ----------------------------------------------------------------------------


def read_allow(path: Path) -> list[str]:
    """Finding keys (fnmatch patterns) one a line; `#` starts a comment, at a line's start or after
    whitespace (a key's own `#` follows a file name directly)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DiffError(f"cannot read allow-list {path}: {error}") from error
    patterns: list[str] = []
    for raw in text.splitlines():
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        if line:
            patterns.append(line)
    return patterns


# --- running -----------------------------------------------------------------------------------


def load_json(path: Path, what: str) -> Json:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        raise DiffError(f"cannot read {what} {path}: {error}") from error


def load_document(path: Path) -> Json:
    """An OpenAPI document: JSON, or YAML (a `.yaml`/`.yml` name) when PyYAML is installed."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return load_json(path, "OpenAPI document")
    try:
        yaml = importlib.import_module("yaml")
    except ImportError as error:
        raise DiffError(
            f"{path} is YAML and PyYAML is not installed: install it (pip install pyyaml) or "
            "convert the document to JSON"
        ) from error
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DiffError(f"cannot read OpenAPI document {path}: {error}") from error


def describe(path: Path, spec_doc: Json) -> str:
    """The header line for an OpenAPI document: its versions and what of it is compared."""
    if not isinstance(spec_doc, dict):
        return str(path)
    spec = Side("spec", {"": spec_doc}, openapi=True)
    info = spec_doc.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    paths = spec_paths(spec)
    hooks = list(spec_webhooks(spec))
    ours = [p for p in paths if is_realtime(p)]
    realtime_hooks = [h for h in hooks if is_realtime(h)]
    return (
        f"{path}: OpenAPI {spec_doc.get('openapi', '?')}, API {version or '?'}; compared: the "
        f"Realtime events, {len(ours)} of {len(paths)} paths, {len(realtime_hooks)} of "
        f"{len(hooks)} webhooks"
    )


def load_schemas(root: Path) -> dict[str, Json]:
    if not root.is_dir():
        raise DiffError(f"no schema directory {root}")
    docs = {
        path.relative_to(root).as_posix(): load_json(path, "schema")
        for path in sorted(root.rglob("*.json"))
    }
    if not any(doc.startswith("unions/") for doc in docs):
        raise DiffError(f"{root} has no unions/*.json: not a schema directory")
    return docs


def diff(
    spec_doc: Json,
    schema_docs: dict[str, Json],
    *,
    endpoints: bool = True,
    upstream: str = "openapi",
) -> list[Finding]:
    """Every difference between our schemas and the OpenAPI document (its Realtime part), in a
    stable order; REST bodies other than webhooks are left out when `endpoints` is false.
    `upstream` says what the document was made from (`sdk`: `sdk_document`), which decides the
    dialects compared (`x-not-upstream` on union documents) and whether the Live API's webhooks
    are."""
    if upstream not in UPSTREAMS:
        raise ValueError(f"upstream must be one of {UPSTREAMS}, not {upstream!r}")
    if not isinstance(spec_doc, dict) or "components" not in spec_doc:
        raise DiffError("the OpenAPI document has no components")
    comparer = Comparer(
        Side("ours", schema_docs, openapi=False), Side("spec", {"": spec_doc}, openapi=True)
    )
    compare_events(comparer, upstream)
    compare_bodies(comparer, endpoints=endpoints, against=upstream)
    comparer.finish()
    return sorted(comparer.findings.values(), key=lambda f: (f.group, f.key))


@dataclass
class Report:
    findings: list[Finding]
    allowed: set[str]
    stale: list[str]
    aside: list[str] = field(default_factory=list)  # entries for REST bodies, when none compared
    source: str = ""  # what the upstream side was read from

    @property
    def unexplained(self) -> list[Finding]:
        return [f for f in self.findings if f.key not in self.allowed]

    @property
    def status(self) -> int:
        return 1 if self.unexplained or self.stale else 0

    def as_json(self) -> dict[str, Json]:
        return {
            "findings": [
                {
                    "key": f.key,
                    "code": f.code,
                    "location": f.location,
                    "detail": f.detail,
                    "subject": f.subject,
                    "path": f.path,
                    "message": f.message,
                    "upstream": f.upstream,
                    "allowed": f.key in self.allowed,
                }
                for f in self.findings
            ],
            "stale": self.stale,
            "aside": self.aside,
            "source": self.source,
            "summary": self.summary(),
        }

    def summary(self) -> dict[str, int]:
        return {
            "findings": len(self.findings),
            "allowed": len(self.findings) - len(self.unexplained),
            "unexplained": len(self.unexplained),
            "stale": len(self.stale),
        }

    def lines(self) -> Iterator[str]:
        if self.source:
            yield "upstream: " + self.source
        group = None
        for finding in self.unexplained:
            if finding.group != group:
                group = finding.group
                yield ""
                yield group
            yield "  " + finding.line()
            yield "      key: " + finding.key
        if self.aside:
            yield ""
            yield f"no schemas/rest: {len(self.aside)} allow-list entries for REST bodies set aside"
        if self.stale:
            yield ""
            yield "stale allow-list entries (they match nothing now; remove them):"
            yield from (f"  {pattern}" for pattern in self.stale)
        counts = self.summary()
        yield ""
        yield (
            f"{counts['findings']} differences: {counts['allowed']} allowed, "
            f"{counts['unexplained']} unexplained; {counts['stale']} stale allow-list entries"
        )


def judge(findings: list[Finding], patterns: Sequence[str], *, rest: bool = True) -> Report:
    """Which findings the allow-list explains, and which of its entries explain nothing. Without
    REST bodies to compare (`rest` false), entries about them are set aside, not stale."""
    allowed: set[str] = set()
    used: set[str] = set()
    for finding in findings:
        for pattern in patterns:
            if fnmatch.fnmatchcase(finding.key, pattern):
                allowed.add(finding.key)
                used.add(pattern)
    unused = [p for p in dict.fromkeys(patterns) if p not in used]
    aside = [] if rest else [p for p in unused if p.startswith(("rest/", "rest "))]
    stale = [p for p in unused if p not in aside]
    return Report(findings, allowed, stale, aside)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="spec_diff.py",
        description="Compare our JSON Schemas with an OpenAI OpenAPI document or the openai package.",
    )
    parser.add_argument(
        "openapi", type=Path, nargs="?", help="the OpenAPI document (JSON, or YAML with PyYAML)"
    )
    parser.add_argument(
        "--sdk",
        action="store_true",
        help="compare with the installed openai package's pydantic models instead",
    )
    parser.add_argument(
        "--schemas", type=Path, help=f"our schema directory (default {DEFAULT_SCHEMAS})"
    )
    parser.add_argument(
        "--allow",
        type=Path,
        help="allow-list of finding keys (default: tools/spec_diff_allow.txt, or "
        "tools/spec_diff_sdk_allow.txt with --sdk, with the default schemas)",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    args = parser.parse_args(argv)
    if (args.openapi is None) == (not args.sdk):
        parser.error("give either an OpenAPI document or --sdk")
    allow: Path | None = args.allow
    if allow is None and args.schemas is None:
        allow = DEFAULT_SDK_ALLOW if args.sdk else DEFAULT_ALLOW
    try:
        schema_docs = load_schemas(args.schemas or DEFAULT_SCHEMAS)
        patterns = read_allow(allow) if allow is not None else []
        if args.sdk:
            schemas, source = sdk_schemas()
            spec_doc = sdk_document(schemas)
        else:
            spec_doc = load_document(args.openapi)
            source = describe(args.openapi, spec_doc)
        findings = diff(
            spec_doc,
            schema_docs,
            endpoints=not args.sdk,
            upstream="sdk" if args.sdk else "openapi",
        )
    except DiffError as error:
        print(f"spec_diff: {error}", file=sys.stderr)
        return 2
    report = judge(findings, patterns, rest=has_rest(schema_docs))
    report.source = source
    if args.json:
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(report.lines()).lstrip("\n"))
    return report.status


if __name__ == "__main__":
    sys.exit(main())
