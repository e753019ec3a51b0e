"""Possible duplicates: the same CCCD, or the same name, birth year and commune, of a case already kept."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.cases.records import ValidIdentity

# ---- Duplicates


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    case_id: int
    code: str
    reason: str  # Vietnamese: why it looks like the same person


def duplicate_reason(
    new: ValidIdentity,
    new_commune: int,
    other_id_number: str,
    other_name_key: str,
    other_year: int | None,
    other_commune: int,
) -> str | None:
    """Why an existing identity looks like the new one: the same CCCD, or the same name (without diacritics),
    birth year and commune. None when it does not."""
    if new.id_number and other_id_number and new.id_number == other_id_number:
        return "Trùng số CCCD/CMND"
    if (
        new.name_key
        and new.name_key == other_name_key
        and new.birth_year is not None
        and new.birth_year == other_year
        and new_commune == other_commune
    ):
        return "Trùng họ tên, năm sinh và xã, phường"
    return None


class IdentityIndex:
    """Identities kept or read so far, by the keys `duplicate_reason` compares: looking a new identity up
    costs the same however many are indexed (an import checks each row once, not against every row)."""

    def __init__(self) -> None:
        self._by_number: dict[str, tuple[str, str, str, int | None, int]] = {}
        self._by_name: dict[tuple[str, int, int], tuple[str, str, str, int | None, int]] = {}

    def add(self, label: str, id_number: str, name_key: str, birth_year: int | None, commune: int) -> None:
        """Index one identity under `label` (what a duplicate message names); the first label stays."""
        entry = (label, id_number, name_key, birth_year, commune)
        if id_number:
            self._by_number.setdefault(id_number, entry)
        if name_key and birth_year is not None:
            self._by_name.setdefault((name_key, birth_year, commune), entry)

    def match(self, new: ValidIdentity, commune: int) -> tuple[str, str] | None:
        """(label, reason) of an indexed identity that looks like `new`, the same CCCD first; or None."""
        name_key = new.name_key
        candidates = (
            self._by_number.get(new.id_number) if new.id_number else None,
            self._by_name.get((name_key, new.birth_year, commune)) if new.birth_year is not None else None,
        )
        for entry in candidates:
            if entry is None:
                continue
            label, number, key, year, other_commune = entry
            reason = duplicate_reason(new, commune, number, key, year, other_commune)
            if reason:
                return label, reason
        return None
