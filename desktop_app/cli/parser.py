"""The command line's parser: the global options, then each command group's own parsers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli import data, demo, forms, legal, office, registers, reports, units, users
from desktop_app.cli.common import (
    EXIT_USAGE,
    Parser,
)
from desktop_app.domain.errors import DomainError
from desktop_app.paths import default_database
from desktop_app.services.output_paths import check_output

GROUPS = (office, users, registers, forms, reports, data, units, legal, demo)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m desktop_app",
        description="PCMD Desk — quản lý cơ sở kinh doanh có điều kiện và công tác phòng, chống mại dâm.",
        epilog=(
            "Không có lệnh: mở giao diện. Cơ sở dữ liệu mặc định: "
            + str(default_database())
            + ". Các lệnh (trừ check, recovery-key) cần đăng nhập: tên và mật khẩu lấy từ PCMD_USER, "
            "PCMD_PASSWORD hoặc được hỏi khi chạy; restore chỉ chạy không đăng nhập khi dữ liệu hiện tại "
            "không mở được."
        ),
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    parser.add_argument(
        "--version", action="version", version=f"PCMD Desk {__version__}", help="hiện số phiên bản rồi thoát"
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=None,
        help="tệp SQLite hoặc địa chỉ SQLAlchemy (postgresql+psycopg://…) thay cho tệp mặc định",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="tự kiểm tra cài đặt trên máy này (dữ liệu tạm, không đụng dữ liệu thật) rồi thoát: 0 là đạt",
    )
    parser.add_argument(
        "--skip-qt", action="store_true", help="khi tự kiểm tra: bỏ qua phần giao diện Qt (ví dụ dưới Wine)"
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="TỆP.txt",
        help="khi tự kiểm tra: ghi thêm kết quả vào tệp .txt này (UTF-8)",
    )
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)
    for group in GROUPS:  # each group adds its commands, in the order the help lists them
        group.add_parsers(commands)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if (args.skip_qt or args.report) and not args.self_test:
        print("Lỗi: --skip-qt và --report chỉ dùng cùng --self-test.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    if args.self_test and args.command is not None:
        print("Lỗi: --self-test không dùng cùng một lệnh.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    if getattr(args, "district", None) and not getattr(args, "province", None):
        print("Lỗi: --district cần đi kèm --province.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    if args.report:  # the self-test's own report may be written again, but never over the data
        try:
            check_output(args.report, ".txt", args.db or default_database(), force=True)
        except DomainError as err:
            print(f"Lỗi: {err.message}", file=sys.stderr)
            raise SystemExit(EXIT_USAGE) from None
    return args
