"""Unit identity in data packages and consolidation: schema version 2 (the unit's kind, official code and
list), version-1 packages still read, commune keys that do not collide across the two lists, units told
apart by (list, code), *newest wins* within one unit only, and the expected units of a Sở Y tế.

The offices are real ones of Sơn La: the pre-reform Huyện Mai Sơn (legacy 125) with Thị trấn Hát Lót
(legacy 04105) and Xã Mường Bằng (legacy 04111); the 2025 communes Xã Mai Sơn (2025 04105) and Xã Chiềng
Sung (2025 04108); Sở Y tế tỉnh Sơn La (2025 14)."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.domain.businesses import BusinessInput
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.indicators import BY_COMMUNE
from desktop_app.domain.inspections import RESULT_NONE, RESULT_REMINDER, VisitInput
from desktop_app.domain.office import (
    LEGACY_LAST_DAY,
    OFFICE_KIND_COMMUNE,
    OFFICE_KIND_HEALTH_DEPT,
    OFFICE_KIND_LEGACY_DISTRICT,
    REFORM_DATE,
    UNIT_LIST_2025,
    UNIT_LIST_LEGACY,
    CommuneInput,
    OfficeProfile,
)
from desktop_app.domain.periods import parse_period
from desktop_app.domain.reports import PACKAGE_VERSION, PackageError, ReportUnit, read_package
from desktop_app.domain.security import ROLE_ADMIN, Actor
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.reports import profile_unit
from desktop_app.storage.admin_units import communes_2025
from desktop_app.storage.models import BusinessRecord
from desktop_app.storage.repositories.users import set_setting
from tests.conftest import ROOT, run_cli

Y2025 = parse_period("2025")
ADMIN = Actor(None, "admin", ROLE_ADMIN)
V1_PACKAGE = ROOT / "tests" / "data" / "report_package_v1.json"  # written by the app before schema v2
MADE = datetime(2026, 1, 10, 9, 0)


def _profile(name: str, parent: str, kind: str, code: str, unit_list: str) -> OfficeProfile:
    return OfficeProfile(
        issuing_unit=name,
        parent_unit=parent,
        place_name="Sơn La",
        upward_recipient="Sở Y tế tỉnh Sơn La",
        signer_name="Lò Văn Hùng",
        signer_position="Phó Chủ tịch",
        signer_authority="KT.",
        province_code="14",
        province_name="Tỉnh Sơn La",
        office_kind=kind,
        unit_code=code,
        unit_list=unit_list,
    )


def _office(
    path: Path, profile: OfficeProfile, communes: list[CommuneInput], visits: dict[str, int]
) -> Services:
    """An office with one business per commune in `visits` and that many visits to it in 2025."""
    services = open_services(path, actor=ADMIN, encrypt_new=False)
    services.office.setup(profile, communes)
    ids = {c.name: c.id for c in services.office.communes()}
    business_type = services.office.business_types()[0].id
    for n, (commune, count) in enumerate(visits.items(), start=1):
        business = services.businesses.create(
            BusinessInput(
                name=f"Nhà nghỉ Số {n}",
                type_id=business_type,
                commune_id=ids[commune],
                address="Tiểu khu 1",
                owner_name="Trần Văn An",
                owner_id_number=f"01408500123{n}",
                registration_number=f"24A800123{n}",
                registration_date="05/03/2020",
            )
        )
        month = 3 if profile.office_kind == OFFICE_KIND_LEGACY_DISTRICT else 9
        for day in range(1, count + 1):
            result = RESULT_REMINDER if day == 1 else RESULT_NONE
            services.inspections.record_visit(
                VisitInput(business, f"{day:02d}/{month:02d}/2025", result=result)
            )
    return services


def _package(services: Services, target: Path, made: datetime = MADE) -> Path:
    report = replace(services.reports.report(Y2025), generated_at=made)
    return services.reports.write_package(report, target)


@dataclass
class Sonla:
    district: Path  # Phòng LĐ-TB&XH huyện Mai Sơn (legacy 125): Thị trấn Hát Lót 2 visits, Mường Bằng 1
    mai_son: Path  # Phòng Văn hóa – Xã hội of Xã Mai Sơn (2025 04105): 3 visits
    mai_son_later: Path  # the same office's package made a day later, with one more visit (4)
    chieng_sung: Path  # Phòng Văn hóa – Xã hội of Xã Chiềng Sung (2025 04108): 1 visit
    health: Services  # Sở Y tế tỉnh Sơn La (2025 14), the consolidating office


@pytest.fixture(scope="module")
def sonla(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sonla]:
    folder = tmp_path_factory.mktemp("sonla")
    legacy = {"unit_list": UNIT_LIST_LEGACY, "valid_to": LEGACY_LAST_DAY}
    new = {"unit_list": UNIT_LIST_2025, "valid_from": REFORM_DATE}
    district = _office(
        folder / "huyen.sqlite3",
        _profile(
            "Phòng Lao động – Thương binh và Xã hội huyện Mai Sơn",
            "Ủy ban nhân dân huyện Mai Sơn",
            OFFICE_KIND_LEGACY_DISTRICT,
            "125",
            UNIT_LIST_LEGACY,
        ),
        [
            CommuneInput("Thị trấn Hát Lót", "04105", **legacy),
            CommuneInput("Xã Mường Bằng", "04111", **legacy),
        ],
        {"Thị trấn Hát Lót": 2, "Xã Mường Bằng": 1},
    )
    mai_son = _office(
        folder / "mai-son.sqlite3",
        _profile(
            "Phòng Văn hóa – Xã hội",
            "Ủy ban nhân dân xã Mai Sơn",
            OFFICE_KIND_COMMUNE,
            "04105",
            UNIT_LIST_2025,
        ),
        [CommuneInput("Xã Mai Sơn", "04105", **new)],
        {"Xã Mai Sơn": 3},
    )
    chieng_sung = _office(
        folder / "chieng-sung.sqlite3",
        _profile(
            "Phòng Văn hóa – Xã hội",
            "Ủy ban nhân dân xã Chiềng Sung",
            OFFICE_KIND_COMMUNE,
            "04108",
            UNIT_LIST_2025,
        ),
        [CommuneInput("Xã Chiềng Sung", "04108", **new)],
        {"Xã Chiềng Sung": 1},
    )
    health = open_services(folder / "so-y-te.sqlite3", actor=ADMIN, encrypt_new=False)
    _jurisdiction, communes = health.office.jurisdiction_from_names("Sơn La", None)
    health.office.setup(
        _profile("Sở Y tế tỉnh Sơn La", "Ủy ban nhân dân tỉnh Sơn La", OFFICE_KIND_HEALTH_DEPT, "14", "2025"),
        communes,
    )
    try:
        made = Sonla(
            district=_package(district, folder / "huyen-mai-son.json"),
            mai_son=_package(mai_son, folder / "xa-mai-son.json"),
            mai_son_later=folder / "xa-mai-son-gui-lai.json",
            chieng_sung=_package(chieng_sung, folder / "xa-chieng-sung.json"),
            health=health,
        )
        mai_son.inspections.record_visit(
            VisitInput(_first_business(mai_son), "20/12/2025", result=RESULT_NONE)
        )
        _package(mai_son, made.mai_son_later, MADE.replace(day=11))
        yield made
    finally:
        for services in (district, mai_son, chieng_sung, health):
            services.close()


def _first_business(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalars(select(BusinessRecord.id).order_by(BusinessRecord.id).limit(1)).one())


def _forget_expected(services: Services) -> None:
    """As if no list had ever been kept."""
    with services.db.unit_of_work() as session:
        set_setting(session, "report_expected_units", "")


def _rows(values: object, indicator: str) -> dict[str, int | float | None]:
    """The commune breakdown of one indicator, by the row label a report prints."""
    from desktop_app.domain.indicators import IndicatorValues

    assert isinstance(values, IndicatorValues)
    return {
        label: values.value(indicator, BY_COMMUNE, key) for key, label in values.members[BY_COMMUNE].items()
    }


def _reseal(data: dict[str, object], path: Path) -> Path:
    body = {k: v for k, v in data.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_text(json.dumps({**body, "checksum": "sha256:" + hashlib.sha256(canonical).hexdigest()}))
    return path


# ---- The package itself
def test_a_version_1_package_is_still_read() -> None:
    text = V1_PACKAGE.read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 1
    package = read_package(text)
    assert package.unit == ReportUnit(
        "Phòng Lao động – Thương binh và Xã hội huyện Mai Sơn", "125", "Ủy ban nhân dân huyện Mai Sơn"
    )
    assert (package.unit.kind, package.unit.unit_list, package.unit.identity) == ("", "", "")
    # its bare commune codes are read as they were
    assert package.values.members[BY_COMMUNE]["04105"] == "Thị trấn Hát Lót"
    assert _rows(package.values, "inspection_visits")["Thị trấn Hát Lót"] == 2
    tampered = json.loads(text)
    tampered["values"]["totals"]["inspection_visits"] = 30
    with pytest.raises(PackageError, match="checksum"):
        read_package(json.dumps(tampered))


def test_a_version_2_package_carries_the_unit_identity_and_reads_back(sonla: Sonla, tmp_path: Path) -> None:
    data = json.loads(sonla.mai_son.read_text(encoding="utf-8"))
    assert PACKAGE_VERSION == 2 and data["version"] == 2
    assert data["unit"] == {
        "name": "Phòng Văn hóa – Xã hội",
        "kind": "xa",
        "code": "04105",
        "list": "2025",
        "province_code": "14",
        "parent": "Ủy ban nhân dân xã Mai Sơn",
    }
    assert data["values"]["members"][BY_COMMUNE] == {"2025:04105": "Xã Mai Sơn"}
    assert data["indicators"]["inspection_visits_by_commune"] == {"2025:04105": 3}
    unit = read_package(sonla.mai_son.read_text(encoding="utf-8")).unit
    assert unit == ReportUnit(
        "Phòng Văn hóa – Xã hội", "04105", "Ủy ban nhân dân xã Mai Sơn", "xa", "2025", "14"
    )
    assert unit.identity == "2025:04105"
    district = json.loads(sonla.district.read_text(encoding="utf-8"))
    assert district["unit"]["kind"] == "huyen-cu" and district["unit"]["list"] == "legacy"
    assert set(district["values"]["members"][BY_COMMUNE]) == {"legacy:04105", "legacy:04111"}

    # the checksum covers the unit's identity; a newer version or an unknown list is refused with why
    moved = json.loads(sonla.mai_son.read_text(encoding="utf-8"))
    moved["unit"]["code"] = "04108"
    with pytest.raises(PackageError, match="checksum"):
        read_package(json.dumps(moved))
    newer = _reseal({**data, "version": 3}, tmp_path / "v3.json")
    with pytest.raises(PackageError, match="cập nhật phần mềm"):
        read_package(newer.read_text())
    odd = json.loads(json.dumps(data))
    odd["unit"]["list"] = "2024"
    with pytest.raises(PackageError, match="danh mục"):
        read_package(_reseal(odd, tmp_path / "odd.json").read_text())


def test_an_office_without_a_kind_reports_as_before() -> None:
    """Its unit: the territory's code (district, else province) and its name, no kind and no list."""
    profile = OfficeProfile(
        issuing_unit="Phòng Văn hóa – Xã hội", parent_unit="Ủy ban nhân dân xã Mai Sơn", province_code="14"
    )
    unit = profile_unit(profile)
    assert unit == ReportUnit(
        "Phòng Văn hóa – Xã hội", "14", "Ủy ban nhân dân xã Mai Sơn", province_code="14"
    )
    assert unit.identity == "" and unit.key == "14|phong van hoa – xa hoi"
    kind = replace(profile, office_kind=OFFICE_KIND_COMMUNE, unit_code="04105", unit_list=UNIT_LIST_2025)
    assert profile_unit(kind).key == "2025:04105"


