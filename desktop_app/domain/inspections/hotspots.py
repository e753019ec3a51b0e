"""Hot-spots: places where prostitution was found outside registered businesses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.inspections.vocabulary import read_date
from desktop_app.domain.text import check_length, nfc


# ---- Hot-spots
@dataclass(frozen=True, slots=True)
class HotspotInput:
    place: str
    commune_id: int | None
    found_on: date | str | None
    eliminated_on: date | str | None = None
    notes: str = ""

    def validated(self, today: date) -> ValidHotspot:
        """Raises ValidationErrors."""
        errors: dict[str, str] = {}
        found_on = read_date(errors, "found_on", self.found_on)
        eliminated_on = read_date(errors, "eliminated_on", self.eliminated_on)
        place = nfc(self.place).strip()
        if not place:
            errors["place"] = "Nhập địa điểm của tụ điểm."
        if self.commune_id is None:
            errors["commune_id"] = "Chọn xã, phường."
        if found_on is None and "found_on" not in errors:
            errors["found_on"] = "Nhập ngày phát hiện."
        elif found_on is not None and found_on > today:
            errors["found_on"] = "Ngày phát hiện không thể ở tương lai."
        if eliminated_on is not None:
            if eliminated_on > today:
                errors["eliminated_on"] = "Ngày xóa bỏ không thể ở tương lai."
            elif found_on is not None and eliminated_on < found_on:
                errors["eliminated_on"] = "Ngày xóa bỏ không thể trước ngày phát hiện."
        check_length(errors, "notes", self.notes)
        if errors:
            raise ValidationErrors(errors)
        assert found_on is not None and self.commune_id is not None
        return ValidHotspot(place, self.commune_id, found_on, eliminated_on, nfc(self.notes).strip())


@dataclass(frozen=True, slots=True)
class ValidHotspot:
    place: str
    commune_id: int
    found_on: date
    eliminated_on: date | None
    notes: str


@dataclass(frozen=True, slots=True)
class Hotspot:
    id: int
    place: str
    commune_id: int
    commune_name: str
    found_on: date
    eliminated_on: date | None
    notes: str

    def active_on(self, day: date) -> bool:
        return self.found_on <= day and (self.eliminated_on is None or day < self.eliminated_on)
