"""Checking base64 text (RFC 4648, standard alphabet, padded) without decoding it."""

from __future__ import annotations

import re
from typing import Final

_ALPHABET_AND_PAD: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_NOT_ALPHABET: Final = re.compile(r"[^A-Za-z0-9+/=]")


def b64_ok(text: str) -> bool:
    """True when `text` is well-formed base64. C-speed calls only; the text is copied once."""
    n = len(text)
    if n % 4 or not text.isascii():
        return False
    pad = text.find("=")
    if pad != -1 and (pad < n - 2 or text[-1] != "="):
        return False
    return not text.encode("ascii").translate(None, _ALPHABET_AND_PAD)


RULES: Final = frozenset({"base64.length", "base64.alphabet", "base64.padding"})
"""The rule ids of `b64_problems`."""


def b64_problems(text: str) -> list[tuple[str, str]]:
    """(rule, message) for each way `text` is not base64: its length, alphabet or padding."""
    problems = []
    n = len(text)
    if n % 4:
        problems.append(
            ("base64.length", f"Base64 text is {n} characters long, not a multiple of 4")
        )
    bad = _NOT_ALPHABET.search(text)
    if bad is not None:
        char = bad.group()
        shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        problems.append(
            (
                "base64.alphabet",
                f"Character {shown} at offset {bad.start()} is not in the base64 alphabet",
            )
        )
    first = text.find("=")
    if first != -1:
        trailing = n - first
        if text.count("=", first) != trailing:
            problems.append(
                ("base64.padding", f"Padding '=' at offset {first} is followed by data")
            )
        elif trailing > 2:
            problems.append(
                (
                    "base64.padding",
                    f"{trailing} padding characters at the end; at most 2 are allowed",
                )
            )
    return problems


def decoded_size(text: str) -> int:
    """How many bytes well-formed base64 `text` decodes to, from its length and padding alone."""
    padding = 2 if text.endswith("==") else 1 if text.endswith("=") else 0
    return len(text) // 4 * 3 - padding
