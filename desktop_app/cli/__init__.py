"""Command line for administrators and automation: errors are one Vietnamese line on stderr.

One module per command group (`office`, `users`, `registers`, `forms`, `reports`, `data`, `units`, `legal`,
`demo`), each with its parsers (`add_parsers`) and its handlers (`COMMANDS`); `parser` assembles them and
`runner` runs one command. The CLI talks to the services only, never to storage.
"""

from __future__ import annotations

from desktop_app.cli.parser import build_parser, parse_args
from desktop_app.cli.runner import run

__all__ = ["build_parser", "parse_args", "run"]
