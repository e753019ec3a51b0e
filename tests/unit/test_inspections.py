"""Inspections: the rules of rounds, visits, penalties and follow-ups, coverage figures, flags, hot-spots."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.errors import ConflictError, ValidationErrors
from desktop_app.domain.inspections import (
    CHECK_OK,
    CHECK_PROBLEM,
    FLAG_NEVER,
    FLAG_NOT_THIS_YEAR,
    FLAG_OPEN_FOLLOW_UP,
    FLAG_RECENT_VIOLATION,
    KIND_FOLLOW_UP,
    KIND_SURPRISE,
    LEVEL_COMMUNE,
    LEVEL_DISTRICT,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REFERRAL,
    RESULT_REMINDER,
    SCOPE_BUSINESSES,
    SCOPE_COMMUNES,
    HotspotInput,
    LegalBasis,
    LegalBasisInput,
    Period,
    RoundInput,
    Targets,
    VisitInput,
    parse_fine,
    parse_time,
)
from desktop_app.services.app_services import Services
from desktop_app.services.inspections import InspectionService
from tests.conftest import FixedClock, sample_input

NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()


@pytest.fixture
def inspections(office: Services) -> InspectionService:
    return InspectionService(office.db, now=FixedClock(NOW))


def _communes(office: Services) -> dict[str, int]:
    return {c.name: c.id for c in office.office.communes()}


def _business(office: Services, name: str, commune: str = "Xã Mường Bon", **extra: object) -> int:
    return office.businesses.create(
        sample_input(
            office, name=name, registration_number=name[-6:], commune_id=_communes(office)[commune], **extra
        )
    )


def _round(**overrides: object) -> RoundInput:
    values: dict[str, object] = {
        "plan_number": "12/KH-UBND",
        "plan_date": "20/02/2026",
        "team_name": "Đội kiểm tra liên ngành 178 huyện Mai Sơn",
        "team_level": LEVEL_DISTRICT,
        "starts_on": "01/03/2026",
        "ends_on": "31/03/2026",
        "members": "Nguyễn Văn Minh – Trưởng đoàn\nLò Văn Ứng – Công an xã\n\n",
    }
    values.update(overrides)
    return RoundInput(**values)  # type: ignore[arg-type]


def _penalty_basis(inspections: InspectionService) -> int:
    """Lodging business not notifying 1–3 guests' stays: 2–4 million đ, 4–8 million đ for an organisation."""
    return next(
        b.id
        for b in inspections.legal_basis()
        if (b.decree, b.article, b.clause, b.point) == ("282/2025/NĐ-CP", "10", "2", "đ")
    )


# ---- Pure rules
def test_fine_is_a_non_negative_integer_of_dong() -> None:
    assert parse_fine("1.500.000 đ") == 1_500_000
    assert parse_fine("2,000,000") == 2_000_000
    assert parse_fine(750000) == 750_000
    assert parse_fine(0) == 0
    assert parse_fine("") is None
    for bad in ("-500.000", "1,5 triệu", 1500.5, "abc"):
        with pytest.raises(ValidationErrors) as caught:
            parse_fine(bad)
        assert "fine_vnd" in caught.value.errors


def test_times_are_read_as_clerks_write_them() -> None:
    assert parse_time("14:30") == time(14, 30)
    assert parse_time("9h") == time(9, 0)
    assert parse_time("14 giờ 30") == time(14, 30)
    assert parse_time("") is None
    with pytest.raises(ValidationErrors):
        parse_time("25:00")


