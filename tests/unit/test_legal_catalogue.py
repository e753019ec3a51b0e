"""The penalty catalogue: the shipped file, its entries in the database, the rule that checks a penalty
against the catalogue in force on the violation date, records flagged for review, an updated file's import."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.inspections import RESULT_PENALTY, LegalBasis, VisitInput
from desktop_app.domain.legal import (
    OFFENDER_INDIVIDUAL,
    OFFENDER_ORGANISATION,
    CatalogueError,
    check_penalty,
    parse_catalogue,
)
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.inspections import InspectionService
from desktop_app.storage.db import create_engine_for, database_url
from desktop_app.storage.migrate import upgrade
from desktop_app.storage.models import ChangeLogRecord, InspectionVisitRecord
from desktop_app.storage.repositories.legal import bundled_catalogue_path, read_catalogue
from tests.conftest import FixedClock, configure, run_cli, sample_input

NOW = datetime(2026, 11, 23, 9, 0)
NEW, OLD = "282/2025/NĐ-CP", "144/2021/NĐ-CP"


@pytest.fixture
def inspections(office: Services) -> InspectionService:
    return InspectionService(office.db, now=FixedClock(NOW))


def _basis(inspections: InspectionService, decree: str, article: str, clause: str, point: str = "") -> int:
    return next(
        b.id
        for b in inspections.legal_basis(include_inactive=True)
        if (b.decree, b.article, b.clause, b.point) == (decree, article, clause, point)
    )


def _business(office: Services, name: str = "Nhà nghỉ Hoàng Long 000001") -> int:
    return office.businesses.create(sample_input(office, name=name, registration_number=name[-6:]))


def _penalty(business: int, day: str, legal: list[int], fine: int, **extra: object) -> VisitInput:
    return VisitInput(
        business,
        day,
        result=RESULT_PENALTY,
        decision_number="15/QĐ-XPHC",
        decision_date=day,
        legal_basis_ids=legal,
        fine_vnd=fine,
        **extra,  # type: ignore[arg-type]
    )


def _refusal(inspections: InspectionService, data: VisitInput) -> dict[str, str]:
    with pytest.raises(ValidationErrors) as caught:
        inspections.record_visit(data)
    return caught.value.errors


# ---- The shipped file
def test_shipped_catalogue_is_valid_and_each_entry_has_its_source_and_dates() -> None:
    catalogue = read_catalogue(bundled_catalogue_path())
    assert catalogue.version
    keys = {e.key for e in catalogue.entries}
    assert {(NEW, "32", "1", ""), (NEW, "33", "1", ""), (OLD, "9", "2", "đ"), (NEW, "10", "2", "đ")} <= keys
    for entry in catalogue.entries:
        assert entry.source.strip() and entry.act.strip(), entry.key
        assert entry.valid_from is not None, entry.key
        if entry.decree == OLD:
            assert entry.valid_to == date(2025, 12, 14), entry.key
        if entry.decree == NEW:
            assert entry.valid_from == date(2025, 12, 15) and entry.valid_to is None, entry.key
        if entry.verified:  # a verified entry quotes the text it was checked against
            assert "«" in entry.source and entry.fine_min is not None, entry.key
    assert any(not e.verified for e in catalogue.entries)  # what could not be verified says so


def test_a_bad_catalogue_is_refused_with_what_is_wrong() -> None:
    good = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(good))
    bad["entries"][0]["source"] = ""
    bad["entries"][1]["fine_min"] = 9_000_000  # above its maximum
    bad["entries"][2]["valid_from"] = "15/12/2025"
    bad["entries"].append(dict(good["entries"][3]))  # a duplicate reference
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(bad)
    message = caught.value.message
    assert "không có gì được thay đổi" in message
    assert "Mục 1: thiếu «source»" in message
    assert "Mục 2: «fine_min» lớn hơn «fine_max»" in message
    assert "Mục 3: «valid_from» phải là ngày dạng NNNN-TT-NN" in message
    assert "trùng căn cứ" in message
    with pytest.raises(CatalogueError, match="version"):
        parse_catalogue({"format": 1, "entries": good["entries"]})


# ---- The database holds it
def test_database_holds_the_catalogue_and_its_version(inspections: InspectionService) -> None:
    catalogue = read_catalogue(bundled_catalogue_path())
    assert inspections.legal_catalogue_version() == catalogue.version
    active = {(b.decree, b.article, b.clause, b.point): b for b in inspections.legal_basis()}
    assert set(active) == {e.key for e in catalogue.entries}
    # the 0005 seed "Điều 25 NĐ 144" without a clause is no act of the catalogue: retired, not deleted
    retired = [b for b in inspections.legal_basis(include_inactive=True) if not b.active]
    assert [(b.decree, b.article, b.clause) for b in retired] == [(OLD, "25", "")]
    buying = active[(NEW, "32", "1", "")]
    assert (buying.fine_min, buying.fine_max, buying.applies_to) == (1_000_000, 2_000_000, ("individual",))
    assert buying.label == (
        "Khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP: Mua dâm (1.000.000 đ – 2.000.000 đ với cá nhân)"
    )
    assert active[(OLD, "24", "1", "")].label.endswith("[chưa kiểm chứng]")


# ---- The rule, on the visits entered by hand
def test_a_decree_not_in_force_on_the_violation_date_is_refused(
    office: Services, inspections: InspectionService
) -> None:
    business = _business(office)
    old = _basis(inspections, OLD, "24", "1")
    errors = _refusal(inspections, _penalty(business, "10/03/2026", [old], 1_500_000))
    assert errors["legal_basis_ids"] == (
        "NĐ 144/2021/NĐ-CP không còn áp dụng cho hành vi ngày 10/03/2026; dùng NĐ 282/2025/NĐ-CP."
    )
    new = _basis(inspections, NEW, "32", "1")
    errors = _refusal(inspections, _penalty(business, "01/12/2025", [new], 1_500_000))
    assert errors["legal_basis_ids"] == (
        "Khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP chỉ áp dụng cho hành vi từ ngày 15/12/2025; "
        "hành vi ngày 01/12/2025 xử phạt theo văn bản có hiệu lực lúc đó (văn bản mới chỉ áp dụng "
        "cho hành vi trước đó khi nhẹ hơn và quyết định xử phạt từ ngày 15/12/2025)."
    )
    assert inspections.visits() == []
    inspections.record_visit(_penalty(business, "14/12/2025", [old], 1_500_000))  # its last day
    inspections.record_visit(_penalty(business, "15/12/2025", [new], 1_500_000))  # the new one's first


def test_a_fine_out_of_its_range_is_refused_naming_the_range(
    office: Services, inspections: InspectionService
) -> None:
    business = _business(office)
    buying = _basis(inspections, NEW, "32", "1")
    errors = _refusal(inspections, _penalty(business, "10/03/2026", [buying], 36_500_000))
    assert errors["fine_vnd"] == (
        "Mức phạt 36.500.000 đ vượt khung 1.000.000 đ – 2.000.000 đ của Khoản 1 Điều 32 Nghị định "
        "282/2025/NĐ-CP đối với cá nhân."
    )
    visit_id = inspections.record_visit(_penalty(business, "10/03/2026", [buying], 1_500_000))
    visit = inspections.visit(visit_id)
    # buying sex is an act of a person: the offender is an individual, the kind a fine
    assert (visit.offender_kind, visit.penalty_kinds) == (OFFENDER_INDIVIDUAL, ("fine",))


def test_an_organisation_is_fined_double_and_an_act_of_persons_is_not_its(
    office: Services, inspections: InspectionService
) -> None:
    business = _business(office)
    lodging = _basis(inspections, NEW, "10", "2", "đ")  # 2–4 million đ for an individual
    inspections.record_visit(_penalty(business, "10/03/2026", [lodging], 7_000_000))  # the business
    errors = _refusal(
        inspections,
        _penalty(business, "11/03/2026", [lodging], 7_000_000, offender_kind=OFFENDER_INDIVIDUAL),
    )
    assert errors["fine_vnd"].startswith("Mức phạt 7.000.000 đ vượt khung 2.000.000 đ – 4.000.000 đ")
    errors = _refusal(inspections, _penalty(business, "12/03/2026", [lodging], 9_000_000))
    assert errors["fine_vnd"].endswith("đối với tổ chức (tổ chức: gấp đôi mức của cá nhân).")
    selling = _basis(inspections, NEW, "33", "1")
    errors = _refusal(
        inspections,
        _penalty(business, "13/03/2026", [selling], 400_000, offender_kind=OFFENDER_ORGANISATION),
    )
    assert errors["offender_kind"].startswith(
        "Khoản 1 Điều 33 Nghị định 282/2025/NĐ-CP (Bán dâm) chỉ áp dụng"
    )


def test_kinds_of_penalty_are_chosen_from_the_list(office: Services, inspections: InspectionService) -> None:
    business = _business(office)
    selling = _basis(inspections, NEW, "33", "1")  # a warning or 300,000–500,000 đ
    buying = _basis(inspections, NEW, "32", "1")  # a fine only
    inspections.record_visit(_penalty(business, "10/03/2026", [selling], 0, penalty_kinds=["warning"]))
    errors = _refusal(inspections, _penalty(business, "11/03/2026", [buying], 0, penalty_kinds=["warning"]))
    assert errors["penalty_kinds"].endswith(
        "không cho phép phạt cảnh cáo; chọn «Phạt tiền» trong khung của nó."
    )
    errors = _refusal(inspections, _penalty(business, "12/03/2026", [buying], 0))
    assert errors["penalty_kinds"] == "Chọn ít nhất một hình thức xử phạt (ví dụ cảnh cáo, phạt tiền)."
    errors = _refusal(
        inspections, _penalty(business, "13/03/2026", [buying], 1_000_000, penalty_kinds=["warning"])
    )
    assert errors["penalty_kinds"] == "Có số tiền phạt thì chọn hình thức «Phạt tiền»."
    errors = _refusal(
        inspections, _penalty(business, "14/03/2026", [buying], 1_000_000, penalty_kinds=["jail"])
    )
    assert errors["penalty_kinds"] == "Hình thức xử phạt không có trong danh sách; chọn lại."
    # several acts on one visit: each fined within its range, the fines added up
    both = _penalty(
        business, "15/03/2026", [buying, selling], 2_500_000, penalty_kinds=["fine", "confiscation"]
    )
    visit = inspections.visit(inspections.record_visit(both))
    assert visit.penalty_kinds == ("fine", "confiscation") and len(visit.legal_basis) == 2
    errors = _refusal(inspections, _penalty(business, "16/03/2026", [buying, selling], 2_600_000))
    assert errors["fine_vnd"].startswith("Mức phạt 2.600.000 đ vượt khung 300.000 đ – 2.500.000 đ")


def test_an_entry_added_by_hand_has_no_range_and_is_not_checked() -> None:
    by_hand = LegalBasis(99, NEW, "99", "1", "", "Hành vi khác")
    assert check_penalty(date(2026, 3, 10), OFFENDER_ORGANISATION, 95_000_000, ["fine"], [by_hand]) == {}


# ---- Existing records and an updated catalogue
def _catalogue_file(tmp_path: Path, change: dict[str, object], version: str = "2027.01-tinh") -> Path:
    data = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    data["version"] = version
    for entry in data["entries"]:
        if (entry["decree"], entry["article"], entry["clause"], entry["point"]) == (NEW, "10", "2", "đ"):
            entry.update(change)
    path = tmp_path / "danh-muc.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_updated_catalogue_flags_records_it_refuses_and_changes_none(
    office: Services, inspections: InspectionService, tmp_path: Path
) -> None:
    business = _business(office)
    lodging = _basis(inspections, NEW, "10", "2", "đ")
    visit_id = inspections.record_visit(_penalty(business, "10/03/2026", [lodging], 7_000_000))
    assert inspections.penalty_reviews() == []

    counts = inspections.import_legal_catalogue(_catalogue_file(tmp_path, {"fine_max": 3_000_000}))
    assert counts == {"added": 0, "updated": 17, "retired": 0}
    assert inspections.legal_catalogue_version() == "2027.01-tinh"
    (review,) = inspections.penalty_reviews()
    assert review.visit.id == visit_id and review.visit.fine_vnd == 7_000_000  # flagged, never changed
    assert review.problems == (
        "Mức phạt 7.000.000 đ vượt khung 4.000.000 đ – 6.000.000 đ của Điểm đ khoản 2 Điều 10 Nghị định "
        "282/2025/NĐ-CP đối với tổ chức (tổ chức: gấp đôi mức của cá nhân).",
    )
    with office.db.read() as session:
        logged = session.scalars(
            select(ChangeLogRecord.changes).where(ChangeLogRecord.entity == "legal_catalogue")
        ).all()
    assert len(logged) == 1 and '"version": "2027.01-tinh"' in logged[0]


def test_a_bad_catalogue_file_changes_nothing(
    office: Services, inspections: InspectionService, tmp_path: Path
) -> None:
    before = (inspections.legal_catalogue_version(), inspections.legal_basis(include_inactive=True))
    broken = _catalogue_file(tmp_path, {"fine_min": "hai triệu"})
    with pytest.raises(CatalogueError, match="«fine_min» phải là số nguyên đồng không âm"):
        inspections.import_legal_catalogue(broken)
    not_json = tmp_path / "danh-muc.xlsx"
    not_json.write_bytes(b"PK\x03\x04 not a catalogue")
    with pytest.raises(CatalogueError, match="không phải tệp JSON"):
        inspections.import_legal_catalogue(not_json)
    with pytest.raises(CatalogueError, match="Không đọc được tệp"):
        inspections.import_legal_catalogue(tmp_path / "khong-co.json")
    assert (inspections.legal_catalogue_version(), inspections.legal_basis(include_inactive=True)) == before
    with office.db.read() as session:
        logged = session.scalar(select(func.count()).where(ChangeLogRecord.entity == "legal_catalogue"))
    assert logged == 0


def test_command_line_imports_a_catalogue_and_lists_records_to_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "pcmd.sqlite3")
    services = open_services(db, actor=SYSTEM)
    try:
        configure(services)
        business = _business(services)
        lodging = _basis(services.inspections, NEW, "10", "2", "đ")
        services.inspections.record_visit(_penalty(business, "10/03/2026", [lodging], 7_000_000))
    finally:
        services.close()
    code, out, err = run_cli(capsys, "--db", db, "legal", "review")
    assert (code, err) == (0, "") and "Không có quyết định xử phạt nào cần rà soát" in out
    path = _catalogue_file(tmp_path, {"fine_max": 3_000_000})
    code, out, err = run_cli(capsys, "--db", db, "legal", "import", str(path))
    assert (code, err) == (0, "")
    assert (
        out.strip() == "Đã nhập danh mục phiên bản 2027.01-tinh: 0 hành vi mới, 17 cập nhật, 0 thôi áp dụng."
    )
    code, out, err = run_cli(capsys, "--db", db, "legal", "review")
    assert code == 0 and "1 quyết định xử phạt cần rà soát" in out and "vượt khung 4.000.000 đ" in out
    code, out, err = run_cli(capsys, "--db", db, "legal", "import", str(tmp_path / "khong-co.json"))
    assert code != 0 and "Không đọc được tệp «khong-co.json»" in err and "Traceback" not in err


def test_recorded_rows_keep_their_fine(office: Services, inspections: InspectionService) -> None:
    """The review reads; it writes nothing (the visit row is as recorded)."""
    business = _business(office)
    buying = _basis(inspections, NEW, "32", "1")
    inspections.record_visit(_penalty(business, "10/03/2026", [buying], 2_000_000))
    with office.db.read() as session:
        before = session.scalar(select(InspectionVisitRecord.updated_at))
    inspections.penalty_reviews()
    with office.db.read() as session:
        assert session.scalar(select(InspectionVisitRecord.updated_at)) == before
    with pytest.raises(DomainError):
        read_catalogue(Path("/nonexistent/catalogue.json"))


def test_a_newer_lighter_rule_applies_to_an_earlier_act_decided_after_it_took_effect() -> None:
    old = LegalBasis(
        1,
        OLD,
        "9",
        "2",
        "đ",
        "Không thông báo lưu trú",
        fine_min=1_000_000,
        fine_max=2_000_000,
        valid_from=date(2022, 1, 1),
        valid_to=date(2025, 12, 14),
        applies_to=("individual", "organisation"),
    )
    lighter = LegalBasis(
        2,
        NEW,
        "10",
        "2",
        "đ",
        "Không thông báo lưu trú",
        fine_min=500_000,
        fine_max=1_000_000,
        valid_from=date(2025, 12, 15),
        applies_to=("individual", "organisation"),
        replaces=(old.ref_key,),
    )
    heavier = LegalBasis(
        3,
        NEW,
        "10",
        "2",
        "e",
        "Không thông báo lưu trú",
        fine_min=2_000_000,
        fine_max=4_000_000,
        valid_from=date(2025, 12, 15),
        applies_to=("individual", "organisation"),
        replaces=(old.ref_key,),
    )
    catalogue = [old, lighter, heavier]
    act, decided = date(2025, 12, 10), date(2025, 12, 20)

    def check(basis: LegalBasis, fine: int, decision: date) -> dict[str, str]:
        return check_penalty(act, OFFENDER_INDIVIDUAL, fine, ["fine"], [basis], catalogue, decision)

    assert check(lighter, 800_000, decided) == {}  # not yet decided when the lighter rule took effect
    assert check(old, 1_500_000, decided) == {}  # the rule of the day of the act stays valid
    assert (
        "chỉ áp dụng cho hành vi từ ngày 15/12/2025"
        in check(lighter, 800_000, date(2025, 12, 12))["legal_basis_ids"]
    )  # decided before it took effect
    assert "khi nhẹ hơn" in check(heavier, 3_000_000, decided)["legal_basis_ids"]  # a heavier rule never


def test_upgrade_keeps_recorded_penalties_and_flags_the_unlawful_ones(tmp_path: Path) -> None:
    """A file of the version before the catalogue: its penalties keep their acts and fines; those the rule
    refuses are listed for review; the 0005 seed entry the catalogue has not is retired, not deleted."""
    path = tmp_path / "pcmd.sqlite3"
    engine = create_engine_for(database_url(path))
    upgrade(engine, "0012")
    now = datetime(2026, 3, 1, 8, 0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO business_type (id, code, name, synonyms, active, sort_order) "
                "VALUES (1, 'KAR', 'Karaoke', '', 1, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO business_type (id, code, name, synonyms, active, sort_order) "
                "VALUES (2, 'CF', 'Cà phê giải khát (đèn mờ)', '', 1, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO commune (id, name, code, search_key, active, sort_order, unit_list) "
                "VALUES (1, 'Xã Mường Bon', '', 'muong bon', 1, 0, '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO business (id, name, type_id, commune_id, address, owner_name, owner_id_number, "
                "owner_phone, registration_number, sub_licences, status, complex_area, notes, search_key, "
                "voided, void_reason, created_at, updated_at) "
                "VALUES (1, 'Karaoke Cũ', 1, 1, '', '', '', '', '', '', 'active', 0, '', 'karaoke cu', "
                "0, '', :now, :now)"
            ),
            {"now": now},
        )
        seeds = dict(
            conn.execute(text("SELECT decree || '|' || article || '|' || clause, id FROM legal_basis")).all()
        )
        for visit_id, day, basis, fine in (
            (1, "2026-03-10", seeds["282/2025/NĐ-CP|32|1"], 1_500_000),  # lawful
            (2, "2026-03-11", seeds["282/2025/NĐ-CP|32|1"], 36_500_000),  # above the range
            (3, "2026-03-12", seeds["144/2021/NĐ-CP|25|"], 500_000),  # the old decree in 2026
        ):
            conn.execute(
                text(
                    "INSERT INTO inspection_visit (id, business_id, visit_date, kind, members_present, "
                    "checklist, findings, minutes_number, result, prostitution_related, decision_number, "
                    "decision_date, fine_vnd, extra_measures, notes, voided, created_at, updated_at) VALUES "
                    "(:id, 1, :day, 'periodic', '', '{}', '', '', 'penalty', 1, :decision, :day, :fine, "
                    "'', '', 0, :now, :now)"
                ),
                {"id": visit_id, "day": day, "decision": f"{visit_id}/QĐ-XPHC", "fine": fine, "now": now},
            )
            conn.execute(
                text("INSERT INTO inspection_visit_legal_basis (visit_id, legal_basis_id) VALUES (:v, :b)"),
                {"v": visit_id, "b": basis},
            )
    engine.dispose()

    services = open_services(path, actor=SYSTEM)
    try:
        inspections = services.inspections
        visits = {v.id: v for v in inspections.visits()}
        assert [visits[i].fine_vnd for i in (1, 2, 3)] == [1_500_000, 36_500_000, 500_000]
        assert visits[3].legal_basis[0].reference == "Điều 25 Nghị định 144/2021/NĐ-CP"
        assert not visits[3].legal_basis[0].active  # retired, still readable
        assert visits[1].penalty_kinds == ("fine",)
        reviews = {r.visit.id: r.problems for r in inspections.penalty_reviews()}
        assert set(reviews) == {2, 3}
        assert reviews[2][0].startswith("Mức phạt 36.500.000 đ vượt khung 1.000.000 đ – 2.000.000 đ")
        types = {t.code: t.name for t in services.office.business_types()}
        assert types["CF"] == "Cà phê, giải khát"  # the shipped slang name replaced
        assert reviews[3] == (
            "NĐ 144/2021/NĐ-CP không còn áp dụng cho hành vi ngày 12/03/2026; dùng NĐ 282/2025/NĐ-CP.",
        )
    finally:
        services.close()


def test_a_new_office_names_the_cafe_type_without_slang(office: Services) -> None:
    names = [t.name for t in office.office.business_types()]
    assert "Cà phê, giải khát" in names and not any("đèn mờ" in n for n in names)
