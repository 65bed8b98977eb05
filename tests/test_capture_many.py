"""Many captures: each checked into a report of its own and merged in input order gives the report
one report would have had, and `rt-codec validate --jobs N` prints the same as with one process."""

from __future__ import annotations

import io
import multiprocessing
import os
from pathlib import Path

import orjson
import pytest

from rt_codec import capture, cli
from rt_codec.capture._check import OTHER_TYPES
from tests.conftest import ROOT

SAMPLES = [
    *sorted(str(p) for p in (ROOT / "samples").glob("*.jsonl")),
    str(ROOT / "samples" / "voice-session.har"),
]


def one_report(paths: list[str], **options: object) -> capture.Report:
    """The captures checked in order into one report, as `check(report=...)` does."""
    report = capture.Report(**options)  # type: ignore[arg-type]
    for path in paths:
        capture.check(path, report=report)
    return report


@pytest.mark.parametrize("max_violations", [capture.MAX_VIOLATIONS, 3])
def test_merged_reports_are_the_report_of_all(max_violations: int) -> None:
    merged = capture.merged(
        (capture.check_file(p, max_violations=max_violations) for p in SAMPLES),
        max_violations=max_violations,
    )
    whole = one_report(SAMPLES, max_violations=max_violations)
    assert merged.to_dict() == whole.to_dict()
    assert dict(merged.shown) == dict(whole.shown) and merged.types == whole.types
    assert merged.events > 100 and sum(merged.rules.values()) > 10
    if max_violations == 3:
        assert len(merged.violations) == 3 and merged.omitted == sum(merged.rules.values()) - 3


def test_merging_refuses_reports_of_other_rules_itself_and_non_reports() -> None:
    path = SAMPLES[0]
    session = capture.check_file(path, select=["session"])
    rest = capture.check_file(path, ignore=["session"])
    with pytest.raises(ValueError, match=r"select=\[\] ignore=\['session'\]"):
        capture.merged([session, rest])
    with pytest.raises(ValueError, match="select"):
        capture.merged([capture.check_file(path), session])
    same = capture.check_file(path, select=["capture", "session"])
    merged = capture.merged([capture.check_file(path, select=["session", "capture"]), same])
    assert merged.events == 2 * same.events  # the same rules in another order merge
    with pytest.raises(ValueError, match="into itself"):
        same.merge(same)
    with pytest.raises(TypeError, match="not str"):
        capture.merged([same, "report"])  # type: ignore[list-item]


def test_check_files_refuses_one_path_for_a_list_and_a_non_int_jobs() -> None:
    for paths in (SAMPLES[0], Path(SAMPLES[0])):
        with pytest.raises(TypeError, match="a list of paths"):
            capture.check_files(paths)  # type: ignore[arg-type]
    for jobs in (2.5, True):
        with pytest.raises(TypeError, match="jobs must be an int"):
            capture.check_files(SAMPLES[:1], jobs=jobs)  # type: ignore[arg-type]


def _types_capture(path: Path, first: int, count: int) -> str:
    """Client events of `count` distinct unknown types: each a finding and a type counted."""
    lines = [
        orjson.dumps({"direction": "client", "event": {"type": f"x.type_{i}"}})
        for i in range(first, first + count)
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return str(path)


def test_types_and_findings_past_the_bounds_fold_as_in_one_report(tmp_path: Path) -> None:
    """Each file alone stays under the 200 types a direction keeps; together they pass it, and the
    merge folds the later ones into "(other types)" as one report would."""
    paths = [
        _types_capture(tmp_path / "a.jsonl", 0, 150),
        _types_capture(tmp_path / "b.jsonl", 150, 150),
        _types_capture(tmp_path / "c.jsonl", 0, 20),  # types seen before: counted by name
    ]
    merged = capture.merged(capture.check_file(p) for p in paths)
    whole = one_report(paths)
    assert merged.to_dict() == whole.to_dict()
    assert merged.types == whole.types
    client = merged.types["client"]
    assert client[OTHER_TYPES] == 100 and client["x.type_0"] == 2
    assert merged.limits["types"] == 100


def test_check_files_in_processes_is_the_same(tmp_path: Path) -> None:
    one = capture.check_files(SAMPLES, jobs=1)
    two = capture.check_files(SAMPLES, jobs=2)
    assert one.to_dict() == two.to_dict()
    assert [s.file for s in two.inputs] == [capture.display_name(p) for p in SAMPLES]


def test_check_files_says_what_it_cannot_read(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.jsonl")
    with pytest.raises(FileNotFoundError):
        capture.check_files([SAMPLES[0], missing])
    for jobs in (1, 2):
        errors: list[str] = []
        report = capture.check_files(
            [SAMPLES[0], missing, SAMPLES[1]], jobs=jobs, on_error=errors.append
        )
        assert errors == [f"{capture.display_name(missing)}: no such file or directory"]
        assert len(report.inputs) == 2
    with pytest.raises(ValueError, match="at least 1"):
        capture.check_files(SAMPLES, jobs=0)
    with pytest.raises(ValueError, match="matches no rule"):
        capture.check_files(SAMPLES, ignore=["nonsense.rule"])


def _cli(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        code = cli.main(list(args), out, err, stdin=io.BytesIO(stdin))
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "options",
    [
        ["--json"],
        [],
        ["--json", "--max-findings", "4", "--ignore", "session.unannounced"],
        ["--select", "schema"],
    ],
    ids=["json", "text", "bounded-json", "select"],
)
def test_jobs_print_the_same_report(tmp_path: Path, options: list[str]) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    inputs = [
        "samples",
        str(tmp_path / "missing.jsonl"),
        str(tmp_path / "empty.jsonl"),
        "-",
        "samples/defects.jsonl",
    ]
    defects = (ROOT / "samples" / "defects.jsonl").read_bytes()
    one = _cli("validate", *inputs, *options, stdin=defects)
    two = _cli("validate", *inputs, *options, "--jobs", "2", stdin=defects)
    assert one == two
    code, out, err = one
    assert code == 2 and "missing.jsonl: no such file or directory" in err and out


def _die(*args: object) -> object:
    os._exit(9)  # a worker killed mid-file (out of memory, a signal)


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patch reaches forked workers only"
)
def test_a_worker_that_dies_is_an_error_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from rt_codec.capture import _many

    monkeypatch.setattr(_many, "_job", _die)  # forked workers inherit the patch
    errors: list[str] = []
    report = capture.check_files(SAMPLES[:2], jobs=2, on_error=errors.append)
    assert len(errors) == 2 and "ended without a report" in errors[0]
    assert report.events == 0
