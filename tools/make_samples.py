"""Write the sample captures in samples/ (deterministic; run again after a protocol change).

    python tools/make_samples.py

- voice-session.jsonl: a clean voice session as envelopes: set-up, a spoken question, an answer
  with a function call and its output, then a spoken answer.
- voice-session.har: the same session as a browser DevTools HAR export (one WebSocket entry, plus a
  binary frame and an ordinary HTTP entry, as real exports have).
- defects.jsonl: the same kind of session with planted defects, one or more per rule.
- voicelive-defects.jsonl: the Azure Voice Live sample session (voicelive-session.jsonl, written by
  tools/voicelive_capture.py from the SDK's models) with planted defects.
- beta-session.jsonl: the voice session in the beta protocol (`OpenAI-Beta: realtime=v1`), made with
  rt_codec.convert.ga_to_beta; beta announces items with conversation.item.created.
- live-session.jsonl: a clean OpenAI Live API session (a phone call seen from a sideband: start,
  ringing and answer, audio at 16 kHz both ways, transcripts, a trigger's decision, a client
  delegation answered with thinking/commentary/instructions, a Responses response, DTMF, usage,
  close).
- live-defects.jsonl: the same Live session with planted defects, one or more per rule it trips.
"""

from __future__ import annotations

import json
from pathlib import Path

from sample_builders import (
    beta_session,
    defects,
    har,
    live_defects,
    live_session,
    voice_session,
    voicelive_defects,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def main() -> None:
    session = voice_session()
    with open(SAMPLES / "voice-session.jsonl", "w") as out:
        for line in session.lines:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    with open(SAMPLES / "voice-session.har", "w") as out:
        json.dump(har(session), out, indent=2)
        out.write("\n")
    with open(SAMPLES / "defects.jsonl", "wb") as binary:
        binary.write(b"\n".join(defects()) + b"\n")
    beta = beta_session(session)
    with open(SAMPLES / "beta-session.jsonl", "w") as out:
        for line in beta:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    voicelive = [json.loads(line) for line in (SAMPLES / "voicelive-session.jsonl").open()]
    with open(SAMPLES / "voicelive-defects.jsonl", "w") as out:
        for line in voicelive_defects(voicelive):
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    live = live_session()
    with open(SAMPLES / "live-session.jsonl", "w") as out:
        for line in live.lines:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    with open(SAMPLES / "live-defects.jsonl", "w") as out:
        for line in live_defects(live):
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    print(
        f"wrote {len(session.lines)} events to samples/voice-session.jsonl and .har, "
        f"{len(beta)} to samples/beta-session.jsonl, {len(live.lines)} to "
        "samples/live-session.jsonl; samples/defects.jsonl, samples/live-defects.jsonl and "
        "samples/voicelive-defects.jsonl (from samples/voicelive-session.jsonl, which "
        "tools/voicelive_capture.py writes with the Voice Live SDK)"
    )


if __name__ == "__main__":
    main()
