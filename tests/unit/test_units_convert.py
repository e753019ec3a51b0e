"""The move of a pre-2025 district office's businesses to the 2025 communes (UnitsService), on a real database
(SQLite; PostgreSQL too when PCMD_TEST_PG_URL is set)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from desktop_app.domain.errors import ConflictError, ValidationError, ValidationErrors
from desktop_app.domain.office import REFORM_DATE, UNIT_LIST_2025, UNIT_LIST_LEGACY, Commune, CommuneInput
from desktop_app.domain.security import ROLE_STAFF, PermissionDenied
from desktop_app.domain.units import CONVERSION_NOTE, MOVED, NEEDS_CHOICE, UNCHANGED, read_choices_csv
from desktop_app.services.app_services import Services
from desktop_app.storage.models import (
    BusinessRecord,
    BusinessVersionRecord,
    ChangeLogRecord,
    CommuneSuccessorRecord,
)
from desktop_app.storage.repositories.business_versions import BusinessVersion, add_version, versions_of
from tests.conftest import add_account
from tests.units_setup import add_business, legacy_district_office


def _communes(services: Services) -> dict[tuple[str, str], Commune]:
    return {(c.unit_list, c.code): c for c in services.office.communes(include_inactive=True)}


def _versions(services: Services, business_id: int) -> list[BusinessVersion]:
    with services.db.read() as session:
        return versions_of(session, business_id)


def _commune_of(services: Services, business_id: int) -> int:
    with services.db.read() as session:
        record = session.get(BusinessRecord, business_id)
        assert record is not None
        return record.commune_id


def _counts(services: Services) -> tuple[int, int, int, int]:
    with services.db.read() as session:
        return (
            len(services.office.communes(include_inactive=True)),
            session.scalar(select(func.count()).select_from(BusinessVersionRecord)) or 0,
            session.scalar(select(func.count()).select_from(CommuneSuccessorRecord)) or 0,
            session.scalar(select(func.count()).select_from(ChangeLogRecord)) or 0,
        )


def test_a_mai_son_district_office_moves_to_the_2025_communes_and_keeps_its_history(
    services: Services,
) -> None:
    legacy_district_office(services)
    hat_lot = add_business(services, "Nhà nghỉ Hoa Ban", "Thị trấn Hát Lót", "05/03/2020")
    muong_bang = add_business(services, "Karaoke Suối Tiên", "Xã Mường Bằng", "12/09/2023")
    closed = add_business(services, "Nhà nghỉ Cũ", "Xã Cò Nòi", "01/02/2019")
    services.businesses.change_status(closed, "closed", "01/06/2024")
    voided = add_business(services, "Nhập nhầm", "Xã Cò Nòi")
    services.businesses.void(voided, "Nhập trùng")
    before = _communes(services)
    old_hat_lot = before[(UNIT_LIST_LEGACY, "04105")]

    preview = services.units.preview_conversion()

    assert preview.report() == {"moved": 2, "unchanged": 0, "needs_choice": []}
    rows = {row.business_id: row for row in preview.rows}
    assert set(rows) == {hat_lot, muong_bang}  # closed and voided businesses stay where they were
    assert rows[hat_lot].status == MOVED and rows[hat_lot].old_commune == "Thị trấn Hát Lót"
    assert (rows[hat_lot].new.code, rows[hat_lot].new.name) == ("04105", "Xã Mai Sơn")  # type: ignore[union-attr]
    assert rows[muong_bang].new.name == "Xã Chiềng Mung"  # type: ignore[union-attr]
    assert _communes(services) == before  # a preview writes nothing

    result = services.units.apply_conversion({}, REFORM_DATE, expected=preview)

    assert (result.moved, result.unchanged) == (2, 0)
    after = _communes(services)
    mai_son = after[(UNIT_LIST_2025, "04105")]
    assert mai_son.name == "Xã Mai Sơn" and mai_son.active and mai_son.valid_from == REFORM_DATE
    assert mai_son.valid_to is None
    # The old commune stays for history and past periods, ends on 30/6/2025 and names its successor.
    ended = after[(UNIT_LIST_LEGACY, "04105")]
    assert ended.id == old_hat_lot.id and ended.name == "Thị trấn Hát Lót"
    assert ended.valid_to == date(2025, 6, 30) and ended.successor_ids == (mai_son.id,)
    # Every old commune of the district ended, each with its successor in the jurisdiction.
    legacy = [c for c in after.values() if c.unit_list == UNIT_LIST_LEGACY]
    assert len(legacy) == 22 and all(c.valid_to == date(2025, 6, 30) and c.successor_ids for c in legacy)
    # Out of use: new entries are offered the 2025 communes only.
    assert not any(c.active for c in legacy)
    assert {c.unit_list for c in services.office.communes()} == {UNIT_LIST_2025}
    assert result.communes_ended == 22
    assert result.communes_added == len([c for c in after.values() if c.unit_list == UNIT_LIST_2025]) == 8
    # The move is a dated change: before 1/7/2025 the business was in Thị trấn Hát Lót.
    assert _commune_of(services, hat_lot) == mai_son.id
    assert [(v.effective_on, v.commune_id) for v in _versions(services, hat_lot)] == [
        (date(2020, 3, 5), old_hat_lot.id),
        (REFORM_DATE, mai_son.id),
    ]
    assert _commune_of(services, closed) == before[(UNIT_LIST_LEGACY, "04138")].id
    # One audit entry with counts only (no business or commune names).
    with services.db.read() as session:
        changes = session.scalars(
            select(ChangeLogRecord.changes).where(ChangeLogRecord.action == "units_convert")
        ).one()
    assert json.loads(changes) == {
        "communes_added": 8,
        "communes_ended": 22,
        "effective_on": "2025-07-01",
        "moved": 2,
        "unchanged": 0,
    }

    # A second run changes nothing.
    counts = _counts(services)
    again = services.units.preview_conversion()
    assert again.report() == {"moved": 0, "unchanged": 2, "needs_choice": []}
    assert again.ending == ()
    second = services.units.apply_conversion({}, REFORM_DATE, expected=again)
    assert (second.moved, second.communes_added, second.communes_ended) == (0, 0, 0)
    assert _counts(services) == counts
    assert _communes(services) == after


def test_a_split_commune_needs_the_clerks_choice_and_nothing_is_written_without_it(
    services: Services,
) -> None:
    legacy_district_office(services, "Tuyên Quang", "Thành phố Tuyên Quang")
    kim_phu = add_business(services, "Nhà hàng Kim Phú", "Xã Kim Phú", address="Thôn 7")
    preview = services.units.preview_conversion()
    (row,) = preview.needs_choice
    assert row.business_id == kim_phu and row.status == NEEDS_CHOICE and row.new is None
    assert {c.name for c in row.candidates} == {"Phường Mỹ Lâm", "Phường Minh Xuân"}
    assert preview.report()["needs_choice"] == [
        {
            "business_id": kim_phu,
            "old_commune": "Xã Kim Phú",
            "candidates": [{"code": c.code, "name": c.name} for c in row.candidates],
        }
    ]
    counts, communes = _counts(services), _communes(services)

    with pytest.raises(ValidationError, match="Chưa chọn xã, phường mới cho cơ sở «Nhà hàng Kim Phú»"):
        services.units.apply_conversion({}, REFORM_DATE, expected=preview)
    with pytest.raises(ValidationError, match="không chuyển được sang xã, phường mã «04105»"):
        services.units.apply_conversion({kim_phu: "04105"}, REFORM_DATE, expected=preview)
    with pytest.raises(ValidationError, match="không có trong danh sách cần chuyển"):
        services.units.apply_conversion(
            {kim_phu: row.candidates[0].code, 999: row.candidates[0].code}, REFORM_DATE, expected=preview
        )
    assert (_counts(services), _communes(services)) == (counts, communes)

    minh_xuan = next(c for c in row.candidates if c.name == "Phường Minh Xuân")
    result = services.units.apply_conversion({kim_phu: minh_xuan.code}, REFORM_DATE, expected=preview)
    assert result.moved == preview.moved + 1
    after = _communes(services)
    assert _commune_of(services, kim_phu) == after[(UNIT_LIST_2025, minh_xuan.code)].id
    # The old commune's successors are both communes its territory went to.
    old = after[(UNIT_LIST_LEGACY, row.old_code)]
    assert {after_c.name for after_c in after.values() if after_c.id in old.successor_ids} == {
        "Phường Mỹ Lâm",
        "Phường Minh Xuân",
    }
    assert services.units.preview_conversion().needs_choice == ()


def test_apply_refuses_when_the_data_changed_since_the_preview(services: Services) -> None:
    legacy_district_office(services)
    add_business(services, "Nhà nghỉ Hoa Ban", "Thị trấn Hát Lót")
    preview = services.units.preview_conversion()
    add_business(services, "Karaoke mới", "Xã Cò Nòi")
    counts = _counts(services)
    with pytest.raises(ConflictError, match="Dữ liệu đã thay đổi từ lúc xem trước"):
        services.units.apply_conversion({}, REFORM_DATE, expected=preview)
    assert _counts(services) == counts
    with pytest.raises(ConflictError, match="Ngày áp dụng khác"):
        services.units.apply_conversion({}, date(2025, 8, 1), expected=preview)


def test_a_later_date_a_business_registered_after_it_and_a_later_change_keep_their_own_dates(
    services: Services,
) -> None:
    legacy_district_office(services)
    old = add_business(services, "Nhà nghỉ Hoa Ban", "Thị trấn Hát Lót", "05/03/2020")
    new = add_business(services, "Karaoke Mới Mở", "Thị trấn Hát Lót", "10/01/2026")
    types = {t.code: t.id for t in services.office.business_types()}
    # A type change recorded from 1/3/2026 (the row holds the present values).
    with services.db.unit_of_work() as session:
        record = session.get(BusinessRecord, old)
        assert record is not None
        hat_lot = record.commune_id
        if not versions_of(session, old):  # what a new business has once every change path keeps versions
            add_version(session, record, date(2020, 3, 5), datetime(2020, 3, 5, 9, 0))
        record.type_id = types["KS"]
        add_version(session, record, date(2026, 3, 1), datetime(2026, 3, 1, 9, 0), "Đổi loại hình")
    effective = date(2025, 8, 15)
    with pytest.raises(ValidationError, match="từ 01/07/2025"):
        services.units.preview_conversion(effective_on=date(2025, 6, 30))

    preview = services.units.preview_conversion(effective_on=effective)
    services.units.apply_conversion({}, effective, expected=preview)

    after = _communes(services)
    mai_son = after[(UNIT_LIST_2025, "04105")].id
    assert after[(UNIT_LIST_LEGACY, "04105")].valid_to == date(2025, 8, 14)
    assert after[(UNIT_LIST_2025, "04105")].valid_from == effective
    assert [(v.effective_on, v.commune_id, v.type_id) for v in _versions(services, old)] == [
        (date(2020, 3, 5), hat_lot, types["NN"]),
        (effective, mai_son, types["NN"]),  # the type in force that day, not today's
        (date(2026, 3, 1), mai_son, types["KS"]),
    ]
    with services.db.read() as session:
        notes = session.scalars(
            select(BusinessVersionRecord.note).where(
                BusinessVersionRecord.business_id == old, BusinessVersionRecord.effective_on == effective
            )
        ).all()
    assert notes == [CONVERSION_NOTE]
    # Registered after the move: it was never in the old commune.
    assert [(v.effective_on, v.commune_id) for v in _versions(services, new)] == [
        (date(2026, 1, 10), mai_son)
    ]


def test_a_business_without_any_version_gets_its_baseline_first(services: Services) -> None:
    legacy_district_office(services)
    business = add_business(services, "Nhà nghỉ Hoa Ban", "Thị trấn Hát Lót", "05/03/2020")
    with services.db.unit_of_work() as session:
        for version in session.scalars(
            select(BusinessVersionRecord).where(BusinessVersionRecord.business_id == business)
        ):
            session.delete(version)
    hat_lot = _commune_of(services, business)
    preview = services.units.preview_conversion()
    services.units.apply_conversion({}, REFORM_DATE, expected=preview)
    mai_son = _communes(services)[(UNIT_LIST_2025, "04105")].id
    assert [(v.effective_on, v.commune_id) for v in _versions(services, business)] == [
        (date(2020, 3, 5), hat_lot),
        (REFORM_DATE, mai_son),
    ]


def test_communes_without_a_code_or_already_in_the_2025_list_stay(services: Services) -> None:
    from desktop_app.domain.office import OfficeProfile

    services.office.setup(
        OfficeProfile(issuing_unit="UBND xã Mai Sơn"),
        [CommuneInput("Xã Mai Sơn", "04105", unit_list=UNIT_LIST_2025), CommuneInput("Bản Tự Đặt")],
    )
    add_business(services, "Nhà nghỉ A", "Xã Mai Sơn")
    add_business(services, "Nhà nghỉ B", "Bản Tự Đặt")
    preview = services.units.preview_conversion()
    assert [row.status for row in preview.rows] == [UNCHANGED, UNCHANGED]
    assert preview.ending == ()


def test_only_an_administrator_converts(services: Services) -> None:
    legacy_district_office(services)
    password = add_account(services, "canbo", "Cán bộ Một", ROLE_STAFF)
    services.users.sign_in("canbo", password)
    with pytest.raises(PermissionDenied):
        services.units.preview_conversion()


def test_unknown_target_list_is_refused(services: Services) -> None:
    legacy_district_office(services)
    with pytest.raises(ValidationError, match="Chỉ chuyển được sang danh mục 2025"):
        services.units.preview_conversion(to="2030")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("business_id,new_code\n12,04105\n", {12: "04105"}),
        ("\ufeffbusiness_id,new_code\r\n3,4105\r\n\r\n7, 02215 \r\n", {3: "04105", 7: "02215"}),
    ],
)
def test_a_choices_file_is_read(text: str, expected: dict[int, str]) -> None:
    assert read_choices_csv(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,code\n1,04105\n", "dòng tiêu đề «business_id,new_code»"),
        ("", "dòng tiêu đề"),
        ("business_id,new_code\n1,04105\n2\n", "Dòng 3 của tệp lựa chọn cần đủ hai cột"),
        ("business_id,new_code\nabc,04105\n", "Dòng 2 của tệp lựa chọn: mã cơ sở «abc» phải là một số"),
        ("business_id,new_code\n1,Mai Sơn\n", "Dòng 2 của tệp lựa chọn: mã xã, phường «Mai Sơn»"),
        ("business_id,new_code\n1,04105\n1,04108\n", "Dòng 3 của tệp lựa chọn: cơ sở mã 1 đã được chọn"),
    ],
)
def test_a_bad_choices_file_names_the_line(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        read_choices_csv(text)


def test_businesses_are_moved_chunk_by_chunk(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.storage.repositories import units as units_repo

    monkeypatch.setattr(units_repo, "_CHUNK", 2)
    legacy_district_office(services)
    ids = [
        add_business(services, f"Nhà nghỉ {n}", commune)
        for n, commune in enumerate(
            ["Thị trấn Hát Lót", "Xã Mường Bằng", "Xã Cò Nòi", "Xã Chiềng Ban", "Xã Nà Ớt"]
        )
    ]
    preview = services.units.preview_conversion()
    services.units.apply_conversion({}, REFORM_DATE, expected=preview)
    names = [services.businesses.row(i).commune_name for i in ids]
    assert names == ["Xã Mai Sơn", "Xã Chiềng Mung", "Xã Mai Sơn", "Xã Chiềng Mai", "Xã Phiêng Pằn"]
    assert all(len(_versions(services, i)) == 2 for i in ids)


def test_the_commune_list_saves_after_the_move_though_old_and_new_share_names(services: Services) -> None:
    legacy_district_office(services)
    add_business(services, "Nhà nghỉ Hoa Ban", "Xã Chiềng Sung")
    preview = services.units.preview_conversion()
    services.units.apply_conversion({}, REFORM_DATE, expected=preview)
    stored = services.office.communes(include_inactive=True)
    assert [c.name for c in stored].count("Xã Chiềng Sung") == 2  # 04108 before and after 1/7/2025
    # What the Settings dialog's list gives back: name, code, in use, id.
    edited = [CommuneInput(c.name, c.code, c.active, c.id) for c in stored]
    services.office.save_communes(edited)
    assert services.office.communes(include_inactive=True) == stored
    # A new row typed with a name already in the list is still refused.
    with pytest.raises(ValidationErrors, match="trùng"):
        services.office.save_communes([*edited, CommuneInput("Xã Chiềng Sung", "")])
