"""`report` and `consolidate`: the periodic report (Excel, PDF, the upward data package)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_ERROR,
    FORCE_HELP,
    ExitCode,
)
from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.indicators import INDICATORS
from desktop_app.domain.periods import PERIOD_CODE_HELP, Period, parse_period
from desktop_app.domain.report_templates import format_value
from desktop_app.domain.reports import DEMO_MARK, Report
from desktop_app.services.app_services import Services


def add_parsers(commands: Any) -> None:
    rep = commands.add_parser(
        "report", help="báo cáo định kỳ: Excel, PDF, gói số liệu gửi cấp trên", add_help=False
    )
    rep.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    span = rep.add_mutually_exclusive_group(required=True)
    span.add_argument("--period", metavar="KỲ", help=f"kỳ báo cáo: {PERIOD_CODE_HELP}")
    span.add_argument("--from", dest="date_from", metavar="NGÀY", help="từ ngày (dd/mm/yyyy), cùng với --to")
    rep.add_argument("--to", dest="date_to", metavar="NGÀY", help="đến ngày (dd/mm/yyyy)")
    rep.add_argument(
        "--entered",
        type=Path,
        metavar="TỆP",
        help="lưu số liệu nhập tay của kỳ (chỉ tiêu “entered” của mẫu) từ tệp .json hoặc .csv trước khi lập",
    )
    report_outputs(rep)
    rep.add_argument(
        "--issue",
        action="store_true",
        help="ban hành báo cáo: lưu cố định số liệu và các tệp, kèm số và ngày",
    )
    rep.add_argument("--number", metavar="SỐ", help="với --issue: số văn bản (mặc định: số kế tiếp của năm)")
    rep.add_argument("--issued-on", metavar="NGÀY", help="với --issue: ngày ban hành (mặc định: hôm nay)")
    rep.add_argument(
        "--replaces",
        metavar="MÃ",
        type=int,
        help="với --issue: mã báo cáo đã ban hành mà báo cáo này thay thế",
    )

    con = commands.add_parser(
        "consolidate", help="tổng hợp gói số liệu (.json) hoặc báo cáo Excel của các đơn vị", add_help=False
    )
    con.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    con.add_argument("files", nargs="+", type=Path, help="các tệp .json hoặc .xlsx của đơn vị")
    con.add_argument("--period", metavar="KỲ", required=True, help=f"kỳ báo cáo: {PERIOD_CODE_HELP}")
    con.add_argument(
        "--newest-wins", action="store_true", help="đơn vị gửi hai lần: dùng tệp mới nhất thay vì loại cả hai"
    )
    report_outputs(con)


def report_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--xlsx", type=Path, metavar="TỆP", help="ghi báo cáo Excel (kèm gói số liệu ẩn)")
    parser.add_argument("--pdf", type=Path, metavar="TỆP", help="ghi báo cáo PDF")
    parser.add_argument("--package", type=Path, metavar="TỆP", help="ghi gói số liệu .json gửi cấp trên")
    parser.add_argument("--json", action="store_true", help="in các chỉ tiêu dạng JSON")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def _report_period(args: argparse.Namespace) -> Period:
    if args.period:
        if args.date_to:
            raise ValidationError("--to chỉ dùng cùng với --from, không dùng cùng --period.", "to")
        return parse_period(args.period)
    start = parse_date(args.date_from, "from")
    end = parse_date(args.date_to, "to") if args.date_to else None
    if start is None or end is None:
        raise ValidationError("Cần cả --from và --to (dd/mm/yyyy).", "to")
    period = Period(start, end)
    period.check()
    return period


def _write_report(services: Services, report: Report, args: argparse.Namespace) -> list[str]:
    lines = []
    if args.xlsx:
        lines.append(f"Đã ghi báo cáo Excel «{services.reports.write_xlsx(report, args.xlsx)}».")
    if args.pdf:
        lines.append(f"Đã ghi báo cáo PDF «{services.reports.write_pdf(report, args.pdf)}».")
    if args.package:
        lines.append(f"Đã ghi gói số liệu «{services.reports.write_package(report, args.package)}».")
    if lines and report.demo:
        lines.append(f"Lưu ý: {DEMO_MARK}.")
    return lines


def _print_json(data: dict[str, Any], written: list[str]) -> None:
    """stdout carries the JSON object alone; what was written goes to stderr."""
    print(json.dumps(data, ensure_ascii=False))
    for line in written:
        print(line, file=sys.stderr)


def _report_json(report: Report) -> dict[str, Any]:
    period = report.period
    return {
        "unit": report.unit.name,
        "period": {"code": period.code, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "indicators": report.values.flat(),
        "demo": report.demo,
    }


def _report(services: Services, args: argparse.Namespace) -> str:
    period = _report_period(args)
    saved = []
    if args.entered:
        from desktop_app.imports.report_entered import read_entered_file

        typed = read_entered_file(args.entered, services.office.communes(include_inactive=True))
        # after an issue, the figures change only with --issue --replaces (the replacement report)
        correcting = bool(args.issue) and args.replaces is not None
        changed = services.reports.save_entered(period, typed, for_replacement=correcting)
        saved.append(f"Đã lưu số liệu nhập tay: {changed} số liệu thay đổi.")
    report = services.reports.report(period)
    if args.issue or args.number or args.issued_on or args.replaces is not None:
        issued = _report_issue(services, args, report)
        return "\n".join([*saved, issued]) if issued else ""
    written = _write_report(services, report, args)
    lines = saved + written
    changes = services.issued_reports.changes(report)  # a period issued before: what changed since
    if args.json:
        data = _report_json(report)
        if changes is not None:
            data["changes_since_issue"] = {
                "issued": {"id": changes.issued.id, "number": changes.issued.number},
                "differences": [
                    {"indicator": d.indicator, "row": d.row, "sent": d.sent, "now": d.now}
                    for d in changes.differences
                ],
            }
        _print_json(data, lines)
        return ""
    if not written:
        values = report.values
        lines.append(f"{report.period.label} ({report.period.text}):")
        if report.demo:
            lines.append(f"  {DEMO_MARK}")
        lines += [
            f"  {INDICATORS[i].label}: {format_value(values.value(i), INDICATORS[i].unit)}"
            for i in INDICATORS
            if i != "services_by_kind"
        ]
    if changes is not None:
        lines.append(
            f"Kỳ này đã ban hành {changes.issued.mark.label} (mã {changes.issued.id}); "
            f"{len(changes.differences)} số liệu khác với bản đã gửi"
            + (": ban hành báo cáo thay thế bằng «--issue --replaces MÃ»." if changes.differences else ".")
        )
        lines += [
            f"  {d.indicator}{f' – {d.row}' if d.row else ''}: {d.sent} → {d.now}"
            for d in changes.differences
        ]
    return "\n".join(lines)


def _report_issue(services: Services, args: argparse.Namespace, report: Report) -> str:
    """`report --issue`: freeze the report with its number and date; the files asked for are the stored
    ones, byte for byte. Without --replaces, a period issued before is refused with the id to replace."""
    if not args.issue:
        raise ValidationError("--number, --issued-on và --replaces chỉ dùng cùng --issue.", "issue")
    issued = services.issued_reports
    day = parse_date(args.issued_on, "issued_on") if args.issued_on else None
    number = args.number or issued.proposed_number((day or datetime.now().date()).year)
    summary = issued.issue(report, number, day, args.replaces)
    lines = []
    for kind, path in (("xlsx", args.xlsx), ("pdf", args.pdf), ("json", args.package)):
        if path is not None:
            lines.append(f"Đã ghi «{issued.save_issued_file(summary.id, kind, path)}».")
    text = f"Đã ban hành báo cáo số {summary.number} ngày {format_date(summary.issued_on)} (mã {summary.id})"
    text += f", thay thế báo cáo số {summary.replaces_number}." if summary.replaces_number else "."
    if args.json:
        data = _report_json(report)
        data["issued"] = {
            "id": summary.id,
            "uid": summary.uid,
            "number": summary.number,
            "date": summary.issued_on.isoformat(),
            "period": summary.period_code,
            "replaces": {"id": summary.replaces_id, "number": summary.replaces_number}
            if summary.replaces_id is not None
            else None,
            "files": [{"kind": f.kind, "name": f.file_name, "sha256": f.sha256} for f in summary.files],
        }
        _print_json(data, [text, *lines])
        return ""
    return "\n".join([text, *lines])


def _consolidate(services: Services, args: argparse.Namespace) -> str:
    result = services.reports.consolidate(args.files, parse_period(args.period), args.newest_wins)
    # nothing usable: no file is written, so an empty report can never go upward by mistake
    lines = _write_report(services, result.report, args) if result.included else []
    if args.json:
        data = _report_json(result.report)
        data["units"] = [
            {"name": unit.name, "kind": unit.kind, "code": unit.code, "list": unit.unit_list, "file": name}
            for unit, name in result.included
        ]
        data["missing"] = result.missing
        data["rejected"] = [{"file": r.file_name, "reason": r.reason} for r in result.rejected]
        _print_json(data, lines)
        lines = []
    else:
        lines.insert(0, f"Tổng hợp {len(result.included)} đơn vị cho {result.report.period.label}.")
        lines += [f"  Thiếu: {name}" for name in result.missing]
        lines += [f"  Loại: {r.file_name}: {r.reason}" for r in result.rejected]
    if not result.included:
        if lines:
            print("\n".join(lines))
        print("Lỗi: không có tệp nào dùng được; không ghi tệp báo cáo.", file=sys.stderr)
        raise ExitCode(EXIT_ERROR)
    return "\n".join(lines)


COMMANDS: dict[str, Callable[[Services, argparse.Namespace], str]] = {
    "report": _report,
    "consolidate": _consolidate,
}