def test_round_rules() -> None:
    valid = _round().validated()
    assert valid.members == ("Nguyễn Văn Minh – Trưởng đoàn", "Lò Văn Ứng – Công an xã")
    with pytest.raises(ValidationErrors) as caught:
        _round(plan_number=" ", team_level="ward", starts_on="31/03/2026", ends_on="01/03/2026").validated()
    assert set(caught.value.errors) == {"plan_number", "team_level", "ends_on"}
    with pytest.raises(ValidationErrors) as caught:
        _round(plan_date="02/03/2026").validated()
    assert set(caught.value.errors) == {"plan_date"}
    with pytest.raises(ValidationErrors) as caught:
        _round(scope=SCOPE_COMMUNES).validated()
    assert caught.value.errors["scope"] == "Chọn ít nhất một xã, phường trong phạm vi kiểm tra."


def test_visit_rules_penalty_needs_decision_and_legal_basis() -> None:
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(1, "05/03/2026", result=RESULT_PENALTY).validated(TODAY)
    assert set(caught.value.errors) == {"decision_number", "decision_date", "legal_basis_ids", "fine_vnd"}
    valid = VisitInput(
        1,
        "05/03/2026",
        result=RESULT_PENALTY,
        decision_number="15/QĐ-XPHC",
        decision_date="06/03/2026",
        legal_basis_ids=(3, 3),
        fine_vnd="0",
    ).validated(TODAY)
    assert (valid.fine_vnd, valid.legal_basis_ids) == (0, (3,))
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(1, "05/03/2026", result=RESULT_REMINDER, fine_vnd="500.000").validated(TODAY)
    assert "fine_vnd" in caught.value.errors
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(
            1,
            "05/03/2026",
            result=RESULT_PENALTY,
            decision_number="1",
            decision_date="04/03/2026",
            legal_basis_ids=(1,),
            fine_vnd=1,
        ).validated(TODAY)
    assert caught.value.errors["decision_date"] == "Ngày quyết định xử phạt không thể trước ngày kiểm tra."


def test_visit_dates_inside_round_and_follow_up_after_visit() -> None:
    from desktop_app.domain.inspections import InspectionRound

    valid_round = _round().validated()
    round_ = InspectionRound(1, **{f: getattr(valid_round, f) for f in valid_round.__dataclass_fields__})
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(1, "01/04/2026", round_id=1).validated(TODAY, round_)
    assert caught.value.errors["visit_date"] == (
        "Ngày kiểm tra phải nằm trong thời gian của đợt 12/KH-UBND (01/03/2026 – 31/03/2026)."
    )
    assert VisitInput(1, "31/03/2026", round_id=1).validated(TODAY, round_).visit_date == date(2026, 3, 31)
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(1, "05/03/2026", follow_up_due="05/03/2026").validated(TODAY)
    assert caught.value.errors["follow_up_due"] == "Hạn hậu kiểm phải sau ngày kiểm tra."
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(1, "01/12/2026").validated(TODAY)  # done visits are not in the future
    assert "visit_date" in caught.value.errors
    planned = VisitInput(1, "01/12/2026", result=RESULT_PLANNED, prostitution_related=True).validated(TODAY)
    assert planned.prostitution_related is False
    with pytest.raises(ValidationErrors) as caught:
        VisitInput(1, "05/03/2026", checklist={"minors": "maybe"}).validated(TODAY)
    assert "checklist" in caught.value.errors


def test_legal_basis_reference_text() -> None:
    basis = LegalBasis(1, "282/2025/NĐ-CP", "32", "1", "a", "Mua dâm")
    assert basis.reference == "Điểm a khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP"
    assert LegalBasis(2, "144/2021/NĐ-CP", "25").reference == "Điều 25 Nghị định 144/2021/NĐ-CP"