# ---- Consolidation
def test_one_code_in_two_lists_stays_two_communes(sonla: Sonla) -> None:
    """Code 04105 is Thị trấn Hát Lót in the old list and Xã Mai Sơn in the new one: two rows, each with its
    own visits and its own name (before: one row «Thị trấn Hát Lót» with 5 visits)."""
    result = sonla.health.reports.consolidate([sonla.district, sonla.mai_son], Y2025)
    assert result.rejected == [] and len(result.included) == 2
    visits = _rows(result.report.values, "inspection_visits")
    assert visits == {"Thị trấn Hát Lót": 2, "Xã Mường Bằng": 1, "Xã Mai Sơn": 3}
    assert result.report.values.value("inspection_visits") == 6
    assert result.report.values.value("communes_total") == 3


def test_communes_of_one_name_in_two_lists_get_their_codes(sonla: Sonla) -> None:
    """The old district's Xã Chiềng Sung (a version-1 package: bare code 04108) and the 2025 Xã Chiềng
    Sung (2025:04108) are two rows that do not read alike."""
    result = sonla.health.reports.consolidate([V1_PACKAGE, sonla.chieng_sung], Y2025)
    labels = list(result.report.values.members[BY_COMMUNE].values())
    assert "Xã Chiềng Sung (mã 04108)" in labels and "Xã Chiềng Sung (mã 04108, từ 1/7/2025)" in labels
    assert "Thị trấn Hát Lót" in labels and len(labels) == len(set(labels)) == 5


