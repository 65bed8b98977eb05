"""Messages for a field a closed object does not know: where it belongs now, when it is a field of
the other dialect (convert's mapping tables know), or the field it is most likely a typo of."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from rt_codec._runtime import named


def unknown_field(title: object, name: str, known: Iterable[str]) -> str:
    """ "Field `voice` is not allowed here: GA has it at `audio.output.voice`" and the like."""
    message = f"Field {named(name)} is not allowed here"
    from rt_codec.convert import field_hints  # the mapping tables: loaded once a field is unknown

    hint = field_hints().get(title, {}).get(name) if isinstance(title, str) else None
    if hint is not None:
        return f"{message}: {hint}"
    if len(name) <= 64:
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean `{close[0]}`?"
    return message
