"""The move of an office's businesses to the 2025 communes: a preview, then one dated transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from desktop_app.domain.errors import ConflictError, ValidationError
from desktop_app.domain.office import REFORM_DATE, UNIT_LIST_LEGACY
from desktop_app.domain.security import PERM_ADMIN
from desktop_app.domain.units import (
    CONVERSION_NOTE,
    MOVED,
    NEEDS_CHOICE,
    UNCHANGED,
    CommuneEnding,
    ConversionPreview,
    ConversionResult,
    ConversionRow,
    UnitChoice,
    check_choices,
    check_effective_on,
    last_day_before,
)
from desktop_app.services.access import requires
from desktop_app.storage import admin_units
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories import units as repo

TO_2025 = "2025"


class UnitsService:
    """Moves the register from the pre-2025 communes to the 2025 ones. Every method runs on the calling
    thread (the GUI runs them through its TaskRunner)."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    @requires(PERM_ADMIN)
    def preview_conversion(self, to: str = TO_2025, effective_on: date = REFORM_DATE) -> ConversionPreview:
        """Where each business that still works would go on `effective_on`. Nothing is written.

        Raises ValidationError (an unknown target list, a date before 1/7/2025).
        """
        _check_target(to)
        check_effective_on(effective_on)
        with self._db.read() as session:
            return _preview(session, effective_on)

    @requires(PERM_ADMIN)
    def apply_conversion(
        self, choices: Mapping[int, str], effective_on: date, expected: ConversionPreview
    ) -> ConversionResult:
        """Move every business as `expected` shows (split communes: as `choices` says, business id → 2025
        code) in one transaction, effective on `effective_on`: the 2025 communes join the jurisdiction, the
        old ones get their last day and successors, each move is a dated version. Running it again changes
        nothing.

        Raises ValidationError (a missing or wrong choice: nothing written) or ConflictError (the data
        changed since the preview: nothing written).
        """
        check_effective_on(effective_on)
        if expected.effective_on != effective_on:
            raise ConflictError("Ngày áp dụng khác với bản xem trước: hãy xem trước lại rồi thực hiện.")
        wanted = {int(business_id): code for business_id, code in choices.items()}
        check_choices(expected, wanted)
        now = self._now()
        with self._db.unit_of_work() as session:
            if _preview(session, effective_on) != expected:
                raise ConflictError(
                    "Dữ liệu đã thay đổi từ lúc xem trước (có cơ sở hoặc xã, phường vừa được sửa): chưa ghi "
                    "gì; hãy xem trước lại rồi thực hiện."
                )
            names = {u.code: u.name for row in expected.rows for u in (row.new, *row.candidates) if u}
            names |= {u.code: u.name for ending in expected.ending for u in ending.successors}
            ids: dict[str, int] = {}
            added = 0

            def commune_id(code: str) -> int:
                nonlocal added
                if code not in ids:
                    ids[code], was_added = repo.ensure_commune_2025(session, code, names[code], effective_on)
                    added += int(was_added)
                return ids[code]

            successors: dict[int, set[str]] = {
                ending.commune_id: {u.code for u in ending.successors} for ending in expected.ending
            }
            moves: list[tuple[int, int]] = []
            for row in expected.rows:
                if row.status == UNCHANGED:
                    continue
                code = wanted.get(row.business_id) or (row.new.code if row.new else "")
                moves.append((row.business_id, commune_id(code)))
                successors.setdefault(row.old_commune_id, set()).add(code)
            repo.move_businesses(session, moves, effective_on, now, CONVERSION_NOTE)
            moved = len(moves)
            ended = 0
            open_ids = {c.commune_id for c in repo.open_legacy_communes(session)}
            for old_id, codes in sorted(successors.items()):
                successor_ids = [commune_id(c) for c in sorted(codes)]
                if old_id in open_ids:
                    repo.end_commune(session, old_id, last_day_before(effective_on))
                    ended += 1
                repo.add_successors(session, old_id, successor_ids)  # also to one ended by an earlier run
            result = ConversionResult(moved, expected.unchanged, added, ended)
            if not (moved or added or ended):
                return result  # a second run: nothing to record
            audit_repo.log_change(
                session,
                "office",
                0,
                "units_convert",
                {
                    "effective_on": effective_on,
                    "moved": moved,
                    "unchanged": result.unchanged,
                    "communes_added": added,
                    "communes_ended": ended,
                },
                now,
            )
        return result


def _check_target(to: str) -> None:
    if to != TO_2025:
        raise ValidationError(f"Chỉ chuyển được sang danh mục 2025 (không có danh mục «{to}»).", "to")


def _preview(session: Transaction, effective_on: date) -> ConversionPreview:
    profile = office_repo.get_profile(session)
    province_choices = _province_communes(profile.province_code if profile else "")
    rows: list[ConversionRow] = []
    for b in repo.businesses_in_place(session):
        base = (b.business_id, b.name, b.address, b.commune_id, b.commune_name, b.commune_code)
        if b.commune_list != UNIT_LIST_LEGACY or not b.commune_code:
            rows.append(ConversionRow(*base, UNCHANGED, None))
            continue
        successors = tuple(UnitChoice(u.code, u.name) for u in admin_units.successors_2025(b.commune_code))
        if len(successors) == 1:
            rows.append(ConversionRow(*base, MOVED, successors[0]))
        elif successors:
            rows.append(
                ConversionRow(
                    *base,
                    NEEDS_CHOICE,
                    None,
                    successors,
                    f"{b.commune_name} được chia cho {len(successors)} xã, phường mới: chọn theo địa chỉ.",
                )
            )
        else:
            reason = (
                f"Không có dữ liệu chuyển đổi cho {b.commune_name} (mã {b.commune_code}): chọn trong các "
                "xã, phường của tỉnh theo danh mục 2025."
                if province_choices
                else f"Không có dữ liệu chuyển đổi cho {b.commune_name} (mã {b.commune_code}) và không rõ "
                "tỉnh của đơn vị: hãy khai báo tỉnh trong Cài đặt."
            )
            rows.append(ConversionRow(*base, NEEDS_CHOICE, None, province_choices, reason))
    ending = tuple(
        CommuneEnding(
            c.commune_id,
            c.name,
            c.code,
            tuple(UnitChoice(u.code, u.name) for u in admin_units.successors_2025(c.code)),
        )
        for c in repo.open_legacy_communes(session)
    )
    return ConversionPreview(effective_on, tuple(rows), ending)


def _province_communes(legacy_province_code: str) -> tuple[UnitChoice, ...]:
    """Every 2025 commune of the province(s) that took over the office's old province."""
    if not legacy_province_code:
        return ()
    return tuple(
        UnitChoice(u.code, u.name)
        for code in admin_units.provinces_2025_for_legacy(legacy_province_code)
        for u in admin_units.communes_2025(code)
    )


__all__ = ["TO_2025", "UnitsService"]