def test_two_commune_offices_of_one_name_are_two_units(sonla: Sonla, tmp_path: Path) -> None:
    """Two communes' «Phòng Văn hóa – Xã hội» of one province are two units, told apart by their codes
    (before: both rejected as «gửi hai lần»)."""
    result = sonla.health.reports.consolidate([sonla.mai_son, sonla.chieng_sung], Y2025)
    assert result.rejected == []
    assert [(u.name, u.identity) for u, _file in result.included] == [
        ("Phòng Văn hóa – Xã hội", "2025:04105"),
        ("Phòng Văn hóa – Xã hội", "2025:04108"),
    ]
    assert _rows(result.report.values, "inspection_visits") == {"Xã Mai Sơn": 3, "Xã Chiềng Sung": 1}
    workbook = load_workbook(sonla.health.reports.write_xlsx(result.report, tmp_path / "tong-hop.xlsx"))
    listed = [str(c.value) for row in workbook["Đơn vị"].iter_rows() for c in row if c.value]
    assert "Phòng Văn hóa – Xã hội, Ủy ban nhân dân xã Mai Sơn (mã 04105)" in listed
    assert "Phòng Văn hóa – Xã hội, Ủy ban nhân dân xã Chiềng Sung (mã 04108)" in listed


def test_sent_twice_means_the_same_unit_and_newest_wins_replaces_only_its_file(sonla: Sonla) -> None:
    files = [sonla.mai_son_later, sonla.chieng_sung, sonla.mai_son]
    result = sonla.health.reports.consolidate(files, Y2025)
    assert [file for _unit, file in result.included] == ["xa-chieng-sung.json"]
    reasons = {r.file_name: r.reason for r in result.rejected}
    assert set(reasons) == {"xa-mai-son.json", "xa-mai-son-gui-lai.json"}
    assert all("gửi hai lần" in reason and "04105" in reason for reason in reasons.values())

    newest = sonla.health.reports.consolidate(files, Y2025, newest_wins=True)
    assert sorted(file for _unit, file in newest.included) == [
        "xa-chieng-sung.json",
        "xa-mai-son-gui-lai.json",
    ]
    assert [r.file_name for r in newest.rejected] == ["xa-mai-son.json"]
    assert "xa-mai-son-gui-lai.json" in newest.rejected[0].reason
    assert _rows(newest.report.values, "inspection_visits") == {"Xã Mai Sơn": 4, "Xã Chiềng Sung": 1}


