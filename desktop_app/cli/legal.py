"""`legal`: the catalogue of violations and fines, and the penalties to review against it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    Parser,
)
from desktop_app.domain.dates import format_date
from desktop_app.services.app_services import Services


def add_parsers(commands: Any) -> None:
    legal = commands.add_parser("legal", help="danh mục hành vi và khung phạt (căn cứ xử phạt)")
    legal_actions = legal.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=Parser)
    legal_import = legal_actions.add_parser(
        "import", help="nhập danh mục cập nhật (tệp JSON, ví dụ do tỉnh gửi; quản trị)"
    )
    legal_import.add_argument("file", type=Path, help="tệp danh mục (.json)")
    legal_actions.add_parser("review", help="liệt kê các quyết định xử phạt đã ghi cần rà soát lại")


def _legal(services: Services, args: argparse.Namespace) -> str:
    inspections = services.inspections
    if args.action == "import":
        counts = inspections.import_legal_catalogue(args.file)
        return (
            f"Đã nhập danh mục phiên bản {inspections.legal_catalogue_version()}: "
            f"{counts['added']} hành vi mới, {counts['updated']} cập nhật, {counts['retired']} thôi áp dụng."
        )
    reviews = inspections.penalty_reviews()
    if not reviews:
        return (
            f"Không có quyết định xử phạt nào cần rà soát (danh mục {inspections.legal_catalogue_version()})."
        )
    lines = [f"{len(reviews)} quyết định xử phạt cần rà soát (dữ liệu không bị thay đổi):"]
    for review in reviews:
        v = review.visit
        lines.append(f"• {format_date(v.visit_date)} – {v.business_name} – QĐ {v.decision_number or '…'}")
        lines.extend(f"    {problem}" for problem in review.problems)
    return "\n".join(lines)


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"legal": _legal}
