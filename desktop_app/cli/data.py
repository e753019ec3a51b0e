"""The data file itself: `backup`, `restore`, `check`, `recovery-key`, `encrypt`, `decrypt`."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    interactive,
    show_recovery_key,
    sign_in,
    sign_out_quietly,
)
from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import (
    PERM_ADMIN,
)
from desktop_app.paths import default_database
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.backup import restore_database, why_not_opened
from desktop_app.services.data_check import check_file
from desktop_app.services.encryption import (
    decrypt_database,
    encrypt_database,
    encrypt_remaining_scans,
    install_recovery_key,
    is_encrypted,
)


def add_parsers(commands: Any) -> None:
    backup = commands.add_parser("backup", help="sao lưu dữ liệu (bản sao được kiểm tra)", add_help=False)
    backup.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    backup.add_argument(
        "--to",
        type=Path,
        metavar="THƯ_MỤC",
        help="thư mục nhận bản sao (mặc định: thư mục sao-luu cạnh dữ liệu)",
    )
    restore = commands.add_parser(
        "restore",
        help="khôi phục dữ liệu từ một bản sao lưu (quản trị; không đăng nhập chỉ khi dữ liệu hiện tại hỏng)",
        add_help=False,
    )
    restore.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    restore.add_argument("file", type=Path, help="tệp sao lưu (pcmd-….sqlite3)")
    check = commands.add_parser("check", help="kiểm tra tính toàn vẹn của dữ liệu", add_help=False)
    check.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    commands.add_parser(
        "recovery-key",
        help="nhập khóa khôi phục để mở dữ liệu mã hóa trên máy này (lấy từ PCMD_RECOVERY_KEY hoặc hỏi)",
    )
    commands.add_parser("encrypt", help="mã hóa tệp dữ liệu đang để thường (quản trị)")
    commands.add_parser("decrypt", help="bỏ mã hóa tệp dữ liệu, cho kỹ thuật viên (quản trị)")


def _backup(services: Services, args: argparse.Namespace) -> str:
    path = services.backup.backup_now(args.to)
    return f"Đã sao lưu vào «{path}» (bản sao đã được kiểm tra)."


def recovery_key(args: argparse.Namespace) -> int:
    text = os.environ.get("PCMD_RECOVERY_KEY", "")
    if not text:
        if not interactive():
            raise DomainError("Hãy đặt khóa khôi phục trong biến môi trường PCMD_RECOVERY_KEY.")
        text = getpass.getpass("Khóa khôi phục: ")
    install_recovery_key(args.db or default_database(), text)
    print("Đã lưu khóa cho máy này: dữ liệu mở được như bình thường.")
    return EXIT_OK


def convert(args: argparse.Namespace) -> int:
    """`encrypt` / `decrypt`: an administrator signs in, then the file is converted with the data closed."""
    target = args.db or default_database()
    is_encrypted(target)  # a missing file or a server: a clear message, and no new file
    services = open_services(target, encrypt_new=False)
    try:
        sign_in(services, args)
        services.require(PERM_ADMIN)
        already = services.encrypted
        if args.command == "decrypt" and not already:
            raise DomainError("Dữ liệu chưa được mã hóa.")
        sign_out_quietly(services)
    finally:
        services.close()
    if args.command == "encrypt" and already:  # scans an earlier run could not encrypt are tried again
        done, left = encrypt_remaining_scans(target)
        if not done and not left:
            raise DomainError("Dữ liệu đã được mã hóa.")
        if done:
            print(f"Dữ liệu đã được mã hóa; đã mã hóa thêm {done} bản chụp còn để thường.")
        _warn_scans_left(left, "mã hóa")
        return EXIT_ERROR if left else EXIT_OK
    if args.command == "encrypt":
        result = encrypt_database(target)
        print("Đã mã hóa tệp dữ liệu.")
        show_recovery_key(result.recovery_key)
        if result.plain_copies:
            print(
                f"{result.plain_copies} bản sao của dữ liệu (bản sao lưu trong thư mục sao-luu, bản sao "
                "trước khi nâng cấp *.truoc-nang-cap-*) vẫn để thường, không mã hóa: hãy xóa chúng khi không "
                "còn cần."
            )
        _warn_scans_left(result.scans_left, "mã hóa")
    else:
        left = decrypt_database(target)
        print("Đã bỏ mã hóa tệp dữ liệu. Tệp khóa được giữ lại để mở các bản sao lưu đã mã hóa.")
        _warn_scans_left(left, "bỏ mã hóa")
    return EXIT_OK


def _warn_scans_left(names: list[str], what: str) -> None:
    if names:
        print(
            f"Chưa {what} được {len(names)} bản chụp (tệp hỏng hoặc đang được chương trình khác mở): "
            f"{', '.join(names)}. Các bản chụp này vẫn mở được; hãy đóng chương trình đang mở chúng rồi chạy "
            "lại lệnh (hoặc dùng lệnh check để tìm tệp hỏng)."
        )


def _restore(args: argparse.Namespace, target: str | os.PathLike[str]) -> int:
    """When the current data opens, an administrator signs in on it first; when it cannot be opened (the
    emergency), the restore runs without a sign-in. The restored data's change log records either."""
    emergency = why_not_opened(target)
    actor = None
    if emergency is None:
        services = open_services(target)
        try:
            sign_in(services, args)
            actor = services.require(PERM_ADMIN)
            sign_out_quietly(services)
        finally:
            services.close()
    else:
        print(
            f"Dữ liệu hiện tại không mở được ({emergency}): khôi phục không cần đăng nhập; việc này được ghi "
            "vào nhật ký thay đổi của dữ liệu khôi phục."
        )
    safety = restore_database(target, args.file, actor=actor)
    kept = f" Dữ liệu trước khi khôi phục được giữ ở «{safety}»." if "truoc-khoi-phuc" in safety.name else ""
    print(f"Đã khôi phục từ «{args.file}».{kept}")
    return EXIT_OK


def without_opening(args: argparse.Namespace) -> int:
    """`check` and `restore` read the file without opening it for work: it may be the damaged one."""
    target = args.db or default_database()
    if args.command == "restore":
        return _restore(args, target)
    found = check_file(target)
    for problem in found.problems:
        print(f"Lỗi: {problem}")
    for line in found.advice:
        print(line)
    return EXIT_OK if found.ok else EXIT_ERROR


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"backup": _backup}