# ---- Catalogue
def test_catalogue_is_prefilled_and_editable(inspections: InspectionService) -> None:
    decrees = {b.decree for b in inspections.legal_basis()}
    assert decrees == {"282/2025/NĐ-CP", "144/2021/NĐ-CP", "12/2022/NĐ-CP"}
    new = inspections.save_legal_basis(LegalBasisInput("282/2025/NĐ-CP", "33", "1", "A", " Bán dâm "))
    entry = next(b for b in inspections.legal_basis() if b.id == new)
    assert (entry.point, entry.text) == ("a", "Bán dâm")
    with pytest.raises(ConflictError):
        inspections.save_legal_basis(LegalBasisInput("282/2025/NĐ-CP", "33", "1", "a"))
    inspections.save_legal_basis(
        LegalBasisInput("282/2025/NĐ-CP", "33", "1", "a", "Bán dâm", active=False), new
    )
    assert new not in {b.id for b in inspections.legal_basis()}
    assert new in {b.id for b in inspections.legal_basis(include_inactive=True)}
    with pytest.raises(ValidationErrors):
        inspections.save_legal_basis(LegalBasisInput("", ""))


# ---- Rounds and visits
def test_round_with_visits_penalty_and_follow_up(inspections: InspectionService, office: Services) -> None:
    karaoke = _business(office, "Karaoke Hoa Ban 000011")
    round_id = inspections.create_round(_round())
    visit_id = inspections.record_visit(
        VisitInput(
            karaoke,
            "05/03/2026",
            round_id=round_id,
            visit_time="20:15",
            kind=KIND_SURPRISE,
            checklist={"owner_commitment": CHECK_OK, "minors": CHECK_PROBLEM},
            findings="Một nhân viên 17 tuổi.",
            minutes_number="03/BB-KT",
            result=RESULT_PENALTY,
            prostitution_related=False,
            decision_number="15/QĐ-XPHC",
            decision_date="07/03/2026",
            legal_basis_ids=(_penalty_basis(inspections),),
            fine_vnd="7.500.000",
            extra_measures="Đình chỉ hoạt động 1 tháng",
            follow_up_due="05/04/2026",
        )
    )
    visit = inspections.visit(visit_id)
    assert (visit.round_plan_number, visit.visit_time, visit.fine_vnd) == (
        "12/KH-UBND",
        time(20, 15),
        7_500_000,
    )
    assert visit.legal_basis[0].decree == "282/2025/NĐ-CP"
    assert visit.checklist == {"owner_commitment": CHECK_OK, "minors": CHECK_PROBLEM}
    assert visit.result_text == "Xử phạt vi phạm hành chính – 7.500.000 đ"
    assert visit.follow_up_open
    assert [v.id for v in inspections.open_follow_ups()] == [visit_id]
    assert inspections.rounds()[0].visits == 1 and inspections.rounds()[0].violations == 1

    # A follow-up cannot precede the visit it follows up.
    early = inspections.follow_up_input(visit_id, date(2026, 3, 1))
    with pytest.raises(ValidationErrors) as caught:
        inspections.record_visit(early)
    assert caught.value.errors["visit_date"] == "Lượt hậu kiểm không thể trước lượt kiểm tra ngày 05/03/2026."
    # A planned follow-up does not close it; doing it does.
    follow = inspections.follow_up_input(visit_id, date(2026, 12, 2))
    assert follow.kind == KIND_FOLLOW_UP
    planned = inspections.record_visit(
        VisitInput(karaoke, "02/12/2026", kind=KIND_FOLLOW_UP, result=RESULT_PLANNED, follows_up_id=visit_id)
    )
    assert [v.id for v in inspections.open_follow_ups()] == [visit_id]
    inspections.update_visit(
        planned,
        VisitInput(karaoke, "20/11/2026", kind=KIND_FOLLOW_UP, result=RESULT_NONE, follows_up_id=visit_id),
    )
    assert inspections.open_follow_ups() == []
    assert inspections.visit(visit_id).closed_by_id == planned
    with pytest.raises(ConflictError):
        inspections.void_visit(visit_id)  # its follow-up links to it
    inspections.void_visit(planned)
    assert [v.id for v in inspections.open_follow_ups()] == [visit_id]


