"""`forms`: the owners' commitment forms and the violation records, filled in, as PDF."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    FORCE_HELP,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import ValidationError
from desktop_app.services.app_services import Services


def add_parsers(commands: Any) -> None:
    forms = commands.add_parser(
        "forms", help="in bản cam kết, biên bản vi phạm hành chính điền sẵn ra tệp PDF", add_help=False
    )
    forms.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    forms.add_argument(
        "kind",
        choices=["commitments", "violation"],
        help="loại mẫu (commitments: bản cam kết của chủ cơ sở; violation: biên bản vi phạm hành chính)",
    )
    which = forms.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--missing-on",
        metavar="NGÀY",
        help="mọi cơ sở chưa có cam kết còn hiệu lực vào ngày này (dd/mm/yyyy)",
    )
    which.add_argument("--ids", metavar="ID,ID…", help="mã số các cơ sở, cách nhau bằng dấu phẩy")
    which.add_argument("--visit", metavar="ID", type=int, help="với violation: mã lượt kiểm tra có vi phạm")
    forms.add_argument("--pdf", type=Path, required=True, help="tệp PDF sẽ ghi")
    forms.add_argument("--date", metavar="NGÀY", help="ngày ghi trên bản cam kết (mặc định: hôm nay)")
    forms.add_argument("--force", action="store_true", help=FORCE_HELP)


def _forms(services: Services, args: argparse.Namespace) -> str:
    if (args.kind == "violation") != (args.visit is not None):
        raise ValidationError(
            "Biên bản vi phạm hành chính in theo lượt kiểm tra: dùng «forms violation --visit MÃ_LƯỢT»; "
            "bản cam kết in theo cơ sở: «forms commitments --ids …» hoặc «--missing-on …».",
            "visit",
        )
    if args.kind == "violation":
        services.inspections.print_violation_records(args.pdf, [args.visit])
        return f"Đã tạo biên bản vi phạm hành chính trong «{args.pdf}»."
    form_date = parse_date(args.date, "date") if args.date else None
    if args.missing_on:
        day = parse_date(args.missing_on, "missing_on")
        assert day is not None
        ids = services.commitments.missing_on(day)
    else:
        try:
            ids = [int(part) for part in args.ids.split(",") if part.strip()]
        except ValueError:
            raise ValidationError("--ids cần các mã số cơ sở, cách nhau bằng dấu phẩy.", "ids") from None
    if not ids:
        return "Không có cơ sở nào cần in bản cam kết; không ghi tệp."
    count = services.commitments.print_owner_forms(args.pdf, ids, form_date)
    return f"Đã tạo {count} bản cam kết trong «{args.pdf}»."


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"forms": _forms}
