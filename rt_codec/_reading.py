"""Reading raw JSON: the one parser of JSON text for validation, captures and REST bodies.

`read_object(raw)` parses with orjson and reports, as `Violation`s, what orjson cannot tell by itself:

- a key given twice in one object (orjson keeps the last value and drops the first silently);
- an integer beyond 64 bits (orjson reads it as a rounded float).

Both are found on every input, not only when something looks unusual, by a screen that costs a few
C-speed passes over the text. Compact text that `orjson.dumps` of the parsed value gives back byte
for byte has neither. Otherwise, that rendering has exactly as many `:` as the text
unless a member was dropped (or a colon was written as an escape), and an integer beyond 64 bits
needs a run of at least 19 digits in the text (or, in a long text, a number that large in the value).
Only when the screen sees something does a second, exact reading run; it keeps no parsed values,
just marks on the way to each problem, so its memory stays near the size of the text.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Final

import orjson

from rt_codec._runtime import json_kind, json_pointer, named
from rt_codec._violation import Violation

MAX_FINDINGS: Final = 100
RULES: Final = frozenset({"json", "json.number", "json.duplicate_key", "findings.limit"})
"""The rule ids of the findings reading JSON gives."""
"""Findings reported per event (or per JSON text) before the rest are summed up in one."""

_DIGITS: Final = bytes(0x30 if 0x30 <= i <= 0x39 else 0x2E for i in range(256))
_LONG_RUN: Final = b"0" * 19  # -9223372036854775809 has 19 digits
_ESCAPED_COLON: Final = b"\\u003"  # `\u003a` is a colon the colon count would miss
_SMALL: Final = 1024
_DEPTH_ROOM: Final = 1100  # orjson reads at most 1024 levels
_loads = orjson.loads
_dumps = orjson.dumps


def json_error(raw: bytes | str, exc: orjson.JSONDecodeError) -> Violation:
    """One finding for text orjson refused, worded the same wherever JSON is read."""
    reason = str(exc.msg)
    if "byte order mark" in reason:  # valid UTF-8, but no JSON text begins with U+FEFF
        return Violation(
            "", "json", "Starts with a byte order mark (U+FEFF), which JSON does not allow"
        )
    if "UTF-8" in reason or "surrogate" in reason:
        return Violation("", "json", _encoding_problem(raw))
    if "infinity" in reason:
        return Violation(
            "",
            "json.number",
            f"Number at character {exc.pos} is beyond the range of a 64-bit float",
        )
    if "depth limit" in reason:
        return Violation("", "json", "Nested deeper than 1024 levels")
    return Violation("", "json", f"Not valid JSON: {reason} at character {exc.pos}")


def _encoding_problem(raw: bytes | str) -> str:
    if isinstance(raw, str):
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"Not valid UTF-8: a lone surrogate at character {exc.start}"
        return "Not valid UTF-8"
    try:
        bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"Not valid UTF-8 at byte {exc.start}"
    return "Not valid UTF-8"


def parse(raw: bytes | str) -> tuple[Any, list[Violation]]:
    """Any JSON value and what was wrong reading it: (None, [finding]) when it is not JSON."""
    try:
        value = _loads(raw)
    except orjson.JSONDecodeError as exc:
        return None, [json_error(raw, exc)]
    return value, screen(raw, value)


def read_object(raw: bytes | str) -> tuple[dict[str, Any] | None, list[Violation]]:
    """A JSON object and what was wrong reading it; None (with the reason) for anything else."""
    value, found = parse(raw)
    if value is None and found:
        return None, found
    if not isinstance(value, dict):
        return None, [Violation("", "json", f"Expected a JSON object, got {json_kind(value)}")]
    return value, found


def screen(raw: bytes | str, value: Any, limit: int = MAX_FINDINGS) -> list[Violation]:
    """Duplicate keys and rounded integers in `raw`, whose parsed form is `value`."""
    text = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
    return [] if _clean(text, value) else exact_reading(text, limit)


def _clean(text: bytes, value: Any) -> bool:
    """True when `text` surely has no duplicate key and no integer beyond 64 bits; False when it
    may have one (the exact reading then tells)."""
    try:
        dumped = _dumps(value)
    except TypeError:  # nested deeper than orjson writes (255 levels): no shortcut
        return False
    if dumped == text:  # compact text as orjson writes it (and servers send): nothing was lost
        return True
    if _ESCAPED_COLON in text or text.count(b":") != dumped.count(b":"):
        return False
    if len(text) > _SMALL:  # long text is mostly long strings: look at the numbers instead
        return not _big_float(value)
    return _LONG_RUN not in text.translate(_DIGITS)


def _big_float(value: Any) -> bool:
    """Whether a number in `value` is as large as a 64-bit integer's limits (where an integer
    beyond them, read as a float, would be)."""
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is dict:
            push(node.values())
        elif kind is list:
            push(node)
        elif kind is float and not -9.2e18 < node < 9.2e18:
            return True
    return False


# --- the exact reading ----------------------------------------------------------------------------


class _Mark:
    """What the exact reading keeps of a value: its duplicate keys, its marked children, and
    whether it is itself a big integer. Clean values leave no mark at all."""

    __slots__ = ("big", "dups", "kids")

    def __init__(
        self, dups: tuple[str, ...], kids: list[tuple[str | int, _Mark]], big: bool = False
    ) -> None:
        self.dups = dups
        self.kids = kids
        self.big = big


_BIG: Final = _Mark((), [], big=True)


def _mark_of(value: object) -> _Mark | None:
    kind = type(value)
    if kind is _Mark:
        return value  # type: ignore[return-value]
    if kind is list:
        return _on_list(value)  # type: ignore[arg-type]
    return None


def _on_list(items: list[Any]) -> _Mark | None:
    """The mark of a list, over lists nested in it without recursion (a text may nest 1024 deep)."""
    stack: list[tuple[list[Any], int, list[tuple[str | int, _Mark]]]] = [(items, 0, [])]
    while True:
        values, index, kids = stack[-1]
        if index < len(values):
            stack[-1] = (values, index + 1, kids)
            item = values[index]
            kind = type(item)
            if kind is _Mark:
                kids.append((index, item))
            elif kind is list:
                stack.append((item, 0, []))
            continue
        stack.pop()
        mark = _Mark((), kids) if kids else None
        if not stack:
            return mark
        if mark is not None:
            _, at, siblings = stack[-1]
            siblings.append((at - 1, mark))


def _on_object(pairs: list[tuple[str, Any]]) -> _Mark | None:
    kids: list[tuple[str | int, _Mark]] = []
    for key, item in pairs:
        if type(item) is str or item is None:
            continue
        mark = _mark_of(item)
        if mark is not None:
            kids.append((key, mark))
    dups: tuple[str, ...] = ()
    if len(pairs) > 1:
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            seen: set[str] = set()
            repeated: dict[str, None] = {}
            for key in keys:
                if key in seen:
                    repeated[key] = None
                seen.add(key)
            dups = tuple(repeated)
    return _Mark(dups, kids) if kids or dups else None


def _on_int(text: str) -> _Mark | None:
    if len(text.lstrip("-")) < 19:
        return None
    value = int(text)
    return None if -(2**63) <= value < 2**64 else _BIG


def _nothing(_text: str) -> None:
    return None


def exact_reading(data: bytes | str, limit: int = MAX_FINDINGS) -> list[Violation]:
    """Duplicate keys and integers beyond 64 bits, in document order, at most `limit` of them and
    then one finding saying how far the reading got. Text that is not JSON gives []: that is the
    parser's finding to make."""
    # The stdlib parser recurses once per level: make room for the 1024 levels orjson accepts,
    # wherever the caller's stack stands (the limit is only ever raised, and put back after).
    recursion = sys.getrecursionlimit()
    sys.setrecursionlimit(recursion + _DEPTH_ROOM)
    try:
        top = _mark_of(
            json.loads(
                data,
                object_pairs_hook=_on_object,
                parse_int=_on_int,
                parse_float=_nothing,
                parse_constant=_nothing,
            )
        )
    except RecursionError:
        return [Violation("", "json", "Nested too deep to check for duplicate keys")]
    except ValueError:
        return []
    finally:
        sys.setrecursionlimit(recursion)
    found: list[Violation] = []
    more = 0
    stack: list[tuple[tuple[str | int, ...], _Mark]] = [((), top)] if top is not None else []
    while stack:
        where, mark = stack.pop()
        problems: list[tuple[tuple[str | int, ...], str, str]] = []
        if mark.big:
            problems.append(
                (where, "json.number", "Integer does not fit in 64 bits and would be rounded")
            )
        for key in mark.dups:
            problems.append(
                (
                    (*where, key),
                    "json.duplicate_key",
                    f"Field {named(key)} is given more than once; the last value counts",
                )
            )
        for path, rule, message in problems:
            if len(found) < limit:
                found.append(Violation(json_pointer(path), rule, message))
            else:
                more += 1
        stack.extend(((*where, key), kid) for key, kid in reversed(mark.kids))
    if more:
        found.append(too_many(more))
    return found


def too_many(more: int | None) -> Violation:
    """The finding that stands for the ones past the limit (`more`: how many, when known)."""
    if more is None:
        message = f"... and more: checking stopped after {MAX_FINDINGS} findings"
    else:
        message = f"... and {more} more findings; only the first {MAX_FINDINGS} are listed"
    return Violation("", "findings.limit", message)