def test_round_scope_and_dates_are_enforced(inspections: InspectionService, office: Services) -> None:
    communes = _communes(office)
    inside = _business(office, "Nhà nghỉ Bình An 000021", commune="Xã Cò Nòi")
    outside = _business(office, "Nhà nghỉ Suối Tiên 000022")
    round_id = inspections.create_round(
        _round(team_level=LEVEL_COMMUNE, scope=SCOPE_COMMUNES, commune_ids=[communes["Xã Cò Nòi"]])
    )
    assert inspections.round(round_id).commune_ids == (communes["Xã Cò Nòi"],)
    with pytest.raises(ValidationErrors) as caught:
        inspections.record_visit(VisitInput(outside, "05/03/2026", round_id=round_id))
    assert caught.value.errors["business_id"] == "Cơ sở không thuộc các xã, phường của đợt 12/KH-UBND."
    inspections.record_visit(VisitInput(inside, "10/03/2026", round_id=round_id))
    with pytest.raises(ConflictError):
        inspections.update_round(
            round_id,
            _round(starts_on="15/03/2026", scope=SCOPE_COMMUNES, commune_ids=[communes["Xã Cò Nòi"]]),
        )
    listed = inspections.create_round(
        _round(plan_number="13/KH-UBND", scope=SCOPE_BUSINESSES, business_ids=[inside])
    )
    with pytest.raises(ValidationErrors):
        inspections.record_visit(VisitInput(outside, "05/03/2026", round_id=listed))
    with pytest.raises(ConflictError):
        inspections.void_round(round_id)
    inspections.void_round(listed)
    assert [r.id for r in inspections.rounds()] == [round_id]


def test_visits_without_round_and_history_of_a_business(
    inspections: InspectionService, office: Services
) -> None:
    business = _business(office, "Massage Hồng Nhung 000031")
    first = inspections.record_visit(VisitInput(business, "02/02/2025", result=RESULT_NONE))
    second = inspections.record_visit(
        VisitInput(business, "10/10/2026", visit_time="9h", result=RESULT_REMINDER)
    )
    history = inspections.visits(business_id=business)
    assert [v.id for v in history] == [second, first]
    assert history[0].round_id is None and history[0].when_text == "10/10/2026 09:00"


def test_visits_share_repeated_values_but_each_has_its_own_checklist(
    inspections: InspectionService, office: Services
) -> None:
    """A round of 20,000 visits repeats names, checklists and dates: each distinct value is held once."""
    business = _business(office, "Massage Hồng Nhung 000032")
    checklist = {"owner_commitment": CHECK_OK, "minors": CHECK_PROBLEM}
    for _ in range(2):
        inspections.record_visit(
            VisitInput(business, "02/02/2025", checklist=checklist, findings="Tốt", result=RESULT_NONE)
        )
    first, second = inspections.visits(business_id=business)
    assert first.business_name is second.business_name and first.findings is second.findings
    assert first.visit_date is second.visit_date
    assert first.checklist == second.checklist == checklist
    assert first.checklist is not second.checklist  # a caller may change its copy
    assert next(iter(first.checklist)) is next(iter(second.checklist))


