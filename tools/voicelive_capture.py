"""Write samples/voicelive-session.jsonl: an Azure AI Voice Live session (dated api-versions, the
beta-shaped protocol) built from the azure-ai-voicelive SDK's own models, so that the sample is the
JSON the SDK sends and parses, not our reading of it.

    python3 -m venv /tmp/vl && /tmp/vl/bin/pip install azure-ai-voicelive==1.3.1 -e .
    /tmp/vl/bin/python tools/voicelive_capture.py

Not run by the tests (the SDK is no dependency of ours); tools/make_samples.py plants defects in
the sample it writes (samples/voicelive-defects.jsonl). The session: an update with an Azure voice,
Azure semantic VAD with end-of-utterance detection, deep noise suppression, echo cancellation, an
avatar and animation, 16 kHz audio in and out; a spoken question with its phrases, a spoken answer
with word timestamps, visemes and blendshapes, avatar events, a warning, a turn-based audio input and
streamed text input.
"""

from __future__ import annotations

import base64
import json
import math
import struct
from pathlib import Path
from typing import Any

from azure.ai.voicelive import models as m  # type: ignore[import-not-found]

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "voicelive-session.jsonl"


def tone(rate: int, ms: int, freq: float = 220.0) -> str:
    """Base64 16-bit mono PCM: a sine of `freq` Hz, `ms` long, at `rate` samples a second."""
    count = rate * ms // 1000
    samples = (int(8000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(count))
    return base64.b64encode(b"".join(struct.pack("<h", s) for s in samples)).decode()


class Capture:
    """Envelopes `{"ts", "direction", "event"}`, one a line, with event ids where the SDK left
    them out (the server always sends them)."""

    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []
        self.ts = 0.0
        self.count = {"client": 0, "server": 0}

    def add(self, direction: str, event: Any, dt: float = 0.05) -> None:
        wire: dict[str, Any] = event.as_dict()
        if "event_id" not in wire:
            self.count[direction] += 1
            wire["event_id"] = f"{direction}_{self.count[direction]:04d}"
        self.ts = round(self.ts + dt, 3)
        self.lines.append({"ts": self.ts, "direction": direction, "event": wire})

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            for line in self.lines:
                out.write(json.dumps(line, separators=(",", ":")) + "\n")


def session() -> Any:
    voice = m.AzureStandardVoice(
        name="en-US-Ava:DragonHDLatestNeural",
        temperature=0.8,
        locale="en-US",
        style="cheerful",
        rate="+5%",
        pitch="+2%",
        prefer_locales=["en-US", "es-ES"],
    )
    vad = m.AzureSemanticVad(
        threshold=0.3,
        prefix_padding_ms=200,
        silence_duration_ms=200,
        remove_filler_words=True,
        languages=["en"],
        create_response=True,
        interrupt_response=True,
        end_of_utterance_detection=m.AzureSemanticDetection(
            threshold_level="default", timeout_ms=1000
        ),
    )
    avatar = m.AvatarConfig(
        avatar_type="video-avatar",
        character="lisa",
        style="casual-sitting",
        customized=False,
        video=m.VideoParams(
            bitrate=2000000, codec="h264", resolution=m.VideoResolution(width=1920, height=1080)
        ),
    )
    return m.RequestSession(
        model="gpt-realtime",
        modalities=["text", "audio", "avatar", "animation"],
        instructions="You are a helpful voice assistant.",
        voice=voice,
        input_audio_format="pcm16",
        input_audio_sampling_rate=16000,
        output_audio_format="pcm16_16000hz",
        turn_detection=vad,
        input_audio_noise_reduction=m.AudioNoiseReduction(type="azure_deep_noise_suppression"),
        input_audio_echo_cancellation=m.AudioEchoCancellation(),
        input_audio_transcription=m.AudioInputTranscriptionOptions(
            model="azure-speech", language="en-US", phrase_list=["Contoso"]
        ),
        avatar=avatar,
        animation=m.Animation(outputs=["blendshapes", "viseme_id"]),
        output_audio_timestamp_types=["word"],
        include=["item.input_audio_transcription.phrases"],
    )


def build() -> Capture:
    c = Capture()
    resp, user, assistant = "resp_VL1", "item_VL_U1", "item_VL_A1"
    at = {"response_id": resp, "item_id": assistant, "output_index": 0, "content_index": 0}
    settings = session()
    c.add("client", m.ClientEventSessionUpdate(session=settings), dt=0.0)
    reported = {**settings.as_dict(), "id": "sess_VL1", "expires_at": 1767229200}
    c.add("server", m.ServerEventSessionCreated(session=m.ResponseSession(reported)))
    c.add("server", m.ServerEventSessionUpdated(session=m.ResponseSession(reported)))
    c.add("client", m.ClientEventSessionAvatarConnect(client_sdp="djA9MA=="))
    c.add("server", m.ServerEventSessionAvatarConnecting(server_sdp="djA9MQ=="))
    for _ in range(3):  # 200 ms of 16 kHz audio each: 6,400 bytes
        c.add("client", m.ClientEventInputAudioBufferAppend(audio=tone(16000, 200)), dt=0.2)
    c.add("server", m.ServerEventInputAudioBufferSpeechStarted(audio_start_ms=120, item_id=user))
    c.add("server", m.ServerEventInputAudioBufferSpeechStopped(audio_end_ms=580, item_id=user))
    c.add("server", m.ServerEventInputAudioBufferCommitted(item_id=user))
    phrase = m.TranscriptionPhrase(
        offset_milliseconds=120, duration_milliseconds=460, text="Hello Contoso.", confidence=0.93
    )
    c.add(
        "server",
        m.ServerEventConversationItemInputAudioTranscriptionCompleted(
            item_id=user, content_index=0, transcript="Hello Contoso.", phrases=[phrase]
        ),
    )
    c.add("client", m.ClientEventResponseCreate(additional_instructions="Greet by brand name."))
    c.add(
        "server",
        m.ServerEventResponseCreated(response=m.Response(id=resp, status="in_progress", output=[])),
    )
    item = m.ResponseMessageItem(id=assistant, role="assistant", status="in_progress", content=[])
    c.add(
        "server", m.ServerEventResponseOutputItemAdded(response_id=resp, output_index=0, item=item)
    )
    part = m.ResponseAudioContentPart(transcript="")
    c.add("server", m.ServerEventResponseContentPartAdded(**at, part=part))
    c.add("server", m.ServerEventSessionAvatarSwitchToSpeaking(turn_id=resp))
    c.add("server", m.ServerEventResponseAudioDelta(**at, delta=tone(16000, 240, 330.0)))
    c.add("server", m.ServerEventResponseAudioTranscriptDelta(**at, delta="Hello from Contoso!"))
    c.add(
        "server",
        m.ServerEventResponseAudioTimestampDelta(
            **at, audio_offset_ms=50, audio_duration_ms=310, text="Hello"
        ),
    )
    c.add(
        "server", m.ServerEventResponseAnimationVisemeDelta(**at, audio_offset_ms=50, viseme_id=12)
    )
    frames = [[0.0, 0.12, 0.3] + [0.0] * 52]
    c.add(
        "server", m.ServerEventResponseAnimationBlendshapeDelta(**at, frame_index=0, frames=frames)
    )
    c.add("server", m.ServerEventResponseAudioDone(**at))
    c.add(
        "server", m.ServerEventResponseAudioTranscriptDone(**at, transcript="Hello from Contoso!")
    )
    c.add("server", m.ServerEventResponseAudioTimestampDone(**at))
    c.add("server", m.ServerEventResponseAnimationVisemeDone(**at))
    c.add(
        "server",
        m.ServerEventResponseAnimationBlendshapeDone(
            response_id=resp, item_id=assistant, output_index=0
        ),
    )
    said = m.ResponseAudioContentPart(transcript="Hello from Contoso!")
    c.add("server", m.ServerEventResponseContentPartDone(**at, part=said))
    done = m.ResponseMessageItem(id=assistant, role="assistant", status="completed", content=[said])
    c.add(
        "server", m.ServerEventResponseOutputItemDone(response_id=resp, output_index=0, item=done)
    )
    c.add(  # no usage: Voice Live's response has none to give here
        "server",
        m.ServerEventResponseDone(
            response=m.Response(
                id=resp, status="completed", output=[done], output_audio_format="pcm16_16000hz"
            )
        ),
    )
    c.add("server", m.ServerEventSessionAvatarSwitchToIdle(turn_id=resp))
    c.add(
        "server",
        m.ServerEventWarning(
            warning=m.ServerEventWarningDetails(
                message="Avatar video bitrate reduced.", code="avatar_bitrate_reduced"
            )
        ),
    )
    c.add("client", m.ClientEventInputAudioTurnStart(turn_id="turn_1"))
    c.add("client", m.ClientEventInputAudioTurnAppend(turn_id="turn_1", audio=tone(16000, 100)))
    c.add("client", m.ClientEventInputAudioTurnEnd(turn_id="turn_1"))
    c.add("client", m.ClientEventInputTextDelta(id="item_text_1", delta="What's the "))
    c.add("client", m.ClientEventInputTextDone(id="item_text_1"))
    return c


if __name__ == "__main__":
    capture = build()
    capture.write(SAMPLE)
    print(f"wrote {len(capture.lines)} events to {SAMPLE}")