def test_consolidation_does_not_depend_on_the_order_of_the_files(sonla: Sonla) -> None:
    files = [sonla.district, sonla.mai_son, sonla.chieng_sung, sonla.mai_son_later, V1_PACKAGE]
    seen = set()
    for order in itertools.permutations(files):
        result = sonla.health.reports.consolidate(list(order), Y2025, newest_wins=True)
        values = result.report.values
        seen.add(
            (
                json.dumps(values.flat(), sort_keys=True),
                json.dumps(values.members, ensure_ascii=False),
                tuple((u.key, file) for u, file in result.included),
                tuple(sorted((r.file_name, r.reason) for r in result.rejected)),
            )
        )
    assert len(seen) == 1
    (_flat, members, included, rejected) = seen.pop()
    # the v1 package of the same district is the same unit only by name and code: no identity, so it is a
    # unit of its own (its bare commune codes are its own rows)
    # the version-1 package of the same district office (its code and name) is that unit sent again: the
    # newer of the two counts, the district once
    assert [file for _key, file in included] == [
        "report_package_v1.json",
        "xa-mai-son-gui-lai.json",
        "xa-chieng-sung.json",
    ]
    assert [name for name, _r in rejected] == ["huyen-mai-son.json", "xa-mai-son.json"]
    assert '"04105": "Thị trấn Hát Lót"' in members and "legacy:04105" not in members


