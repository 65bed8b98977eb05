"""Benchmarks of rt_codec against orjson, msgspec, pydantic and the openai SDK, and JSON Schema
validators, on a generated Realtime voice session. Run from the repository root:

    pip install -e '.[bench]'        # msgspec, pydantic, openai, jsonschema-rs, fastjsonschema
    python -m benchmarks             # every row, about 3 minutes
    python -m benchmarks --quick     # the main rows, about 15 seconds
    python -m benchmarks --smoke     # every contender once on a tiny stream (what the test runs)
    python -m benchmarks.capture     # `rt-codec validate` on large captures: time, peak RSS

Modules: `stream` builds the events, `contenders.*` hold one contender each (what it decodes,
encodes, builds or validates with), `rows` names the rows and runs one, `harness` times and weighs,
`checks` verifies every contender on every event before anything is timed, `report` prints, and
`cli` is the command line (`--help` describes the method).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"

# The sample builders (tools/sample_builders.py) and the generator's schema loader (tools/rtgen)
# are imported from the checkout, as the tests import them.
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
