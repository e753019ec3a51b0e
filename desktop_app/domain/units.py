"""The move of an office's businesses from the pre-2025 communes to the 2025 communes: preview and choices."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.office import REFORM_DATE
from desktop_app.domain.text import nfc

MOVED = "moved"  # the old commune went whole into one 2025 commune
UNCHANGED = "unchanged"  # already in a 2025 commune, or in a commune without an official code
NEEDS_CHOICE = "needs_choice"  # the old commune was split, or the bundled data does not know it
CONVERSION_NOTE = "Sắp xếp đơn vị hành chính 2025"
STATUS_LABELS = {MOVED: "Chuyển", UNCHANGED: "Giữ nguyên", NEEDS_CHOICE: "Cần chọn"}


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A 2025 commune a business may go to."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ConversionRow:
    """One business of the preview: where it is and where it goes."""

    business_id: int
    business_name: str
    address: str
    old_commune_id: int
    old_commune: str  # its name
    old_code: str
    status: str  # MOVED, UNCHANGED or NEEDS_CHOICE
    new: UnitChoice | None  # the 2025 commune for MOVED; None otherwise
    candidates: tuple[UnitChoice, ...] = ()  # NEEDS_CHOICE: where it may go (default first)
    reason: str = ""  # why a choice is needed, for the clerk


@dataclass(frozen=True, slots=True)
class CommuneEnding:
    """A pre-2025 commune of the jurisdiction that ends, and the 2025 communes known to succeed it."""

    commune_id: int
    name: str
    code: str
    successors: tuple[UnitChoice, ...]


@dataclass(frozen=True, slots=True)
class ConversionPreview:
    """What the move would do on `effective_on`; given back to apply, which refuses if the data changed."""

    effective_on: date
    rows: tuple[ConversionRow, ...]
    ending: tuple[CommuneEnding, ...]  # old communes that end (valid_to = effective_on - 1 day)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def moved(self) -> int:
        return self.count(MOVED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def needs_choice(self) -> tuple[ConversionRow, ...]:
        return tuple(row for row in self.rows if row.status == NEEDS_CHOICE)

    def report(self) -> dict[str, object]:
        """The `units convert --json` object."""
        return {
            "moved": self.moved,
            "unchanged": self.unchanged,
            "needs_choice": [
                {
                    "business_id": row.business_id,
                    "old_commune": row.old_commune,
                    "candidates": [{"code": c.code, "name": c.name} for c in row.candidates],
                }
                for row in self.needs_choice
            ],
        }


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """What the move wrote."""

    moved: int  # businesses given a new commune (chosen ones included)
    unchanged: int
    communes_added: int  # 2025 communes added to the jurisdiction
    communes_ended: int  # pre-2025 communes given their last day and successors

    def report(self) -> dict[str, object]:
        return {
            "moved": self.moved,
            "unchanged": self.unchanged,
            "needs_choice": [],
            "communes_added": self.communes_added,
            "communes_ended": self.communes_ended,
        }


def check_effective_on(day: date) -> None:
    """The move takes effect on or after 1/7/2025, when the 2025 list began. Raises ValidationError."""
    if day < REFORM_DATE:
        raise ValidationError(
            "Ngày áp dụng phải từ 01/07/2025 trở đi (ngày các xã, phường mới bắt đầu hoạt động).",
            "effective_on",
        )


def last_day_before(day: date) -> date:
    return day - timedelta(days=1)


def check_choices(preview: ConversionPreview, choices: dict[int, str], require_all: bool = True) -> None:
    """Every business that needs a choice has one (unless not `require_all`), and no choice is for another
    business or outside its candidates. Raises ValidationError naming the first business at fault."""
    rows = {row.business_id: row for row in preview.rows}
    for business_id, code in choices.items():
        row = rows.get(business_id)
        if row is None or row.status == UNCHANGED:
            raise ValidationError(
                f"Cơ sở mã {business_id} không có trong danh sách cần chuyển: hãy bỏ dòng chọn này.",
                "choices",
            )
        allowed = row.candidates if row.status == NEEDS_CHOICE else (row.new,) if row.new else ()
        if code not in {c.code for c in allowed}:
            names = ", ".join(f"{c.code} {c.name}" for c in allowed[:5]) + (" …" if len(allowed) > 5 else "")
            raise ValidationError(
                f"Cơ sở «{row.business_name}» (mã {business_id}) không chuyển được sang xã, phường mã "
                f"«{code}»: hãy chọn một trong: {names}.",
                "choices",
            )
    for row in preview.needs_choice if require_all else ():
        if row.business_id not in choices:
            raise ValidationError(
                f"Chưa chọn xã, phường mới cho cơ sở «{row.business_name}» (mã {row.business_id}, "
                f"{row.old_commune}): hãy chọn theo địa chỉ của cơ sở.",
                "choices",
            )


def read_choices_csv(text: str) -> dict[int, str]:
    """A choices file: header `business_id,new_code`, then one business a line (UTF-8, BOM allowed).

    Raises ValidationError naming the line at fault.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [nfc(h).lower() for h in header[:2]] != ["business_id", "new_code"]:
        raise ValidationError(
            "Tệp lựa chọn phải có dòng tiêu đề «business_id,new_code» (mã cơ sở, mã xã, phường mới).",
            "choices",
        )
    choices: dict[int, str] = {}
    for line, row in enumerate(reader, start=2):
        cells = [nfc(cell) for cell in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise ValidationError(
                f"Dòng {line} của tệp lựa chọn cần đủ hai cột: mã cơ sở và mã xã, phường mới.", "choices"
            )
        if not cells[0].isdigit():
            raise ValidationError(
                f"Dòng {line} của tệp lựa chọn: mã cơ sở «{cells[0]}» phải là một số.", "choices"
            )
        if not cells[1].isdigit():
            raise ValidationError(
                f"Dòng {line} của tệp lựa chọn: mã xã, phường «{cells[1]}» phải gồm chữ số (ví dụ 04105).",
                "choices",
            )
        business_id = int(cells[0])
        if business_id in choices:
            raise ValidationError(
                f"Dòng {line} của tệp lựa chọn: cơ sở mã {business_id} đã được chọn ở một dòng trước.",
                "choices",
            )
        choices[business_id] = cells[1].zfill(5)
    return choices
