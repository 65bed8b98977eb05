"""Printing the results: one table per section, the 15 MiB row, the memory table."""

from __future__ import annotations

import sys
from typing import Any

from benchmarks import rows, stream

HEADERS = {
    "decode": "decode {what}: bytes -> object; floor orjson.loads",
    "encode": "encode {what}: decoded object -> JSON; floor orjson.dumps(dict)",
    "build": "build input_audio_buffer.append from raw PCM; floor orjson.dumps({{...b64encode}})",
    "validate": "validate {what}: bytes -> findings; floor orjson.loads",
    "read": "read {what}: bytes -> dict + duplicate keys and big integers; floor orjson.loads",
}
WHAT = {
    "mixed": "mixed server stream",
    "spaced": "mixed server stream as json.dumps spaces it",
    "15mib": "one 15 MiB input_audio_buffer.append",
}
VALIDATE_NOTES = (
    "validate: bytes in -> findings out (a list; [] when valid), floor orjson.loads alone",
    "  jsonschema: Draft202012Validator over the rt_codec registry, list(iter_errors(loads(b)));",
    "    the whole-union row validates against unions/realtime-server.json (a oneOf of every",
    f"    event) and times the first {rows.UNION_EVENTS} events of each stream for "
    f"{rows.UNION_ROUNDS} rounds",
    "  jsonschema_rs: one validator per type over a jsonschema_rs.Registry of every schema file",
    "    (no network): is_valid(loads(b)), and list(iter_errors(...)) only when that is False",
    "  fastjsonschema: one compiled validator per type, its resolver served the packaged files",
    "    (a $ref beside other keywords moved into an allOf); validate(loads(b)) in try/except",
    "    (it stops at the first error)",
    "  base64: rt_codec checks it; fastjsonschema b64decodes contentEncoding (lenient);",
    "    jsonschema and jsonschema_rs treat contentEncoding as an annotation",
    "  checked first: each row runs its contender on every distinct event of its stream (all are",
    "    valid); rt_codec must find nothing, any other contender's findings show under its row",
)
COLUMNS = f"  {'contender':<38} {'events':>6} {'ns/event':>11} {'floor ns':>9} {'ratio':>9} noise"


def section_title(section: str) -> str:
    kind, _, what = section.partition(":")
    return HEADERS[kind].format(what=WHAT.get(what, stream.STREAMS.get(what, what)))


def row_line(res: dict[str, Any]) -> str:
    label = rows.label(res["row"])
    if res["status"] != "ok":
        return f"  {label:<38} {res['status']}"
    notes = [f"skipped: {', '.join(res['skipped'])}"] if res.get("skipped") else []
    notes += [res["note"]] if res.get("note") else []
    note = f"  ({'; '.join(notes)})" if notes else ""
    lines = [
        f"  {label:<38} {res['n']:>6} {res['contender_ns']:>11,.0f} {res['floor_ns']:>9,.0f}"
        f" {res['ratio']:>8.2f}x {res['noise'] * 100:>5.0f}%{note}"
    ]
    lines += [f"    finds valid events invalid: {line}" for line in res.get("disagree", ())]
    return "\n".join(lines)


def big(res: dict[str, Any]) -> str:
    """The 15 MiB append row."""
    label = rows.label(res["row"])
    if res["status"] != "ok":
        return f"  {label:<38} {res['status']}"
    size = res["size"]
    peak = f"{res['contender_peak'] / size:.2f}x (floor {res['floor_peak'] / size:.2f}x)"
    lines = [
        f"  {'':<38} {'ms/call':>11} {'floor ms':>9} {'ratio':>9} noise",
        f"  {label:<38} {res['contender_ns'] / 1e6:>11.1f}"
        f" {res['floor_ns'] / 1e6:>9.1f} {res['ratio']:>8.2f}x {res['noise'] * 100:>5.0f}%",
        f"  peak memory added during one call, over the {size:,}-byte message:",
        f"    tracemalloc {peak}; it counts orjson's parse buffer at its reserved size",
    ]
    if res["contender_rss"] is not None and res["floor_rss"] is not None:
        rss = f"{res['contender_rss'] / size:.2f}x (floor {res['floor_rss'] / size:.2f}x)"
        lines.append(f"    resident (VmHWM) {rss}")
    return "\n".join(lines)


def memory(results: list[dict[str, Any]]) -> str:
    lines = ["", "memory: bytes retained per decoded event; orjson dict = 1.00x"]
    ok = [r for r in results if r["status"] == "ok"]
    for which in ("mixed", *rows.TYPED):
        lines.append(f"  [{'mixed stream' if which == 'mixed' else stream.STREAMS[which]}]")
        if ok:  # the floor as the first child that ran measured it
            floor = ok[0]["streams"][which]["floor_bytes"]
            lines.append(f"    {'orjson.loads dict':<36} {floor:>11,.0f} B  {1:>6.2f}x")
        for res in results:
            label = rows.label(res["row"])
            if res["status"] != "ok":
                lines.append(f"    {label:<36} {res['status']}")
                continue
            m = res["streams"][which]
            note = f"  (skipped: {', '.join(m['skipped'])})" if m["skipped"] else ""
            lines.append(
                f"    {label:<36} {m['contender_bytes']:>11,.0f} B  {m['ratio']:>6.2f}x{note}"
            )
    return "\n".join(lines)


class Printer:
    """Prints each row as it comes, with a section title when the section changes."""

    def __init__(self) -> None:
        self.section = ""

    def row(self, section: str, res: dict[str, Any]) -> None:
        if section == "validate-15mib":
            print(
                "\nvalidate one input_audio_buffer.append carrying 15 MiB of audio "
                f"({stream.BIG_PCM * 4 // 3:,} base64 characters); median of its calls"
            )
            print(big(res))
        else:
            if section != self.section:
                if section.startswith("validate:") and not self.section.startswith("validate:"):
                    print("\n" + "\n".join(VALIDATE_NOTES))
                print("\n" + section_title(section))
                print(COLUMNS)
            print(row_line(res))
        self.section = section
        sys.stdout.flush()
