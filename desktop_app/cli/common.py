"""What every command shares: exit codes, the Vietnamese argument parser, prompts, the sign-in."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from typing import Any, NoReturn

from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import (
    ROLE_ADMIN,
    UserInput,
    normalise_username,
)
from desktop_app.services.app_services import Services

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Vietnamese headings and one-line Vietnamese errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"

    def error(self, message: str) -> NoReturn:
        translated = (
            message.replace("the following arguments are required", "thiếu tham số bắt buộc")
            .replace("unrecognized arguments", "tham số không hiểu được")
            .replace("invalid choice", "lựa chọn không hợp lệ")
            .replace("expected one argument", "cần một giá trị")
            .replace("one of the arguments", "cần một trong các tham số")
            .replace("is required", "")
            .replace("not allowed with argument", "không dùng cùng với")
            .replace("invalid int value", "không phải số nguyên")
        )
        self.exit(EXIT_USAGE, f"Lỗi: {translated.strip()}. Xem: python -m desktop_app --help\n")


FORCE_HELP = "ghi đè lên tệp đã có (không bao giờ lên tệp dữ liệu, khóa hay bản sao lưu)"
EXIT_UNREADABLE = 2


class ExitCode(Exception):
    """A command that has printed its own output and wants a given exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def new_password() -> str:
    """The password for a new or reset account: PCMD_NEW_PASSWORD, else asked twice."""
    given = os.environ.get("PCMD_NEW_PASSWORD")
    if given:
        return given
    if not interactive():
        raise DomainError("Hãy đặt mật khẩu mới trong biến môi trường PCMD_NEW_PASSWORD.")
    first = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại mật khẩu mới: ") != first:
        raise DomainError("Hai lần nhập mật khẩu không giống nhau.")
    return first


def credentials() -> tuple[str, str]:
    """User and password from PCMD_USER / PCMD_PASSWORD, else asked (the password is not echoed)."""
    username = os.environ.get("PCMD_USER", "")
    password = os.environ.get("PCMD_PASSWORD", "")
    if (not username or not password) and not interactive():
        raise DomainError("Cần đăng nhập: hãy đặt PCMD_USER và PCMD_PASSWORD (tên đăng nhập và mật khẩu).")
    if not username:
        username = input("Tên đăng nhập: ")
    if not password:
        password = getpass.getpass("Mật khẩu: ")
    return username, password


def sign_in(services: Services, args: argparse.Namespace) -> bool:
    """Every command that opens the data signs in first. On a database without any account, `setup` and
    `demo` create the first administrator from the same credentials (then True)."""
    if not services.users.has_accounts():
        if args.command not in ("setup", "demo"):
            raise DomainError(
                "Cơ sở dữ liệu chưa có tài khoản nào: hãy chạy «setup» (hoặc mở chương trình) để tạo tài "
                "khoản quản trị đầu tiên."
            )
        username, password = credentials()
        name = getattr(args, "admin_name", "") or "Quản trị viên"
        services.users.create_first_admin(UserInput(username, name, ROLE_ADMIN, password))
        print(f"Đã tạo tài khoản quản trị «{normalise_username(username)}».")
        show_recovery_key(services.recovery_key)
        services.users.sign_in(username, password)
        return True
    username, password = credentials()
    account = services.users.sign_in(username, password)
    if args.command == "users" and args.action == "passwd":
        args.current_password = password  # the old password that `users passwd` must give again
    elif account.must_change_password:
        raise DomainError(
            f"Tài khoản «{account.username}» phải đổi mật khẩu trước khi làm việc: hãy chạy «users passwd» "
            "(mật khẩu mới lấy từ PCMD_NEW_PASSWORD hoặc được hỏi), hoặc mở chương trình và đăng nhập."
        )
    return False


def show_recovery_key(text: str | None) -> None:
    if text is None:
        return
    print(
        "Dữ liệu được mã hóa. KHÓA KHÔI PHỤC (chỉ hiện một lần: hãy in hoặc chép lại và cất nơi an toàn; "
        "cần khóa này để mở dữ liệu và bản sao lưu trên máy khác):"
    )
    print(f"    {text}")


def file_password() -> str:
    """The password of an exported list of personal data: PCMD_FILE_PASSWORD, else asked twice."""
    given = os.environ.get("PCMD_FILE_PASSWORD")
    if given:
        return given
    if not interactive():
        raise DomainError("Danh sách hồ sơ chỉ xuất kèm mật khẩu: hãy đặt PCMD_FILE_PASSWORD.")
    first = getpass.getpass("Mật khẩu mở tệp: ")
    if getpass.getpass("Nhập lại mật khẩu mở tệp: ") != first:
        raise DomainError("Hai lần nhập mật khẩu không giống nhau.")
    return first


def sign_out_quietly(services: Services) -> None:
    with contextlib.suppress(DomainError):  # the command's own outcome is what the user needs to see
        services.users.sign_out()
