"""Entry point: `python -m desktop_app [--db PATH|URL] [COMMAND]`; no command opens the GUI."""

from __future__ import annotations

import argparse
import sys


def _self_test(args: argparse.Namespace) -> int:
    """The core checks, then (unless skipped) Qt: offscreen, bundled fonts, translator, every UI module."""
    from desktop_app import selftest

    def qt_check() -> str:
        from desktop_app import app  # an ImportError here (a missing Qt DLL) is the check's failure

        return app.self_test_qt()

    extra = [] if args.skip_qt else [("Giao diện Qt / Qt GUI", qt_check)]
    if args.report is None:
        return selftest.main(extra)
    with args.report.open("w", encoding="utf-8") as report:
        code = selftest.main(extra, report)
    if sys.stdout is not None:  # pythonw.exe has no console
        sys.stdout.write(args.report.read_text(encoding="utf-8"))
    return code


def use_utf8_streams() -> None:
    """Write (and read) UTF-8 on the standard streams whatever the code page: on Windows a pipe or a file
    gets the ANSI code page (cp1252, cp1258), which cannot hold Vietnamese text, so `setup > setup.txt`
    would fail after writing the data and lose the recovery key. pythonw.exe has no streams."""
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = str(getattr(stream, "encoding", "")).lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            reconfigure(encoding="utf-8", errors="replace" if stream is sys.stdin else "backslashreplace")


def gui_database(argv: list[str]) -> tuple[bool, str | None]:
    """(True, the --db value or None) when `argv` only opens the GUI: no arguments, or `--db PATH`. The GUI
    then starts without importing the command line, whose commands pull in every service (the readers and
    writers, reportlab, the demo generator): start-up waits only for what the first screen needs."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        return True, argv[0][len("--db=") :]
    return False, None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    use_utf8_streams()
    gui_only, db = gui_database(argv)
    if gui_only:
        from desktop_app import app

        return app.run(db)
    from desktop_app import cli

    args = cli.parse_args(argv)
    if args.self_test:
        return _self_test(args)
    if args.command is None:
        from desktop_app import app

        return app.run(args.db)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
