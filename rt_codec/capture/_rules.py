"""The rule ids a capture check can report, and choosing among them (`--select`, `--ignore`).

The ids come from where the findings are made: each module that reports findings says its own ids
(`session.RULES`, the reader's, base64's, validation's), and the schemas say the rest — every
validation keyword they use is a `schema.<keyword>` rule, and `x-rules` names the others
(`audio.pcm_rate`, `response.format_conflict`).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

# Keywords that only apply subschemas: their failures are those of the subschema, never their own.
_APPLICATORS: Final = frozenset(
    {
        "$ref",
        "$dynamicRef",
        "allOf",
        "dependentSchemas",
        "if",
        "items",
        "patternProperties",
        "prefixItems",
        "properties",
        "propertyNames",
    }
)


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


@functools.cache
def known_rules() -> frozenset[str]:
    """Every rule id a capture check can report (findings; the deprecation notes are not rules)."""
    from rt_codec import _base64, _reading, session, validation
    from rt_codec._schemas import load_schemas
    from rt_codec.capture import _check, _read

    keywords = set(validation.RealtimeValidator.VALIDATORS) - _APPLICATORS
    ids = set(_base64.RULES | _reading.RULES | session.RULES | validation.RULES)
    ids |= _read.RULES | _check.RULES
    for schema in load_schemas().values():
        for node in _walk(schema):
            ids.update(f"schema.{key}" for key in node if key in keywords)
            custom = node.get("x-rules")
            if isinstance(custom, Mapping):
                ids.update(str(rule) for rule in custom.values())
    return frozenset(ids)


def validation_notes() -> frozenset[str]:
    """The ids of the notes validation gives (deprecated fields and values)."""
    from rt_codec import validation

    return validation.NOTE_IDS


def matches(pattern: str, rule: str) -> bool:
    """Whether `pattern` names `rule`: the id itself, or a prefix of it at a dot (`session` names
    `session.unannounced`; `sess` names nothing)."""
    return rule == pattern or rule.startswith(pattern + ".")


def patterns(values: Iterable[str], option: str = "rule") -> tuple[str, ...]:
    """Rule patterns as given (each may be a comma-separated list), checked against `known_rules`:
    a ValueError names one that matches no rule, with the closest known ids."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            pattern = part.strip()
            if not pattern:
                raise ValueError(f"{option}: an empty rule pattern in {value!r}")
            if pattern not in out:
                out.append(pattern)
    known = known_rules()
    for pattern in out:
        if any(matches(pattern, note) for note in validation_notes()):
            raise ValueError(
                f"{option} {pattern!r}: deprecations are notes, not findings; they fail a check "
                "only with --fail-on-deprecated"
            )
        if not any(matches(pattern, rule) for rule in known):
            families = {rule.split(".", 1)[0] for rule in known}
            close = difflib.get_close_matches(pattern, sorted(known | families), n=4, cutoff=0.5)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise ValueError(f"{option} {pattern!r} matches no rule rt_codec reports{hint}")
    return tuple(out)
