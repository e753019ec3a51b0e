"""The list of inspection visits as an Excel workbook a clerk prints or sends, and its import template."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from desktop_app.domain.inspections import (
    CHECK_OK,
    CHECK_PROBLEM,
    CHECKLIST,
    KIND_LABELS,
    RESULT_LABELS,
    RESULT_PENALTY,
    Visit,
)
from desktop_app.domain.legal import OFFENDER_INDIVIDUAL, OFFENDER_ORGANISATION, PENALTY_KIND_LABELS
from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.xlsx_sheets import append_rows, closing, list_sheet, new_workbook

# The import template's columns (desktop_app.imports.inspections.TEMPLATE_HEADERS; a test keeps them equal);
# the export adds the follow-up state before the notes. Unknown columns are left out on import.
TEMPLATE_HEADERS: tuple[str, ...] = (
    "STT",
    "Tên cơ sở",
    "Xã/phường",
    "Số ĐKKD",
    "Ngày kiểm tra",
    "Giờ",
    "Hình thức",
    "Số kế hoạch (đợt)",
    "Thành viên có mặt",
    "Nội dung đạt",
    "Nội dung không đạt",
    "Nội dung phát hiện",
    "Số biên bản",
    "Kết quả",
    "Liên quan mại dâm",
    "Số quyết định xử phạt",
    "Ngày quyết định",
    "Căn cứ pháp lý",
    "Tiền phạt (đồng)",
    "Người vi phạm",
    "Hình thức xử phạt",
    "Biện pháp bổ sung",
    "Hạn hậu kiểm",
    "Ghi chú",
)
STATE_HEADER = "Tình trạng hậu kiểm"
OFFENDER_WORDS = {OFFENDER_ORGANISATION: "Tổ chức", OFFENDER_INDIVIDUAL: "Cá nhân"}
EXPORT_HEADERS: tuple[str, ...] = (*TEMPLATE_HEADERS[:-1], STATE_HEADER, TEMPLATE_HEADERS[-1])
_WIDTHS = {
    "STT": 6,
    "Tên cơ sở": 30,
    "Xã/phường": 16,
    "Ngày kiểm tra": 12,
    "Giờ": 7,
    "Hình thức": 11,
    "Thành viên có mặt": 26,
    "Nội dung đạt": 30,
    "Nội dung không đạt": 30,
    "Nội dung phát hiện": 34,
    "Kết quả": 24,
    "Liên quan mại dâm": 10,
    "Ngày quyết định": 12,
    "Căn cứ pháp lý": 40,
    "Tiền phạt (đồng)": 14,
    "Người vi phạm": 12,
    "Hình thức xử phạt": 24,
    "Biện pháp bổ sung": 24,
    "Hạn hậu kiểm": 12,
    STATE_HEADER: 20,
    "Ghi chú": 30,
}
TITLE = "DANH SÁCH CÁC LƯỢT KIỂM TRA CƠ SỞ KINH DOANH DỊCH VỤ DỄ BỊ LỢI DỤNG HOẠT ĐỘNG MẠI DÂM"
TEMPLATE_TITLE = "DANH SÁCH LƯỢT KIỂM TRA (MẪU NHẬP)"
SHEET_NAME = "Lượt kiểm tra"
YES = "Có"

STATE_OPEN = "Chờ hậu kiểm"
STATE_OVERDUE = "Quá hạn hậu kiểm"
STATE_CLOSED = "Đã hậu kiểm"


def follow_up_state(visit: Visit, today: date) -> str:
    """'Đã hậu kiểm', 'Quá hạn hậu kiểm', 'Chờ hậu kiểm', or '' when no follow-up is due."""
    if visit.follow_up_due is None:
        return ""
    if visit.closed_by_id is not None:
        return STATE_CLOSED
    return STATE_OVERDUE if visit.follow_up_due < today else STATE_OPEN


def _checks(visit: Visit, value: str) -> str:
    return "; ".join(label for key, label in CHECKLIST.items() if visit.checklist.get(key) == value)


def _prepare_sheet(
    workbook: Workbook, headers: Sequence[str], unit: str, title: str, today: date | None
) -> Any:
    widths = [_WIDTHS.get(header, 14) for header in headers]
    return list_sheet(workbook, SHEET_NAME, headers, widths, unit, title, today)


def _date_cell(ws: Any, value: date | None) -> WriteOnlyCell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "dd/mm/yyyy"
    return cell


def _fine_cell(ws: Any, visit: Visit) -> WriteOnlyCell | None:
    if not visit.decision_number:
        return None
    cell = WriteOnlyCell(ws, value=visit.fine_vnd)
    cell.number_format = "#,##0"
    return cell


def _row(
    ws: Any, number: int, v: Visit, registration_numbers: Mapping[int, str], today: date
) -> tuple[object, ...]:
    return (
        number,
        v.business_name,
        v.commune_name,
        registration_numbers.get(v.business_id, ""),
        _date_cell(ws, v.visit_date),
        f"{v.visit_time:%H:%M}" if v.visit_time else "",
        KIND_LABELS.get(v.kind, v.kind),
        v.round_plan_number,
        "; ".join(v.members_present),
        _checks(v, CHECK_OK),
        _checks(v, CHECK_PROBLEM),
        v.findings,
        v.minutes_number,
        RESULT_LABELS.get(v.result, v.result),
        YES if v.prostitution_related else "",
        v.decision_number,
        _date_cell(ws, v.decision_date),
        "; ".join(b.reference for b in v.legal_basis),
        _fine_cell(ws, v),
        OFFENDER_WORDS.get(v.offender_kind, "") if v.result == RESULT_PENALTY else "",
        "; ".join(PENALTY_KIND_LABELS.get(k, k) for k in v.penalty_kinds),
        v.extra_measures,
        _date_cell(ws, v.follow_up_due),
        follow_up_state(v, today),
        v.notes,
    )


def write_visits(
    target: Path,
    visits: Sequence[Visit],
    registration_numbers: Mapping[int, str],
    unit: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write the visits with each follow-up's state on `today`, atomically. Raises Cancelled (nothing
    written), ExportError."""
    workbook = new_workbook()
    ws = _prepare_sheet(workbook, EXPORT_HEADERS, unit, TITLE, today)
    total = len(visits)
    with atomic_target(target) as part, closing(ws):
        rows = (_row(ws, number, v, registration_numbers, today) for number, v in enumerate(visits, start=1))
        append_rows(ws, rows, total, progress, cancelled)
        workbook.save(part)
    if progress is not None:
        progress(total, total)


def write_visit_template(target: Path) -> None:
    """A blank workbook with the import columns. Raises ExportError."""
    workbook = new_workbook()
    ws = _prepare_sheet(workbook, TEMPLATE_HEADERS, "", TEMPLATE_TITLE, None)
    with atomic_target(target) as part, closing(ws):
        workbook.save(part)
