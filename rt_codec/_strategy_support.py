"""Building blocks of the generated hypothesis strategies (see rt_codec.strategies)."""

from __future__ import annotations

import base64
import math
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

# JSON numbers that survive every parser exactly: integers within IEEE double precision.
_SAFE_INT = 2**53


def text(min_length: int | None = None, max_length: int | None = None) -> SearchStrategy[str]:
    upper = 12 if max_length is None else min(max_length, 12)
    lower = min_length or 0
    return st.text(min_size=lower, max_size=max(upper, lower))


def base64_text(max_length: int | None = None) -> SearchStrategy[str]:
    """Real base64 of a few bytes, padding of every length included."""
    return st.binary(max_size=48).map(lambda raw: base64.b64encode(raw).decode("ascii"))


def uris() -> SearchStrategy[str]:
    return st.builds(
        "https://{}.example/{}".format,
        st.from_regex(r"[a-z]{1,8}", fullmatch=True),
        st.from_regex(r"[a-z0-9]{0,8}", fullmatch=True),
    )


def integers(minimum: float | None = None, maximum: float | None = None) -> SearchStrategy[int]:
    """Integers within the limits (which may be fractional: 0.25 to 1.5 admits only 1)."""
    low = -_SAFE_INT if minimum is None else math.ceil(minimum)
    high = _SAFE_INT if maximum is None else math.floor(maximum)
    if low > high:
        return st.nothing()
    return st.integers(min_value=low, max_value=high)


def numbers(
    minimum: float | None = None, maximum: float | None = None
) -> SearchStrategy[float | int]:
    """Floats and integers alike: a JSON number may be written either way, and both must survive."""
    floats = st.floats(min_value=minimum, max_value=maximum, allow_nan=False, allow_infinity=False)
    return st.one_of(floats, integers(minimum, maximum))


_json_scalars = st.one_of(
    st.none(), st.booleans(), integers(), st.floats(allow_nan=False, allow_infinity=False), text()
)
json_values: SearchStrategy[Any] = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(text(max_length=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def json_objects() -> SearchStrategy[dict[str, Any]]:
    return st.dictionaries(text(max_length=6), json_values, max_size=3)


# Names the schemas never use, so an extra field is always unknown.
_extra_names = st.from_regex(r"x_[a-z]{1,6}", fullmatch=True)


def json_object(
    required: dict[str, SearchStrategy[Any]],
    optional: dict[str, SearchStrategy[Any]],
    *,
    closed: bool,
    require_any: list[tuple[str, ...]] | None = None,
) -> SearchStrategy[dict[str, Any]]:
    """An object with every required field, some optional ones (omitted, null and set all occur),
    and, where the schema allows them, sometimes fields it does not know. With `require_any`, one
    of those groups of optional fields is always present."""
    extras: SearchStrategy[dict[str, Any]] = (
        st.just({})
        if closed
        else st.one_of(st.just({}), st.dictionaries(_extra_names, json_values, max_size=2))
    )
    if not require_any:
        return st.builds(_merge, st.fixed_dictionaries(required, optional=optional), extras)

    def with_group(group: tuple[str, ...]) -> SearchStrategy[dict[str, Any]]:
        must = {**required, **{name: optional[name] for name in group}}
        rest = {name: s for name, s in optional.items() if name not in group}
        return st.builds(_merge, st.fixed_dictionaries(must, optional=rest), extras)

    return st.sampled_from(require_any).flatmap(with_group)


def _merge(known: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    return {**extra, **known}


def maybe_untagged(
    values: SearchStrategy[dict[str, Any]],
    prop: str,
    groups: tuple[tuple[str, ...], ...],
    others: tuple[tuple[str, ...], ...],
) -> SearchStrategy[dict[str, Any]]:
    """Objects that sometimes leave their discriminator out, where a union allows it: only when
    one of the member's groups of fields is present and none of the other members' groups is."""

    def fits(value: dict[str, Any], choices: tuple[tuple[str, ...], ...]) -> bool:
        return any(all(name in value for name in group) for group in choices)

    def build(value: dict[str, Any], drop: bool) -> dict[str, Any]:
        if drop and fits(value, groups) and not fits(value, others):
            return {k: v for k, v in value.items() if k != prop}
        return value

    return st.builds(build, values, st.booleans())
