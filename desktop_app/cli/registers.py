"""`import`, `export`, `template`: the registers' lists in and out of Excel, one choice per register of
`desktop_app.services.registers` (a register described there is offered here without any change)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_ERROR, EXIT_OK, EXIT_UNREADABLE, FORCE_HELP, ExitCode, file_password
from desktop_app.imports.readers import ImportFileError
from desktop_app.services import registers
from desktop_app.services.app_services import Services

_SEVERITY = {"error": "lỗi", "warning": "cảnh báo", "duplicate": "trùng"}


def add_parsers(commands: Any) -> None:
    names = registers.names()
    described = "; ".join(f"{r.name}: {r.title}" for r in registers.REGISTERS)
    imp = commands.add_parser("import", help="nhập danh sách từ tệp Excel/CSV", add_help=False)
    imp.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    imp.add_argument("register", choices=names, help=f"sổ cần nhập ({described})")
    imp.add_argument("file", type=Path, help="tệp .xlsx, .xls hoặc .csv")
    imp.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu có dữ liệu)")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    imp.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON kết quả")

    protected = ", ".join(r.name for r in registers.REGISTERS if r.password_export)
    exp = commands.add_parser("export", help="xuất danh sách ra tệp Excel", add_help=False)
    exp.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    exp.add_argument(
        "register",
        choices=names,
        help=f"sổ cần xuất ({protected}: luôn có mật khẩu, lấy từ PCMD_FILE_PASSWORD hoặc hỏi khi chạy)",
    )
    exp.add_argument("file", type=Path, help="tệp .xlsx sẽ ghi")
    exp.add_argument("--force", action="store_true", help=FORCE_HELP)

    tpl = commands.add_parser("template", help="ghi tệp Excel mẫu trống để nhập", add_help=False)
    tpl.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    tpl.add_argument("register", choices=names, help="sổ cần tệp mẫu")
    tpl.add_argument("file", type=Path, help="tệp .xlsx sẽ ghi")
    tpl.add_argument("--force", action="store_true", help=FORCE_HELP)


def _import(services: Services, args: argparse.Namespace) -> str:
    try:
        transfer = services.transfer_for(args.register)
        preview = transfer.preview(args.file, args.sheet)
    except ImportFileError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        raise ExitCode(EXIT_UNREADABLE) from None
    imported = 0 if args.dry_run else transfer.commit(preview)
    report = preview.report(imported)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for problem in preview.problems:
            print(f"Dòng {problem.row}: [{_SEVERITY[problem.severity]}] {problem.message}")
        action = "Sẽ nhập" if args.dry_run else "Đã nhập"
        print(
            f"{action} {len(preview.importable) if args.dry_run else imported} "
            f"{registers.register(args.register).noun}; "
            f"{report['warnings']} có cảnh báo, {report['duplicates']} trùng, {report['rejected']} lỗi "
            f"(đọc {report['rows_read']} dòng)."
        )
    raise ExitCode(EXIT_ERROR if report["rejected"] else EXIT_OK)


def _export(services: Services, args: argparse.Namespace) -> str:
    described = registers.register(args.register)
    if described.export_permission is not None:
        services.require(described.export_permission)  # refused before a password is asked for
    password = file_password() if described.password_export else None
    count = services.transfer_for(args.register).export_list(args.file, password)
    if described.password_export:
        return f"Đã xuất {count} {described.noun} ra «{args.file}» (chỉ mở được bằng mật khẩu)."
    return f"Đã xuất {count} {described.noun} ra «{args.file}»."


def _template(services: Services, args: argparse.Namespace) -> str:
    services.transfer_for(args.register).write_template(args.file)
    return f"Đã ghi tệp mẫu «{args.file}»."


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {
    "import": _import,
    "export": _export,
    "template": _template,
}
