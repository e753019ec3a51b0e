"""`users`: one's own password; the accounts (administrators)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from desktop_app.cli.common import (
    Parser,
    new_password,
)
from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import (
    ROLE_LABELS,
    UserInput,
    normalise_username,
)
from desktop_app.services.app_services import Services

ROLE_CHOICES = {code.replace("_", "-"): code for code in ROLE_LABELS}


def add_parsers(commands: Any) -> None:
    users = commands.add_parser(
        "users",
        help="tài khoản người dùng: đổi mật khẩu của mình; quản lý tài khoản (quản trị)",
        add_help=False,
    )
    users.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    user_actions = users.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=Parser)
    user_actions.add_parser(
        "passwd",
        help="đổi mật khẩu của chính mình (mật khẩu mới lấy từ PCMD_NEW_PASSWORD hoặc được hỏi hai lần); "
        "tài khoản mới hoặc vừa được đặt lại mật khẩu làm việc này trước tiên",
    )
    user_actions.add_parser("list", help="liệt kê tài khoản")
    add_user = user_actions.add_parser(
        "add", help="thêm tài khoản (mật khẩu hỏi khi chạy hoặc lấy từ PCMD_NEW_PASSWORD)"
    )
    add_user.add_argument("username", help="tên đăng nhập")
    add_user.add_argument("--name", required=True, help="họ và tên")
    add_user.add_argument("--role", required=True, choices=list(ROLE_CHOICES), help="vai trò")
    for action, text in (
        ("disable", "vô hiệu hóa tài khoản (không xóa)"),
        ("enable", "cho tài khoản hoạt động lại"),
        ("reset-password", "đặt lại mật khẩu (người dùng phải đổi khi đăng nhập)"),
    ):
        user_actions.add_parser(action, help=text).add_argument("username", help="tên đăng nhập")


def _users(services: Services, args: argparse.Namespace) -> str:
    if args.action == "passwd":
        account = services.users.current()
        services.users.change_own_password(args.current_password, new_password())
        return f"Đã đổi mật khẩu của «{account.username if account else ''}»."
    if args.action == "list":
        lines = [f"{'Tên đăng nhập':<20} {'Họ và tên':<28} {'Vai trò':<14} Tình trạng"]
        for account in services.users.accounts():
            state = "hoạt động" if account.active else "đã vô hiệu hóa"
            if account.must_change_password:
                state += ", phải đổi mật khẩu"
            lines.append(f"{account.username:<20} {account.full_name:<28} {account.role_label:<14} {state}")
        return "\n".join(lines)
    if args.action == "add":
        password = new_password()
        data = UserInput(args.username, args.name, ROLE_CHOICES[args.role], password)
        services.users.add(data)
        return (
            f"Đã thêm tài khoản «{normalise_username(args.username)}»; người dùng đổi mật khẩu khi đăng nhập."
        )
    user_id = _user_id(services, args.username)
    if args.action == "reset-password":
        services.users.reset_password(user_id, new_password())
        return f"Đã đặt lại mật khẩu của «{args.username}»; người dùng đổi mật khẩu khi đăng nhập."
    services.users.set_active(user_id, args.action == "enable")
    verb = "cho hoạt động lại" if args.action == "enable" else "vô hiệu hóa"
    return f"Đã {verb} tài khoản «{args.username}»."


def _user_id(services: Services, username: str) -> int:
    name = normalise_username(username)
    for account in services.users.accounts():
        if account.username == name:
            return account.id
    raise DomainError(f"Không có tài khoản «{name}».")


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"users": _users}
