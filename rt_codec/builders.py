"""Short ways to build the client events a voice client sends most, as the ordinary generated event
classes (so `encode_event`, validation and the rest take them unchanged).

    import rt_codec

    event = rt_codec.session_update(
        instructions="Be brief.", voice="marin", input_format="pcm16", turn_detection=None
    )
    frame = rt_codec.encode_event(event)

Only what is given is set: every other field stays `UNSET` and is not sent, and `None` where the
protocol allows it (`turn_detection=None`: voice activity detection off) is sent as `null`. The
value types come from the schemas through `rt_codec.catalogue` (`VoiceName`, `Modality`,
`ToolChoiceMode`, `RealtimeModel`, `TranscriptionModel`), so a type checker catches a misspelt
voice; anything the builders do not cover is set on the built objects afterwards."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, get_args

from rt_codec._generated.types import (
    AudioFormat,
    AudioTranscription,
    ConversationItemCreateEvent,
    CustomVoice,
    FunctionCallOutputItem,
    FunctionTool,
    InputAudioBufferAppendEvent,
    InputTextContent,
    NoiseReduction,
    RealtimeSessionConfig,
    ResponseAudio,
    ResponseAudioOutput,
    ResponseConfig,
    ResponseCreateEvent,
    SessionAudio,
    SessionAudioInput,
    SessionAudioOutput,
    SessionUpdateEvent,
    Tool,
    ToolChoice,
    TurnDetection,
    UserMessageItem,
)
from rt_codec._runtime import UNSET, Unset

if TYPE_CHECKING:
    from rt_codec.catalogue import (
        Modality,
        RealtimeModel,
        ToolChoiceMode,
        TranscriptionModel,
        VoiceName,
    )

__all__ = [
    "audio_format",
    "function_call_output",
    "function_tool",
    "input_audio_append",
    "response_create",
    "session_update",
    "user_message",
]

_formats: dict[str, dict[str, object]] | None = None


def _format_names() -> dict[str, dict[str, object]]:
    """Format name -> its GA object: each format `type` alone (`"audio/pcmu"`), and each beta name
    (`"pcm16"`) whose object a GA session accepts (`x-ga-values`, read from the catalogue)."""
    global _formats
    if _formats is None:
        from rt_codec._generated import decode
        from rt_codec._runtime import DecodeError
        from rt_codec.catalogue import ENCODINGS, VALUES

        names: dict[str, dict[str, object]] = {kind: {"type": kind} for kind in ENCODINGS}
        for values in VALUES.values():
            for name, fmt in values.items():
                try:
                    decode._v_AudioFormat(dict(fmt), True)
                except DecodeError:  # a rate GA does not take (Voice Live's pcm16_8000hz)
                    continue
                names.setdefault(name, dict(fmt))
        _formats = names
    return _formats


_FORMAT_CLASSES: tuple[type, ...] = tuple(
    cls for cls in get_args(AudioFormat) if isinstance(cls, type) and hasattr(cls, "_wire")
)


def audio_format(fmt: AudioFormat | str) -> AudioFormat:
    """A GA audio format object from a format object (returned as it is), its JSON object
    (`{"type": "audio/pcm", "rate": 24000}`; a kind the schemas do not know stays a dict) or a
    name: a format `type` (`"audio/pcm"`, `"audio/pcmu"`, `"audio/pcma"`) or a beta name
    (`"pcm16"`, `"g711_ulaw"`, `"g711_alaw"`). Raises ValueError for a name the schemas do not
    give or a JSON object of the wrong shape, TypeError for anything else.

    >>> audio_format("g711_ulaw")
    PcmuAudioFormat(type='audio/pcmu')
    """
    if isinstance(fmt, dict):  # its JSON object: as decoding makes it (a new kind stays a dict)
        from rt_codec._generated import decode

        decoded: AudioFormat = decode._v_AudioFormat(dict(fmt), False)  # DecodeError: ValueError
        return decoded
    if not isinstance(fmt, str):
        if not isinstance(fmt, _FORMAT_CLASSES):
            raise TypeError(
                "An audio format is a name, a format object or its JSON object, not "
                f"{type(fmt).__name__} {fmt!r}"[:200]
            )
        return fmt
    known = _format_names()
    wire = known.get(fmt)
    if wire is None:
        raise ValueError(f"Unknown audio format {fmt!r}; the schemas give {', '.join(known)}")
    from rt_codec._generated import decode

    made: AudioFormat = decode._v_AudioFormat(dict(wire), True)
    return made


def _given(**fields: Any) -> dict[str, Any]:
    """The keyword arguments that were given (not UNSET)."""
    return {name: value for name, value in fields.items() if value is not UNSET}


def session_update(
    *,
    instructions: str | Unset = UNSET,
    model: RealtimeModel | Unset = UNSET,
    output_modalities: Sequence[Modality] | Unset = UNSET,
    voice: VoiceName | CustomVoice | Unset = UNSET,
    speed: float | Unset = UNSET,
    input_format: AudioFormat | str | Unset = UNSET,
    output_format: AudioFormat | str | Unset = UNSET,
    turn_detection: TurnDetection | Unset | None = UNSET,
    transcription: AudioTranscription | TranscriptionModel | Unset | None = UNSET,
    noise_reduction: NoiseReduction | Unset | None = UNSET,
    tools: Sequence[Tool] | Unset = UNSET,
    tool_choice: ToolChoiceMode | ToolChoice | Unset = UNSET,
    parallel_tool_calls: bool | Unset = UNSET,
    max_output_tokens: int | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> SessionUpdateEvent:
    """A GA `session.update` of a realtime session, with the nested session, audio, input and
    output objects made only for what is given. `voice`, `speed` and `output_format` go to
    `session.audio.output`; `input_format`, `turn_detection`, `transcription` (an
    `AudioTranscription` or a model name) and `noise_reduction` to `session.audio.input`, where
    `None` sends `null` (turns the feature off). Formats are objects or names (`audio_format`).

    >>> rt_codec.encode_event(session_update(voice="marin", turn_detection=None))
    b'{"type":"session.update","session":{"type":"realtime","audio":{"input":{"turn_detection":null},"output":{"voice":"marin"}}}}'
    """
    if isinstance(transcription, str):
        transcription = AudioTranscription(model=transcription)
    audio_in = _given(
        format=input_format if isinstance(input_format, Unset) else audio_format(input_format),
        transcription=transcription,
        noise_reduction=noise_reduction,
        turn_detection=turn_detection,
    )
    audio_out = _given(
        format=output_format if isinstance(output_format, Unset) else audio_format(output_format),
        voice=voice,
        speed=speed,
    )
    audio = _given(
        input=SessionAudioInput(**audio_in) if audio_in else UNSET,
        output=SessionAudioOutput(**audio_out) if audio_out else UNSET,
    )
    session = RealtimeSessionConfig(
        **_given(
            instructions=instructions,
            model=model,
            output_modalities=_list(output_modalities, "output_modalities"),
            audio=SessionAudio(**audio) if audio else UNSET,
            tools=_list(tools, "tools"),
            tool_choice=tool_choice,
            parallel_tool_calls=parallel_tool_calls,
            max_output_tokens=max_output_tokens,
        )
    )
    return SessionUpdateEvent(session=session, **_given(event_id=event_id))


def _list(values: Sequence[Any] | Unset, name: str) -> list[Any] | Unset:
    """A copy of a given sequence as the list the generated classes hold. A str, a dict (a list
    of its characters or keys), one object or None is refused with a TypeError naming `name`."""
    if isinstance(values, Unset):
        return values
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} takes a list, not {type(values).__name__} {values!r}"[:200])
    return list(values)


def function_tool(
    name: str,
    *,
    description: str | Unset = UNSET,
    parameters: Mapping[str, Any] | Unset = UNSET,
) -> FunctionTool:
    """A function tool for `session_update(tools=...)` or `response_create(tools=...)`;
    `parameters` is its arguments' JSON Schema.

    >>> function_tool("get_weather", parameters={"type": "object"}).name
    'get_weather'
    """
    return FunctionTool(
        name=name,
        **_given(
            description=description,
            parameters=parameters if isinstance(parameters, Unset) else dict(parameters),
        ),
    )


def user_message(
    text: str, *, previous_item_id: str | Unset = UNSET, event_id: str | Unset = UNSET
) -> ConversationItemCreateEvent:
    """A `conversation.item.create` adding a user message of one `input_text` part.

    >>> user_message("Hello!").item.content[0].text
    'Hello!'
    """
    item = UserMessageItem(content=[InputTextContent(text=text)])
    return ConversationItemCreateEvent(
        item=item, **_given(previous_item_id=previous_item_id, event_id=event_id)
    )


def function_call_output(
    call_id: str,
    output: str,
    *,
    previous_item_id: str | Unset = UNSET,
    event_id: str | Unset = UNSET,
) -> ConversationItemCreateEvent:
    """A `conversation.item.create` giving the result of the function call `call_id` (`output`
    is a string, JSON text as a rule). Send `response_create()` after it for the model to answer.

    >>> function_call_output("call_1", '{"temperature": 21}').item.call_id
    'call_1'
    """
    item = FunctionCallOutputItem(call_id=call_id, output=output)
    return ConversationItemCreateEvent(
        item=item, **_given(previous_item_id=previous_item_id, event_id=event_id)
    )


def response_create(
    *,
    instructions: str | Unset = UNSET,
    output_modalities: Sequence[Modality] | Unset = UNSET,
    voice: VoiceName | CustomVoice | Unset = UNSET,
    output_format: AudioFormat | str | Unset = UNSET,
    tools: Sequence[Tool] | Unset = UNSET,
    tool_choice: ToolChoiceMode | ToolChoice | Unset = UNSET,
    max_output_tokens: int | Unset = UNSET,
    metadata: Mapping[str, str] | Unset | None = UNSET,
    event_id: str | Unset = UNSET,
) -> ResponseCreateEvent:
    """A `response.create`, with settings for this response only (the session's stay as they
    are); with nothing given, a bare `{"type": "response.create"}`.

    >>> response_create(output_modalities=["text"]).response.output_modalities
    ['text']
    """
    audio_out = _given(
        format=output_format if isinstance(output_format, Unset) else audio_format(output_format),
        voice=voice,
    )
    config = _given(
        instructions=instructions,
        output_modalities=_list(output_modalities, "output_modalities"),
        audio=ResponseAudio(output=ResponseAudioOutput(**audio_out)) if audio_out else UNSET,
        tools=_list(tools, "tools"),
        tool_choice=tool_choice,
        max_output_tokens=max_output_tokens,
        metadata=metadata if metadata is None or isinstance(metadata, Unset) else dict(metadata),
    )
    response = ResponseConfig(**config) if config else UNSET
    return ResponseCreateEvent(response=response, **_given(event_id=event_id))


def input_audio_append(pcm: bytes, *, event_id: str | Unset = UNSET) -> InputAudioBufferAppendEvent:
    """An `input_audio_buffer.append` carrying `pcm` (base64 on the wire). Audio over the
    protocol's 15 MiB per append raises ValueError; `rt_codec.audio.append_events` splits it.

    >>> input_audio_append(bytes(3)).audio
    'AAAA'
    """
    from rt_codec import audio

    data = audio.pcm_to_base64(pcm)
    size = memoryview(pcm).nbytes
    if size > audio.MAX_APPEND_BYTES:
        raise ValueError(
            f"Audio of {size} bytes is over the {audio.MAX_APPEND_BYTES} bytes "
            f"({audio.MAX_APPEND_BYTES / 2**20:g} MiB) one append may carry; "
            "rt_codec.audio.append_events splits it"
        )
    return InputAudioBufferAppendEvent(audio=data, **_given(event_id=event_id))
