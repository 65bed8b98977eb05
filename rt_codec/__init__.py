"""rt_codec: the OpenAI Realtime API's wire protocol as typed Python, from JSON Schemas."""

from rt_codec._schemas import (
    event_schema_paths,
    load_registry,
    load_schemas,
    schema_dir,
    uri_of,
)

__all__ = [
    "event_schema_paths",
    "load_registry",
    "load_schemas",
    "schema_dir",
    "uri_of",
]

__version__ = "0.1.0"
