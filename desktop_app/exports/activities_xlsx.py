"""The lists of communication events and of training classes as Excel workbooks, and their import templates
(the same columns, so an exported list imports back)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell

from desktop_app.domain.activities import (
    COMMUNICATION_HEADERS,
    TRAINING_HEADERS,
    CommunicationEvent,
    TrainingClass,
)
from desktop_app.exports.atomic import CancelCheck, atomic_target
from desktop_app.exports.xlsx_sheets import append_rows, closing, list_sheet, new_workbook

COMMUNICATION_TEMPLATE_HEADERS: tuple[str, ...] = ("STT", *COMMUNICATION_HEADERS.values())
TRAINING_TEMPLATE_HEADERS: tuple[str, ...] = ("STT", *TRAINING_HEADERS.values())
COMMUNICATION_WIDTHS = (6, 22, 13, 18, 50, 12, 30)
TRAINING_WIDTHS = (6, 13, 45, 28, 12, 22, 30)
COMMUNICATION_TITLE = "DANH SÁCH HOẠT ĐỘNG TUYÊN TRUYỀN PHÒNG, CHỐNG MẠI DÂM"
TRAINING_TITLE = "DANH SÁCH LỚP TẬP HUẤN CÁN BỘ LÀM CÔNG TÁC PHÒNG, CHỐNG MẠI DÂM"
Progress = Callable[[int, int], None]


def _day(ws: Any, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "dd/mm/yyyy"
    return cell


def _write(
    target: Path,
    sheet: str,
    headers: Sequence[str],
    widths: Sequence[float],
    title: str,
    unit: str,
    today: date | None,
    rows: Callable[[Any], list[tuple[object, ...]]],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> None:
    workbook = new_workbook()
    ws = list_sheet(workbook, sheet, headers, widths, unit, title, today)
    with atomic_target(target) as part, closing(ws):
        lines = rows(ws)
        append_rows(ws, lines, len(lines), progress, cancelled)
        workbook.save(part)


def write_communication_events(
    target: Path,
    events: Sequence[CommunicationEvent],
    unit: str,
    today: date | None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Every event, oldest first. Raises Cancelled, ExportError."""

    def rows(ws: Any) -> list[tuple[object, ...]]:
        ordered = sorted(events, key=lambda e: (e.held_on, e.id))
        return [
            (n, e.commune_name, _day(ws, e.held_on), e.form_label, e.title, e.participants, e.notes)
            for n, e in enumerate(ordered, start=1)
        ]

    _write(
        target,
        "Tuyên truyền",
        COMMUNICATION_TEMPLATE_HEADERS,
        COMMUNICATION_WIDTHS,
        COMMUNICATION_TITLE,
        unit,
        today,
        rows,
        progress,
        cancelled,
    )


def write_trainings(
    target: Path,
    trainings: Sequence[TrainingClass],
    unit: str,
    today: date | None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Every class, oldest first. Raises Cancelled, ExportError."""

    def rows(ws: Any) -> list[tuple[object, ...]]:
        ordered = sorted(trainings, key=lambda t: (t.held_on, t.id))
        return [
            (n, _day(ws, t.held_on), t.title, t.organiser, t.participants, t.commune_name, t.notes)
            for n, t in enumerate(ordered, start=1)
        ]

    _write(
        target,
        "Tập huấn",
        TRAINING_TEMPLATE_HEADERS,
        TRAINING_WIDTHS,
        TRAINING_TITLE,
        unit,
        today,
        rows,
        progress,
        cancelled,
    )


def write_communication_template(target: Path) -> None:
    """A blank workbook with the import columns. Raises ExportError."""
    _write(
        target,
        "Tuyên truyền",
        COMMUNICATION_TEMPLATE_HEADERS,
        COMMUNICATION_WIDTHS,
        COMMUNICATION_TITLE,
        "",
        None,
        lambda ws: [],
        None,
        None,
    )


def write_training_template(target: Path) -> None:
    """A blank workbook with the import columns. Raises ExportError."""
    _write(
        target,
        "Tập huấn",
        TRAINING_TEMPLATE_HEADERS,
        TRAINING_WIDTHS,
        TRAINING_TITLE,
        "",
        None,
        lambda ws: [],
        None,
        None,
    )
