from __future__ import annotations

from rtgen.model import Model


def emit_strategies(model: Model) -> str:
    return "# placeholder\n"
