"""Hooks into other libraries' Realtime clients; each submodule needs its library (an extra) and is
imported only when used: `rt_codec.integrations.openai` taps the openai SDK's realtime connection."""