def test_visits_read_in_batches_are_the_visits_read_at_once(
    inspections: InspectionService, office: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round's visits are read a batch at a time, each batch's rows freed before the next (#20): the
    batches' boundaries change nothing, legal bases included, shared values stay shared across them."""
    from desktop_app.storage.repositories import inspections as repo

    business = _business(office, "Karaoke Hoa Ban 000041")
    basis = _penalty_basis(inspections)
    for day in ("02/03/2026", "03/03/2026", "04/03/2026", "05/03/2026", "06/03/2026"):
        inspections.record_visit(
            VisitInput(
                business,
                day,
                checklist={"minors": CHECK_PROBLEM},
                result=RESULT_PENALTY,
                decision_number="15/QĐ-XPHC",
                decision_date=day,
                legal_basis_ids=(basis,),
                fine_vnd="7.500.000",
            )
        )
    at_once = inspections.visits(business_id=business)
    monkeypatch.setattr(repo, "VISIT_BATCH", 2)
    batched = inspections.visits(business_id=business)
    assert batched == at_once and len(batched) == 5
    assert all(v.legal_basis and v.legal_basis[0].id == basis for v in batched)
    assert batched[0].business_name is batched[4].business_name
    assert batched[0].legal_basis[0] is batched[4].legal_basis[0]


# ---- Coverage
def test_coverage_counts_businesses_not_visits(inspections: InspectionService, office: Services) -> None:
    a = _business(office, "Karaoke A 000041")
    b = _business(office, "Karaoke B 000042")
    c = _business(office, "Nhà nghỉ C 000043", commune="Xã Cò Nòi")
    d = _business(office, "Nhà nghỉ D 000044", commune="Xã Cò Nòi")
    closed = _business(office, "Bar E 000045", commune="Xã Cò Nòi")
    _business(office, "Quán F 000046", commune="Xã Cò Nòi")
    basis = _penalty_basis(inspections)
    inspections.set_targets(Targets(annual_pct=20, programme_start=date(2025, 1, 1)))
    # a: three visits in 2026 (one penalty), b: inspected only in 2025, c: a reminder and a referral,
    # closed: inspected then closed, d and F never.
    inspections.record_visit(VisitInput(a, "05/02/2026", result=RESULT_NONE))
    inspections.record_visit(
        VisitInput(
            a,
            "06/03/2026",
            result=RESULT_PENALTY,
            decision_number="1/QĐ",
            decision_date="06/03/2026",
            legal_basis_ids=[basis],
            fine_vnd=5_000_000,
            prostitution_related=True,
        )
    )
    inspections.record_visit(VisitInput(a, "07/04/2026", result=RESULT_PLANNED))  # planned: not counted
    inspections.record_visit(VisitInput(a, "08/08/2026", result=RESULT_NONE))
    inspections.record_visit(VisitInput(b, "10/10/2025", result=RESULT_REMINDER))
    inspections.record_visit(VisitInput(c, "11/05/2026", result=RESULT_REMINDER))
    inspections.record_visit(VisitInput(c, "12/06/2026", result=RESULT_REFERRAL))
    inspections.record_visit(VisitInput(closed, "13/01/2026", result=RESULT_NONE))
    office.businesses.change_status(closed, STATUS_CLOSED, "15/06/2026")
    voided = inspections.record_visit(VisitInput(d, "14/01/2026", result=RESULT_NONE))
    inspections.void_visit(voided)

    coverage = inspections.coverage(Period.year(2026))
    total = coverage.total
    assert (total.active, total.inspected_active, total.inspected_ever) == (5, 2, 3)
    assert total.inspected == 3  # a, c and the business closed since
    assert (total.visits, total.violations, total.reminders, total.penalties, total.referrals) == (
        6,
        3,
        1,
        1,
        1,
    )
    assert (total.fines_vnd, total.prostitution_related) == (5_000_000, 1)
    assert total.inspected_pct == 40.0 and total.ever_pct == 60.0
    assert coverage.annual_target_met and not coverage.programme_target_met
    lines = {line.commune_name: line for line in coverage.lines}
    muong_bon, co_noi = lines["Xã Mường Bon"], lines["Xã Cò Nòi"]
    assert (muong_bon.active, muong_bon.inspected_active, muong_bon.visits, muong_bon.fines_vnd) == (
        2,
        1,
        3,
        5_000_000,
    )
    assert (co_noi.active, co_noi.inspected_active, co_noi.inspected, co_noi.visits) == (3, 1, 2, 3)
    assert co_noi.inspected_pct == 33.3
    assert lines["Xã Chiềng Mung"].active == 0 and lines["Xã Chiềng Mung"].inspected_pct == 0.0

    before_closing = inspections.coverage(Period(date(2026, 1, 1), date(2026, 5, 31))).total
    assert (before_closing.active, before_closing.inspected_active, before_closing.visits) == (6, 3, 4)
    with pytest.raises(ValidationErrors):
        inspections.coverage(Period(date(2026, 6, 30), date(2026, 1, 1)))


# ---- Register flags
def test_register_flags(inspections: InspectionService, office: Services) -> None:
    never = _business(office, "Karaoke Chưa 000051")
    last_year = _business(office, "Karaoke Năm Ngoái 000052")
    recent = _business(office, "Karaoke Vi Phạm 000053")
    old_violation = _business(office, "Karaoke Cũ 000054")
    inspections.record_visit(VisitInput(last_year, "10/10/2025", result=RESULT_NONE))
    inspections.record_visit(
        VisitInput(recent, "24/11/2025", result=RESULT_REMINDER, follow_up_due="24/12/2025")
    )
    inspections.record_visit(VisitInput(old_violation, "22/11/2025", result=RESULT_REMINDER))
    inspections.record_visit(VisitInput(old_violation, "01/02/2026", result=RESULT_NONE))
    flags = inspections.flags([never, last_year, recent, old_violation], TODAY)
    assert flags[never] == {FLAG_NEVER, FLAG_NOT_THIS_YEAR}
    assert flags[last_year] == {FLAG_NOT_THIS_YEAR}
    assert flags[recent] == {FLAG_NOT_THIS_YEAR, FLAG_RECENT_VIOLATION, FLAG_OPEN_FOLLOW_UP}
    assert flags[old_violation] == frozenset()  # the violation is more than 12 months old
    twice = inspections.flags([never, _business(office, "Karaoke Chưa 000055")], TODAY)
    assert len({id(found) for found in twice.values()}) == 1  # equal sets: one object, not one per business


# ---- Hot-spots
def test_hotspots(inspections: InspectionService, office: Services) -> None:
    commune = _communes(office)["Xã Cò Nòi"]
    spot = inspections.save_hotspot(HotspotInput("Ngã ba Cò Nòi", commune, "01/02/2026"))
    with pytest.raises(ValidationErrors) as caught:
        inspections.save_hotspot(HotspotInput("Ngã ba Cò Nòi", commune, "01/02/2026", "01/01/2026"), spot)
    assert caught.value.errors["eliminated_on"] == "Ngày xóa bỏ không thể trước ngày phát hiện."
    inspections.save_hotspot(HotspotInput("Ngã ba Cò Nòi", commune, "01/02/2026", "01/09/2026"), spot)
    [saved] = inspections.hotspots()
    assert saved.commune_name == "Xã Cò Nòi" and saved.active_on(date(2026, 8, 31))
    assert not saved.active_on(date(2026, 9, 1))
    inspections.void_hotspot(spot)
    assert inspections.hotspots() == []


# ---- Minutes
def test_minutes_are_prefilled_from_the_visit_and_round(
    inspections: InspectionService, office: Services
) -> None:
    business = _business(office, "Nhà nghỉ Hoa Ban 000061")
    round_id = inspections.create_round(
        _round(starts_on="20/11/2026", ends_on="20/12/2026", plan_date="15/11/2026")
    )
    visit = inspections.record_visit(
        VisitInput(business, "25/11/2026", round_id=round_id, visit_time="14:00", result=RESULT_PLANNED)
    )
    [form] = inspections.minutes_forms([visit])
    assert (form.business_name, form.plan_number, form.visit_time, form.kind_label) == (
        "Nhà nghỉ Hoa Ban 000061",
        "12/KH-UBND",
        "14:00",
        "Định kỳ",
    )
    assert form.members == ("Nguyễn Văn Minh – Trưởng đoàn", "Lò Văn Ứng – Công an xã")
    assert form.owner_name == "Trần Văn An" and len(form.checklist) == 8 + 4  # + licences and registers
    assert form.checklist[1] == "Giấy chứng nhận đủ điều kiện về an ninh, trật tự"
    assert form.checklist[-2].startswith("Sổ theo dõi khách lưu trú")
