"""`python -m rt_codec ...` is the `rt-codec` command."""

from rt_codec.cli import main

raise SystemExit(main())
