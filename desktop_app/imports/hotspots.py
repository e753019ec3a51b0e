"""Importing an office's list of prostitution hot-spots (tụ điểm): where, in which commune, when found and
when eliminated; a hot-spot the register (or an earlier row of the file) already has is a duplicate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.inspections import HotspotInput, ValidHotspot
from desktop_app.domain.text import search_key
from desktop_app.imports.columns import ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, ImportRow, Problem, SourceRow
from desktop_app.imports.register_cells import ROW_NUMBER, CommuneReader, outcome, read_date, text

HOTSPOT_SPEC = RegisterSpec(
    "hotspots",
    (
        ROW_NUMBER,
        ColumnSpec(
            "place",
            "Địa điểm",
            ("dia diem tu diem", "ten tu diem", "tu diem", "noi", "dia chi"),
            required=True,
        ),
        ColumnSpec("commune", "Xã/phường", ("xa", "phuong", "xa phuong thi tran", "dia ban"), required=True),
        ColumnSpec(
            "found_on",
            "Ngày phát hiện",
            ("ngay phat hien tu diem", "phat hien ngay", "thoi gian phat hien"),
            required=True,
        ),
        ColumnSpec(
            "eliminated_on",
            "Ngày xóa bỏ",
            ("ngay xoa bo tu diem", "ngay triet pha", "ngay xoa", "xoa bo ngay", "ngay giai toa"),
        ),
        ColumnSpec("notes", "Ghi chú", ("ghi chu", "ket qua xu ly")),
    ),
)
HotspotKey = tuple[int, str, date]  # commune, place search key, found on


def hotspot_key(commune_id: int, place: str, found_on: date) -> HotspotKey:
    return (commune_id, search_key(place), found_on)


@dataclass(frozen=True, slots=True)
class ImportedHotspot:
    hotspot: ValidHotspot

    @property
    def name(self) -> str:
        return self.hotspot.place


class HotspotRowParser:
    def __init__(
        self, communes: Sequence[tuple[int, str]], existing: Iterable[HotspotKey], today: date
    ) -> None:
        self._communes = CommuneReader(communes)
        self._existing = set(existing)
        self._seen: dict[HotspotKey, int] = {}
        self._today = today

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        commune_id = self._communes.read(source, problems)
        found = read_date(source, "found_on", "Ngày phát hiện", problems, self._today, required=True)
        eliminated = read_date(source, "eliminated_on", "Ngày xóa bỏ", problems, self._today)
        if any(p.severity == ERROR for p in problems):
            return outcome(source, problems, None)
        valid: ValidHotspot | None = None
        try:
            valid = HotspotInput(
                text(source, "place"), commune_id, found, eliminated, text(source, "notes")
            ).validated(self._today)
        except ValidationErrors as err:
            for name, message in err.errors.items():
                column = "commune" if name == "commune_id" else name
                problems.append(Problem(row, ERROR, column, text(source, column) or None, message))
        if valid is not None:
            key = hotspot_key(valid.commune_id, valid.place, valid.found_on)
            if key in self._existing or key in self._seen:
                message = (
                    "Tụ điểm này (cùng địa điểm, xã, phường và ngày phát hiện) đã có trong sổ."
                    if key in self._existing
                    else f"Trùng với dòng {self._seen[key]} của tệp."
                )
                problems.append(Problem(row, DUPLICATE, "place", None, message))
                return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
            self._seen[key] = row
        return outcome(source, problems, ImportedHotspot(valid) if valid is not None else None)
