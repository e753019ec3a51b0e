"""Entry point: `python -m desktop_app [--db PATH|URL] [COMMAND]`; no command opens the GUI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from desktop_app import cli

    args = cli.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from desktop_app import app

        return app.run(args.db)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
