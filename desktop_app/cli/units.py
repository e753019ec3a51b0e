"""`units convert`: moving the businesses to the communes of the 2025 list."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    Parser,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import (
    REFORM_DATE,
)
from desktop_app.domain.units import check_choices, read_choices_csv
from desktop_app.services.app_services import Services


def add_parsers(commands: Any) -> None:
    units = commands.add_parser(
        "units", help="đơn vị hành chính: sắp xếp địa bàn theo xã, phường mới (quản trị)", add_help=False
    )
    units.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    unit_actions = units.add_subparsers(dest="action", metavar="VIỆC", required=True, parser_class=Parser)
    convert = unit_actions.add_parser(
        "convert",
        help="chuyển các cơ sở từ xã, phường trước 1/7/2025 sang xã, phường theo danh mục 2025 (giữ lịch sử)",
    )
    convert.add_argument("--to", required=True, choices=["2025"], help="danh mục đích (2025)")
    convert.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    convert.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON kết quả")
    convert.add_argument(
        "--choices",
        type=Path,
        metavar="TỆP.csv",
        help="lựa chọn cho cơ sở ở xã bị chia: CSV UTF-8, tiêu đề business_id,new_code",
    )
    convert.add_argument("--effective", metavar="NGÀY", help="ngày áp dụng (dd/mm/yyyy, mặc định 01/07/2025)")


def _units(services: Services, args: argparse.Namespace) -> str:
    """`units convert`: a preview (--dry-run), else the move in one transaction."""
    effective = parse_date(args.effective, "effective_on") if args.effective else None
    preview = services.units.preview_conversion(args.to, effective or REFORM_DATE)
    choices: dict[int, str] = {}
    if args.choices is not None:
        try:
            choices = read_choices_csv(args.choices.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise DomainError(f"Không tìm thấy tệp lựa chọn «{args.choices}».") from None
        except UnicodeDecodeError:
            raise DomainError("Tệp lựa chọn phải là văn bản UTF-8 (CSV).") from None
        except OSError:
            raise DomainError(f"Không đọc được tệp «{args.choices}».") from None
    missing = [row for row in preview.needs_choice if row.business_id not in choices]
    if args.dry_run or missing:
        if choices:
            check_choices(preview, choices, require_all=False)
        if args.json:
            print(json.dumps(preview.report(), ensure_ascii=False))
        else:
            print(
                f"Ngày áp dụng {preview.effective_on:%d/%m/%Y}: chuyển {preview.moved} cơ sở, giữ nguyên "
                f"{preview.unchanged}, {len(preview.needs_choice)} cơ sở cần chọn xã, phường mới; "
                f"{len(preview.ending)} xã, phường cũ kết thúc."
            )
            for row in preview.needs_choice:
                options = "; ".join(f"{c.code} {c.name}" for c in row.candidates[:8])
                more = f"; … ({len(row.candidates)} xã, phường)" if len(row.candidates) > 8 else ""
                where = f"Cơ sở mã {row.business_id} «{row.business_name}», {row.old_commune}"
                print(f"  {where}: {options or row.reason}{more}")
        if missing and not args.dry_run:
            raise DomainError(
                f"{len(missing)} cơ sở ở xã, phường bị chia cần chọn xã, phường mới: ghi lựa chọn vào tệp "
                "CSV (tiêu đề business_id,new_code) rồi chạy lại với --choices TỆP.csv. Chưa ghi gì."
            )
        return "" if args.json else "Chỉ xem trước: chưa ghi gì."
    result = services.units.apply_conversion(choices, preview.effective_on, expected=preview)
    if args.json:
        print(json.dumps(result.report(), ensure_ascii=False))
        return ""
    return (
        f"Đã chuyển {result.moved} cơ sở sang xã, phường mới từ ngày {preview.effective_on:%d/%m/%Y} "
        f"(giữ nguyên {result.unchanged}); thêm {result.communes_added} xã, phường mới vào địa bàn, "
        f"{result.communes_ended} xã, phường cũ được giữ lại cho lịch sử và báo cáo các kỳ trước."
    )


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {"units": _units}