def test_an_old_package_of_a_unit_is_the_same_unit_as_its_new_one(sonla: Sonla) -> None:
    result = sonla.health.reports.consolidate([sonla.district, V1_PACKAGE, sonla.mai_son], Y2025)
    assert [file for _unit, file in result.included] == ["xa-mai-son.json"]
    assert {r.file_name for r in result.rejected} == {"huyen-mai-son.json", "report_package_v1.json"}


def test_an_old_package_of_a_commune_office_is_never_guessed(sonla: Sonla, tmp_path: Path) -> None:
    """A version-1 package of a «Phòng Văn hóa – Xã hội» carried only its province's code: beside a new
    package of an office of that name it could be that office or another; it is left out with why."""
    data = json.loads(sonla.mai_son.read_text(encoding="utf-8"))
    data["version"] = 1
    data["unit"] = {"name": "Phòng Văn hóa – Xã hội", "code": "14", "parent": "Ủy ban nhân dân xã Mai Sơn"}
    old = _reseal(data, tmp_path / "cu.json")
    for others in ([sonla.mai_son, sonla.chieng_sung], [sonla.chieng_sung]):
        result = sonla.health.reports.consolidate([old, *others], Y2025, newest_wins=True)
        assert [file for _unit, file in result.included] == [path.name for path in others]
        assert [r.file_name for r in result.rejected] == ["cu.json"]
        assert "không cho biết là đơn vị nào" in result.rejected[0].reason
    alone = sonla.health.reports.consolidate([old], Y2025)  # by itself: read as it always was
    assert len(alone.included) == 1 and alone.rejected == []


