"""The change log as an Excel list for the administrator (personal values are already masked in it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from openpyxl.cell import WriteOnlyCell

from desktop_app.domain.audit import AuditRow
from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.xlsx_sheets import append_rows, closing, list_sheet, new_workbook

HEADERS = ("Số", "Thời điểm", "Người thực hiện", "Đối tượng", "Mã", "Thao tác", "Nội dung")
WIDTHS = (8, 18, 18, 20, 8, 20, 80)
TITLE = "NHẬT KÝ THAO TÁC TRÊN DỮ LIỆU"


def write_audit_log(
    target: Path,
    rows: Iterable[AuditRow],
    total: int,
    unit: str,
    today: date | None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the entries atomically; returns how many. Raises Cancelled (nothing written), ExportError."""
    workbook = new_workbook()
    ws = list_sheet(workbook, "Nhật ký", HEADERS, WIDTHS, unit, TITLE, today)
    count = 0

    def lines() -> Iterable[tuple[object, ...]]:
        nonlocal count
        for row in rows:
            at = WriteOnlyCell(ws, value=row.at)
            at.number_format = "dd/mm/yyyy hh:mm:ss"
            count += 1
            yield (
                row.id,
                at,
                row.actor or "(chưa đăng nhập)",
                row.entity_label,
                row.entity_id or None,
                row.action_label,
                row.detail,
            )

    with atomic_target(target) as part, closing(ws):
        append_rows(ws, lines(), total, progress, cancelled)
        workbook.save(part)
    return count
