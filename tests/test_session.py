"""Session checks across events, one rule at a time."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rt_codec.session import SessionChecker

SCOPE = {"response_id": "r1", "item_id": "i1", "output_index": 0, "content_index": 0}


def run(events: list[tuple[str, dict[str, Any]]]) -> list[tuple[int, str, str]]:
    checker = SessionChecker("realtime")  # one rule at a time: these events mix beta and GA names
    found = []
    for index, (direction, event) in enumerate(events):
        found += [(index, v.path, v.rule) for v in checker.check(direction, event)]
    return found


def announced() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("server", {"type": "session.created", "event_id": "s0", "session": {}}),
        ("server", {"type": "response.created", "event_id": "s1", "response": {"id": "r1"}}),
        (
            "server",
            {
                "type": "response.output_item.added",
                "event_id": "s2",
                "response_id": "r1",
                "item": {"id": "i1"},
            },
        ),
        ("server", {"type": "response.content_part.added", "event_id": "s3", **SCOPE}),
    ]


def test_a_clean_stream_has_no_findings() -> None:
    events = [
        *announced(),
        (
            "server",
            {"type": "response.output_text.delta", "event_id": "s4", **SCOPE, "delta": "Hel"},
        ),
        (
            "server",
            {"type": "response.output_text.delta", "event_id": "s5", **SCOPE, "delta": "lo"},
        ),
        (
            "server",
            {"type": "response.output_text.done", "event_id": "s6", **SCOPE, "text": "Hello"},
        ),
        ("server", {"type": "response.done", "event_id": "s7", "response": {"id": "r1"}}),
    ]
    assert run(events) == []


def test_duplicate_event_ids_per_direction() -> None:
    events = [
        ("client", {"type": "response.create", "event_id": "x"}),
        ("server", {"type": "input_audio_buffer.cleared", "event_id": "x"}),
        ("client", {"type": "response.cancel", "event_id": "x"}),
    ]
    assert run(events) == [(2, "/event_id", "session.duplicate_event_id")]


def test_unannounced_response_item_and_part() -> None:
    base = announced()
    assert run(
        [
            *base,
            (
                "server",
                {
                    "type": "response.output_text.delta",
                    "event_id": "d",
                    **SCOPE,
                    "response_id": "r9",
                    "delta": "x",
                },
            ),
        ]
    ) == [(4, "/response_id", "session.unannounced")]
    assert run(
        [
            *base,
            (
                "server",
                {
                    "type": "response.output_text.delta",
                    "event_id": "d",
                    **SCOPE,
                    "item_id": "i9",
                    "delta": "x",
                },
            ),
        ]
    ) == [(4, "/item_id", "session.unannounced")]
    assert run(
        [
            *base,
            (
                "server",
                {
                    "type": "response.output_text.delta",
                    "event_id": "d",
                    **SCOPE,
                    "content_index": 3,
                    "delta": "x",
                },
            ),
        ]
    ) == [(4, "/content_index", "session.unannounced")]


def test_announcements_are_checked_only_from_session_start() -> None:
    mid_session = [
        ("server", {"type": "response.output_text.delta", "event_id": "d", **SCOPE, "delta": "x"})
    ]
    assert run(mid_session) == []


def test_events_after_response_done() -> None:
    events = [
        *announced(),
        ("server", {"type": "response.done", "event_id": "s4", "response": {"id": "r1"}}),
        (
            "server",
            {"type": "response.output_audio.delta", "event_id": "s5", **SCOPE, "delta": "AAAA"},
        ),
    ]
    assert run(events) == [(5, "/response_id", "session.after_done")]


def test_deltas_that_do_not_add_up() -> None:
    call = {"response_id": "r1", "item_id": "i1", "output_index": 0, "call_id": "c1"}
    events = [
        *announced(),
        (
            "server",
            {
                "type": "response.function_call_arguments.delta",
                "event_id": "s4",
                **call,
                "delta": '{"a":',
            },
        ),
        (
            "server",
            {
                "type": "response.function_call_arguments.done",
                "event_id": "s5",
                **call,
                "name": "f",
                "arguments": '{"a":1}',
            },
        ),
        (
            "server",
            {
                "type": "conversation.item.input_audio_transcription.delta",
                "event_id": "s6",
                "item_id": "u1",
                "content_index": 0,
                "delta": "hi",
            },
        ),
        (
            "server",
            {
                "type": "conversation.item.input_audio_transcription.completed",
                "event_id": "s7",
                "item_id": "u1",
                "content_index": 0,
                "transcript": "hi",
                "usage": {},
            },
        ),
    ]
    assert run(events) == [(5, "/arguments", "session.delta_mismatch")]


def test_error_naming_a_client_event_never_sent() -> None:
    events = [
        ("client", {"type": "response.create", "event_id": "c1"}),
        (
            "server",
            {
                "type": "error",
                "event_id": "s1",
                "error": {"type": "t", "message": "m", "event_id": "c1"},
            },
        ),
        (
            "server",
            {
                "type": "error",
                "event_id": "s2",
                "error": {"type": "t", "message": "m", "event_id": "c2"},
            },
        ),
        (
            "server",
            {
                "type": "error",
                "event_id": "s3",
                "error": {"type": "t", "message": "m", "event_id": None},
            },
        ),
    ]
    assert run(events) == [(2, "/error/event_id", "session.unknown_error_source")]


def test_a_new_session_starts_afresh() -> None:
    events = [
        ("server", {"type": "session.created", "event_id": "a"}),
        ("server", {"type": "session.created", "event_id": "a"}),
    ]
    assert run(events) == []


WIRE_TYPES = [
    "session.created",
    "response.created",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.done",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.done",
    "error",
]
JSON = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=4), st.floats(allow_nan=False)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=2), st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)
FIELDS = [
    "event_id",
    "response_id",
    "item_id",
    "content_index",
    "delta",
    "text",
    "arguments",
    "response",
    "item",
    "error",
]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["client", "server", None]),
            st.fixed_dictionaries(
                {"type": st.one_of(st.sampled_from(WIRE_TYPES), JSON)},
                optional={
                    name: st.one_of(JSON, st.sampled_from(["r1", "i1", 0])) for name in FIELDS
                },
            ),
        ),
        max_size=12,
    )
)
def test_any_events_in_any_order_never_crash(
    events: list[tuple[str | None, dict[str, Any]]],
) -> None:
    checker = SessionChecker()
    for direction, event in events:
        for violation in checker.check(direction, event):
            assert violation.rule.startswith("session.")
            assert violation.path.startswith("/")


def _naive_diverge(joined: str, final: str) -> int | None:
    """Where two texts part (the first differing index, or the shorter length), None if equal."""
    if joined == final:
        return None
    for offset, (a, b) in enumerate(zip(joined, final, strict=False)):
        if a != b:
            return offset
    return min(len(joined), len(final))


@given(
    st.lists(st.text(alphabet="ab\u00e9\U0001f600", max_size=3000), max_size=8),
    st.integers(0, 12_000),
    st.sampled_from(["", "x", "ab"]),
    st.sampled_from(["replace", "cut", "extend", "same"]),
)
def test_a_stream_kept_as_digests_says_what_the_whole_text_would(
    pieces: list[str], at: int, change: str, how: str
) -> None:
    from rt_codec.session import BLOCK, _Stream

    stream = _Stream()
    for piece in pieces:
        stream.add(piece)
    joined = "".join(pieces)
    at = min(at, len(joined))
    if how == "replace":
        final = joined[:at] + change + joined[at + len(change) :]
    elif how == "cut":
        final = joined[:at]
    elif how == "extend":
        final = joined + change
    else:
        final = joined
    expected = _naive_diverge(joined, final)
    said = stream.diverge(final)
    assert (said is None) == (expected is None)
    if expected is not None and said is not None:
        if "between characters" in said:  # inside a block kept as a digest: a range
            low, high = (int(w) for w in said.split("between characters ")[1].split(" and "))
            assert low <= expected < high and high - low == BLOCK
        else:
            assert said.endswith(f"character {expected}")
    assert stream.length == len(joined) and stream.count == len(pieces)


def test_memory_for_a_long_stream_is_a_block_and_digests() -> None:
    from rt_codec.session import BLOCK, _Stream

    stream = _Stream()
    for _ in range(300_000):
        stream.add("word ")
    kept = len(stream.first) + sum(len(t) for t in stream.tail)
    assert kept < 2 * BLOCK
    assert len(stream.digests) == 1_500_000 // BLOCK - 1
    assert stream.diverge("word " * 300_000) is None


def test_unfinished_streams_are_forgotten_past_the_limit(monkeypatch: Any) -> None:
    from rt_codec import session

    monkeypatch.setattr(session, "MAX_STREAMS", 10)
    checker = session.SessionChecker()
    for n in range(25):
        checker.check(
            "server",
            {
                "type": "response.output_text.delta",
                "response_id": "r",
                "item_id": f"i{n}",
                "content_index": 0,
                "delta": "x",
            },
        )
    assert len(checker.deltas) == 10
    assert checker.limits["streams"] == 15


def test_a_mix_of_dialects_is_reported_once_by_the_checker() -> None:
    checker = SessionChecker()
    ga = {"type": "response.output_audio.delta", "response_id": "r", "item_id": "i", "delta": ""}
    beta = {**ga, "type": "response.audio.delta"}
    found = []
    for event in (ga, beta, beta, ga):
        found.append(([v.rule for v in checker.check("server", event)], checker.dialect))
    assert found == [
        ([], "realtime"),
        (["session.dialect_mix"], "beta"),
        ([], "beta"),
        ([], "realtime"),
    ]
    assert checker.dialects == {"realtime": 2, "beta": 2}
    fixed = SessionChecker("beta")
    assert (fixed.check("server", ga), fixed.dialect) == ([], "beta")


def test_a_beta_session_is_checked_with_the_beta_events_facts() -> None:
    """The beta names carry their own `x-scope`/`x-stream`: a beta session's streams add up to
    beta done events, and the messages name the beta events."""
    checker = SessionChecker("beta")
    scope = {"response_id": "r1", "item_id": "i1", "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "session.created", "event_id": "s0", "session": {}},
        {"type": "response.created", "event_id": "s1", "response": {"id": "r1"}},
        {"type": "response.output_item.added", "response_id": "r1", "item": {"id": "i1"}},
        {"type": "response.content_part.added", **scope},
        {"type": "response.text.delta", **scope, "delta": "hel"},
        {"type": "response.text.done", **scope, "text": "help"},
        {"type": "response.audio.delta", **scope, "response_id": "r2", "delta": ""},
        {"type": "response.done", "response": {"id": "r1"}},
        {"type": "response.audio_transcript.delta", **scope, "delta": "x"},
    ]
    found = [
        (i, v.rule, v.message) for i, e in enumerate(events) for v in checker.check("server", e)
    ]
    assert [(i, rule) for i, rule, _ in found] == [
        (5, "session.delta_mismatch"),
        (6, "session.unannounced"),
        (8, "session.after_done"),
    ]
    assert "response.text.delta deltas" in found[0][2]
    assert found[1][2].endswith("never announced by response.created")
    assert found[2][2].endswith("already ended with response.done")


def _transport(state: str, event_id: str) -> tuple[str, dict[str, Any]]:
    event: dict[str, Any] = {"type": f"transport.{state}", "event_id": event_id, "session_id": "s"}
    if state == "failed":
        event["error"] = {"type": "call_error", "code": "busy", "message": "Busy"}
    return "server", event


def _transitions(states: list[str]) -> list[tuple[int, str]]:
    checker = SessionChecker("live")
    found = []
    for index, state in enumerate(states):
        direction, event = _transport(state, f"e{index}")
        found += [(index, v.rule) for v in checker.check(direction, event)]
    return found


def test_transport_transitions_follow_the_catalogue() -> None:
    """Ringing, then answered or failed (x-transition on the Live transport events)."""
    assert _transitions(["ringing", "answered"]) == []
    assert _transitions(["ringing", "ringing", "failed"]) == []
    assert _transitions(["answered"]) == [(0, "session.transition")]
    assert _transitions(["failed", "ringing", "answered"]) == [(0, "session.transition")]
    assert _transitions(["ringing", "failed", "answered", "ringing"]) == [
        (2, "session.transition"),
        (3, "session.transition"),
    ]


def test_a_transition_message_names_what_was_missing_or_final() -> None:
    checker = SessionChecker("live")
    (first,) = checker.check(*_transport("answered", "e1"))
    assert first.message == "transport.answered without transport.ringing before it"
    assert checker.check(*_transport("ringing", "e2")) == []
    assert checker.check(*_transport("failed", "e3")) == []
    (late,) = checker.check(*_transport("answered", "e4"))
    assert late.message.endswith("after transport.failed, which ended the transport")


def test_a_new_live_session_starts_the_transport_afresh() -> None:
    checker = SessionChecker("live")
    started = {
        "type": "session.started",
        "event_id": "s1",
        "session": {"id": "s", "expires_at": 1, "model": "gpt-live-1", "status": "active"},
    }
    assert checker.check(*_transport("ringing", "e1")) == []
    assert checker.check(*_transport("answered", "e2")) == []
    checker.check("server", started)
    assert [v.rule for v in checker.check(*_transport("answered", "e3"))] == ["session.transition"]


def test_auto_mode_tells_a_live_session_by_its_names() -> None:
    checker = SessionChecker("auto")
    checker.check("client", {"type": "session.start", "session": {"model": "gpt-live-1"}})
    assert checker.dialect == "live"
    # an event Live shares with realtime and beta is then Live's
    checker.check("server", {"type": "error", "event_id": "e1", "error": {}})
    assert checker.dialect == "live"
    found = checker.check("server", {"type": "response.output_audio.delta", "event_id": "e2"})
    assert [v.rule for v in found] == ["session.dialect_mix"]