def test_a_health_department_expects_the_communes_of_its_province(sonla: Sonla) -> None:
    health = sonla.health.reports
    expected = health.expected_units()
    province = communes_2025("14")
    assert len(expected) == len(province) == 75
    assert "Xã Mai Sơn [2025:04105]" in expected
    result = health.consolidate([sonla.mai_son, sonla.chieng_sung, sonla.district], Y2025)
    assert len(result.missing) == 73
    assert not any("Mai Sơn" in name or "Chiềng Sung" in name for name in result.missing)
    assert set(result.missing) == {
        f"{u.name} (mã {u.code})" for u in province if u.code not in ("04105", "04108")
    }
    try:
        # a stored list: identities where given, names for lines without one (lists kept before 2025)
        health.set_expected_units(["Xã Mai Sơn [2025:04105]", "Xã Chiềng Sung [2025:04108]", "Xã Mường Bú"])
        assert health.expected_units() == [
            "Xã Mai Sơn [2025:04105]",
            "Xã Chiềng Sung [2025:04108]",
            "Xã Mường Bú",
        ]
        result = health.consolidate([sonla.chieng_sung], Y2025)
        assert result.missing == ["Xã Mai Sơn (mã 04105)", "Xã Mường Bú"]
        # a name alone still matches a unit by its name, as before
        health.set_expected_units(["Phòng Lao động – Thương binh và Xã hội huyện Mai Sơn"])
        assert health.consolidate([V1_PACKAGE, sonla.mai_son], Y2025).missing == []
        with pytest.raises(ValidationError, match="danh mục «2024» không có"):
            health.set_expected_units(["Xã Mai Sơn [2024:04105]"])
        # the list as it was
        assert health.expected_units() == ["Phòng Lao động – Thương binh và Xã hội huyện Mai Sơn"]
        health.set_expected_units([])  # an emptied list: no unit is tracked
        assert health.expected_units() == [] and health.consolidate([sonla.mai_son], Y2025).missing == []
    finally:
        _forget_expected(sonla.health)
    assert len(health.expected_units()) == 75


def test_an_old_stored_list_of_names_still_works(sonla: Sonla) -> None:
    with sonla.health.db.unit_of_work() as session:  # as the app stored it before identities
        set_setting(session, "report_expected_units", json.dumps(["Phòng Văn hóa – Xã hội", "Xã Chiềng Ban"]))
    try:
        assert sonla.health.reports.expected_units() == ["Phòng Văn hóa – Xã hội", "Xã Chiềng Ban"]
        result = sonla.health.reports.consolidate([sonla.chieng_sung], Y2025)
        assert result.missing == ["Xã Chiềng Ban"]
    finally:
        _forget_expected(sonla.health)


def test_consolidate_on_the_command_line_names_each_unit(
    sonla: Sonla, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "so-y-te.sqlite3"
    services = open_services(target, actor=ADMIN, encrypt_new=False)
    try:
        _jurisdiction, communes = services.office.jurisdiction_from_names("Sơn La", None)
        services.office.setup(
            _profile(
                "Sở Y tế tỉnh Sơn La", "Ủy ban nhân dân tỉnh Sơn La", OFFICE_KIND_HEALTH_DEPT, "14", "2025"
            ),
            communes,
        )
    finally:
        services.close()
    code, out, err = run_cli(
        capsys,
        "--db",
        str(target),
        "consolidate",
        str(sonla.mai_son),
        str(sonla.chieng_sung),
        "--period",
        "2025",
        "--json",
        "--package",
        str(tmp_path / "tong-hop.json"),
    )
    assert code == 0, err
    data = json.loads(out)
    assert [(u["name"], u["kind"], u["code"], u["list"]) for u in data["units"]] == [
        ("Phòng Văn hóa – Xã hội", "xa", "04105", "2025"),
        ("Phòng Văn hóa – Xã hội", "xa", "04108", "2025"),
    ]
    assert len(data["missing"]) == 73 and data["rejected"] == []
    upward = json.loads((tmp_path / "tong-hop.json").read_text(encoding="utf-8"))
    assert upward["unit"]["kind"] == "so-y-te" and upward["unit"]["code"] == "14"
    assert [u["code"] for u in upward["units"]] == ["04105", "04108"]
    assert read_package(json.dumps(upward)).unit.identity == "2025:14"
