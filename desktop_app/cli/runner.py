"""Running one command: sign in, call it, print its outcome; never a traceback."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop_app.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    ExitCode,
    sign_in,
    sign_out_quietly,
)
from desktop_app.cli.data import convert, recovery_key, without_opening
from desktop_app.cli.parser import GROUPS
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.paths import default_database, log_file
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.output_paths import check_output


def _commands() -> dict[str, Callable[[Services, argparse.Namespace], str]]:
    """Every command that works on the opened data, from the groups that define them."""
    return {name: handler for group in GROUPS for name, handler in group.COMMANDS.items()}


def run(args: argparse.Namespace) -> int:
    """Run one command; prints the outcome. Returns the exit code."""
    services: Services | None = None
    saved_before = -1  # the commits of the command itself start after this many (-1: not known)
    try:
        if args.command in ("check", "restore"):
            return without_opening(args)
        if args.command == "recovery-key":
            return recovery_key(args)
        if args.command in ("encrypt", "decrypt"):
            return convert(args)
        _check_outputs(args)  # before anything is opened or written
        services = open_services(args.db or default_database())
        created_admin = sign_in(services, args)
        saved_before = 0 if created_admin else services.commits  # a sign-in's log entry is no change
        output = _commands()[args.command](services, args)
        if output:
            print(output)
        return EXIT_OK
    except ExitCode as done:
        return done.code
    except ValidationErrors as err:
        print("Lỗi: " + " ".join(err.errors.values()), file=sys.stderr)
        return EXIT_ERROR
    except DomainError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"Đã dừng theo yêu cầu; {_what_was_saved(services, saved_before)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # the last line of defence: never a traceback in a clerk's face
        logged = _log_unexpected(err)
        where = f" Chi tiết kỹ thuật đã được ghi vào «{logged}»." if logged is not None else ""
        print(
            f"Lỗi không mong đợi ({type(err).__name__}); {_what_was_saved(services, saved_before)}{where}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        if services is not None:
            sign_out_quietly(services)
            services.close()


def _outputs(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """The files the command will write, with the extension each must have."""
    if args.command in ("export", "template"):
        return [(args.file, ".xlsx")]
    if args.command == "forms":
        return [(args.pdf, ".pdf")]
    if args.command in ("report", "consolidate"):
        given = [(args.xlsx, ".xlsx"), (args.pdf, ".pdf"), (args.package, ".json")]
        return [(path, extension) for path, extension in given if path is not None]
    return []


def _check_outputs(args: argparse.Namespace) -> None:
    """Every file a command writes goes through here first. Raises OutputPathError."""
    if args.command == "forms" and args.pdf.suffix.lower() != ".pdf":  # `--pdf cam-ket` writes cam-ket.pdf
        args.pdf = args.pdf.with_name(args.pdf.name + ".pdf")
    for path, extension in _outputs(args):
        check_output(path, extension, args.db or default_database(), args.force)


def _what_was_saved(services: Services | None, saved_before: int) -> str:
    """What is known to be true of the data after a command stopped half way."""
    if services is None or saved_before < 0:
        return (
            "không rõ thao tác đã làm được đến đâu: hãy chạy lệnh «check» để kiểm tra dữ liệu trước khi làm "
            "tiếp."
        )
    if services.commits == saved_before:
        return "dữ liệu chưa bị thay đổi."
    return (
        "một phần thao tác đã được lưu trước khi dừng: hãy xem lại dữ liệu (và nhật ký thay đổi) trước khi "
        "chạy lại lệnh."
    )


def _log_unexpected(err: BaseException) -> Path | None:
    """The error's type and where it happened, appended to the app's log file (never its text, which can
    carry a row's values: names, ID numbers). Returns the log file, or None when it cannot be written."""
    text = f"{type(err).__name__}\n" + "".join(traceback.format_tb(err.__traceback__))
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
            log.write(f"{stamp} ERROR desktop_app.cli: Unexpected error in a command: {text}")
    except OSError:
        return None
    return path
