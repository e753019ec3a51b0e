"""`demo`: sample data to try the program with."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from desktop_app.domain.errors import DomainError
from desktop_app.services.app_services import Services


def add_parsers(commands: Any) -> None:
    demo = commands.add_parser("demo", help="điền dữ liệu mẫu để dùng thử", add_help=False)
    demo.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    demo.add_argument("--businesses", type=int, default=300, help="số cơ sở kinh doanh (mặc định 300)")
    demo.add_argument(
        "--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)"
    )
    demo.add_argument(
        "--force",
        action="store_true",
        help="điền cả vào cơ sở dữ liệu đã có dữ liệu thật (dữ liệu đó từ đây bị đánh dấu là dữ liệu mẫu)",
    )


def _demo(services: Services, args: argparse.Namespace) -> str:
    if args.businesses < 0 or args.businesses > 1_000_000:
        raise DomainError("Số cơ sở phải từ 0 đến 1.000.000.")
    started = time.perf_counter()
    created = services.demo.fill(args.businesses, args.seed, force=args.force)
    elapsed = time.perf_counter() - started
    return (
        f"Đã thêm {created:,} cơ sở mẫu trong {elapsed:.1f} giây.".replace(",", ".")
        + " Cơ sở dữ liệu này được đánh dấu là dữ liệu mẫu: mọi báo cáo và gói số liệu lập từ nó đều ghi rõ."
    )


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"demo": _demo}
