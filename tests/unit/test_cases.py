"""Support cases: codes, the identity kept apart and shown only to allowed roles (every view logged), services
and loans with repayments, duplicates, follow-ups, figures, and de-identification after the retention time."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop_app.domain.cases import (
    KIND_HEALTH,
    KIND_JOB,
    KIND_LOAN,
    KIND_TRAINING,
    LOAN_OVERDUE,
    LOAN_PAID,
    LOAN_REPAYING,
    STATUS_CLOSED,
    CaseInput,
    IdentityInput,
    Repayment,
    ServiceInput,
    add_months,
    loan_state,
)
from desktop_app.domain.errors import ConflictError, ValidationErrors
from desktop_app.domain.inspections import Period
from desktop_app.domain.security import (
    ROLE_ADMIN,
    ROLE_LEADER,
    ROLE_STAFF,
    ROLE_SUPPORT,
    Actor,
    PermissionDenied,
)
from desktop_app.services.app_services import Services
from desktop_app.services.cases import CaseService
from desktop_app.storage.models import ChangeLogRecord
from tests.conftest import FixedClock

NOW = datetime(2026, 11, 25, 9, 0)
WORKER = Actor(None, "mai.vt", ROLE_SUPPORT)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def cases(office: Services, clock: FixedClock) -> CaseService:
    office.db.actor = WORKER
    return CaseService(office.db, now=clock)


def _commune(office: Services, name: str = "Xã Mường Bon") -> int:
    office.db.actor, saved = Actor(None, "hệ thống", ROLE_ADMIN), office.db.actor
    try:
        return next(c.id for c in office.office.communes() if c.name == name)
    finally:
        office.db.actor = saved


def _case(office: Services, **overrides: object) -> CaseInput:
    values: dict[str, object] = {
        "intake_date": "03/02/2026",
        "commune_id": _commune(office),
        "referral_source": "Công an xã",
        "needs": "Học nghề, vay vốn",
        "consent_on": "03/02/2026",
        "consent_way": "van_ban",
        "assigned_worker": "Vũ Thị Mai",
    }
    values.update(overrides)
    return CaseInput(**values)  # type: ignore[arg-type]


def _person(**overrides: object) -> IdentityInput:
    values: dict[str, object] = {
        "full_name": "Lò Thị Hương",
        "birth_year": "1998",
        "sex": "nu",
        "id_number": "014198001234",
        "address": "Bản Nà Sản",
        "phone": "0912 345 678",
    }
    values.update(overrides)
    return IdentityInput(**values)  # type: ignore[arg-type]


def _log(office: Services) -> list[tuple[str, str, str, str]]:
    with office.db.read() as session:
        c = ChangeLogRecord
        return [tuple(r) for r in session.execute(select(c.entity, c.action, c.changes, c.actor))]  # type: ignore[misc]


def test_codes_count_per_intake_year(office: Services, cases: CaseService) -> None:
    first = cases.create(_case(office), _person())
    second = cases.create(_case(office), _person(full_name="Quàng Thị Lan", id_number="014198005678"))
    older = cases.create(
        _case(office, intake_date="20/12/2025"), _person(full_name="Cà Thị Dung", id_number="")
    )
    assert [first[1], second[1], older[1]] == ["HS-2026-0001", "HS-2026-0002", "HS-2025-0001"]
    rows = cases.rows()
    assert [r.code for r in rows] == ["HS-2025-0001", "HS-2026-0001", "HS-2026-0002"]
    assert rows[1].commune_name == "Xã Mường Bon" and rows[1].status_label == "Đang hỗ trợ"


def test_intake_rules(office: Services, cases: CaseService) -> None:
    with pytest.raises(ValidationErrors) as caught:
        cases.create(
            _case(office, intake_date="01/01/2027", consent_way="", status=STATUS_CLOSED),
            _person(full_name="", id_number="123", birth_year="1890"),
        )
    assert set(caught.value.errors) >= {
        "intake_date",
        "consent_way",
        "close_reason",
        "full_name",
        "id_number",
        "birth_year",
    }
    assert cases.rows() == []


def test_identity_only_for_allowed_roles_and_every_view_is_logged(
    office: Services, cases: CaseService
) -> None:
    case_id, _code = cases.create(_case(office), _person())
    seen = cases.identity(case_id)
    assert (
        seen.full_name == "Lò Thị Hương" and seen.id_number == "014198001234" and seen.phone == "0912345678"
    )
    for role in (ROLE_STAFF, ROLE_LEADER):
        office.db.actor = Actor(None, "khac", role)
        with pytest.raises(PermissionDenied):
            cases.identity(case_id)
        with pytest.raises(PermissionDenied):
            cases.possible_duplicates(_person(), _commune(office))
        with pytest.raises(PermissionDenied):
            cases.create(_case(office), _person(full_name="Người khác"))
    office.db.actor = Actor(None, "canbo", ROLE_STAFF)
    with pytest.raises(PermissionDenied):
        cases.rows()  # a cán bộ does not work with support cases at all
    office.db.actor = WORKER
    cases.update_identity(case_id, _person(phone="0987654321"))
    log = _log(office)
    views = [entry for entry in log if entry[1] == "view_identity"]
    assert len(views) == 1 and views[0][3] == "mai.vt"
    text = " ".join(entry[2] for entry in log)
    for secret in ("Hương", "Huong", "014198001234", "0912345678", "0987654321", "Nà Sản"):
        assert secret not in text  # the log never carries an identity value
    assert ("case", "update_identity", '{"phone": {"old": "***", "new": "***"}}', "mai.vt") in log


def test_loan_balance_and_status() -> None:
    disbursed = date(2025, 1, 10)
    repayments = [Repayment(date(2025, 4, 10), 5_000_000), Repayment(date(2025, 7, 10), 5_000_000)]
    state = loan_state(20_000_000, disbursed, 12, repayments, date(2025, 8, 1))
    assert (state.repaid_vnd, state.balance_vnd, state.status) == (10_000_000, 10_000_000, LOAN_REPAYING)
    assert state.due_on == date(2026, 1, 10)
    assert loan_state(20_000_000, disbursed, 12, repayments, date(2026, 1, 11)).status == LOAN_OVERDUE
    paid = [*repayments, Repayment(date(2025, 12, 1), 10_000_000)]
    assert loan_state(20_000_000, disbursed, 12, paid, date(2026, 3, 1)).status == LOAN_PAID
    assert loan_state(20_000_000, disbursed, 12, paid, date(2025, 11, 1)).balance_vnd == 10_000_000  # not yet
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_a_loan_with_repayments(office: Services, cases: CaseService, clock: FixedClock) -> None:
    case_id, _ = cases.create(_case(office), _person())
    loan = ServiceInput(
        case_id,
        KIND_LOAN,
        "10/03/2026",
        "Ngân hàng Chính sách xã hội",
        details={
            "bank": "NHCSXH huyện Mai Sơn",
            "programme": "Cho vay hộ nghèo",
            "amount_vnd": "30.000.000",
            "disbursed_on": "10/03/2026",
            "term_months": "24",
        },
    )
    service_id = cases.add_service(loan)
    state = cases.loan(service_id)
    assert (state.amount_vnd, state.balance_vnd, state.status) == (30_000_000, 30_000_000, LOAN_REPAYING)
    state = cases.add_repayment(service_id, "10.000.000", "10/09/2026")
    assert state.balance_vnd == 20_000_000
    with pytest.raises(ValidationErrors) as caught:
        cases.add_repayment(service_id, "25.000.000", "01/03/2026")
    assert set(caught.value.errors) == {"amount_vnd", "paid_on"}
    state = cases.add_repayment(service_id, 20_000_000, date(2026, 11, 20))
    assert (state.balance_vnd, state.status, state.status_label) == (0, LOAN_PAID, "Đã trả hết")
    [view] = cases.services(case_id)
    assert view.kind_label == "Vay vốn" and view.loan == state


def test_service_rules(office: Services, cases: CaseService) -> None:
    case_id, _ = cases.create(_case(office), _person())
    with pytest.raises(ValidationErrors) as caught:
        cases.add_service(ServiceInput(case_id, KIND_TRAINING, "01/01/2026", details={"trade": ""}))
    assert set(caught.value.errors) == {"given_on", "trade", "start_on"}  # before intake, trade, start
    with pytest.raises(ValidationErrors) as caught:
        cases.add_service(
            ServiceInput(
                case_id,
                KIND_TRAINING,
                "01/03/2026",
                details={"trade": "May công nghiệp", "start_on": "01/03/2026", "end_on": "01/02/2026"},
            )
        )
    assert set(caught.value.errors) == {"end_on"}
    health = cases.add_service(
        ServiceInput(case_id, KIND_HEALTH, "05/03/2026", details={"referred_to": "TTYT"})
    )
    assert cases.services(case_id)[0].id == health
    assert set(cases.services(case_id)[0].details) == {"referred_to"}  # a referral, never a diagnosis


def test_duplicates_by_id_number_or_name_year_commune(office: Services, cases: CaseService) -> None:
    case_id, code = cases.create(_case(office), _person())
    commune = _commune(office)
    same_id = cases.possible_duplicates(_person(full_name="Tên Khác"), commune)
    assert [(d.code, d.reason) for d in same_id] == [(code, "Trùng số CCCD/CMND")]
    by_name = cases.possible_duplicates(_person(full_name="LO THI HUONG", id_number=""), commune)
    assert [(d.case_id, d.reason) for d in by_name] == [(case_id, "Trùng họ tên, năm sinh và xã, phường")]
    elsewhere = _commune(office, "Xã Cò Nòi")
    assert cases.possible_duplicates(_person(full_name="Lò Thị Hương", id_number=""), elsewhere) == []
    assert cases.possible_duplicates(_person(id_number="", birth_year="1999"), commune) == []
    assert cases.possible_duplicates(_person(), commune, except_case=case_id) == []


def test_follow_ups_and_cases_without_contact(
    office: Services, cases: CaseService, clock: FixedClock
) -> None:
    quiet, _ = cases.create(_case(office, intake_date="01/06/2026"), _person())
    seen, _ = cases.create(_case(office, intake_date="01/06/2026"), _person(full_name="B", id_number=""))
    follow_up = cases.plan_follow_up(seen, date(2026, 11, 1), "Thăm tại nhà")
    cases.plan_follow_up(quiet, date(2026, 12, 15))
    assert [f.id for f in cases.due_follow_ups()] == [follow_up]
    assert {r.id for r in cases.without_contact()} == {quiet, seen}  # no contact since intake (> 90 days)
    cases.record_follow_up(follow_up, date(2026, 11, 20), "Đã đi làm")
    assert cases.due_follow_ups() == []
    assert [r.id for r in cases.without_contact()] == [quiet]
    with pytest.raises(ValidationErrors):
        cases.record_follow_up(follow_up, date(2026, 12, 1))


def test_figures_count_people_once_and_carry_no_identity(office: Services, cases: CaseService) -> None:
    first, _ = cases.create(_case(office), _person())
    second, _ = cases.create(_case(office, intake_date="15/12/2025"), _person(full_name="B", id_number=""))
    training = {"trade": "May", "start_on": "01/03/2026"}
    cases.add_service(ServiceInput(first, KIND_TRAINING, "01/03/2026", details=training))
    cases.add_service(ServiceInput(first, KIND_TRAINING, "01/04/2026", details=training))
    cases.add_service(
        ServiceInput(
            first, KIND_JOB, "01/06/2026", details={"employer": "Xưởng may", "start_on": "01/06/2026"}
        )
    )
    loan = {"bank": "NHCSXH", "amount_vnd": 15_000_000, "disbursed_on": "01/05/2026", "term_months": 12}
    cases.add_service(ServiceInput(second, KIND_LOAN, "01/05/2026", details=loan))
    office.db.actor = Actor(None, "lanhdao", ROLE_LEADER)  # counts are for leaders too
    figures = cases.figures(Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert figures.new_cases == 1 and figures.people_supported == 2
    assert figures.services_by_kind == {KIND_TRAINING: 2, KIND_JOB: 1, KIND_LOAN: 1}
    assert (figures.people_trained, figures.people_employed, figures.people_with_loans) == (1, 1, 1)
    assert figures.loans_amount_vnd == 15_000_000
    assert figures.by_status["Đang hỗ trợ"] == 2 and figures.by_commune == {"Xã Mường Bon": 2}


def test_deidentification_after_the_retention_time(
    office: Services, cases: CaseService, clock: FixedClock
) -> None:
    case_id, code = cases.create(_case(office), _person())
    cases.add_service(
        ServiceInput(case_id, KIND_TRAINING, "01/03/2026", details={"trade": "May", "start_on": "01/03/2026"})
    )
    cases.update(case_id, _case(office, status=STATUS_CLOSED, close_reason="Đã ổn định, chuyển nơi ở"))
    office.db.actor = Actor(None, "quantri", ROLE_ADMIN)
    with pytest.raises(ConflictError, match="sau 5 năm"):
        cases.deidentify(case_id)
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    before = cases.figures(period)
    clock.now = datetime(2031, 11, 26, 9, 0)
    cases.deidentify(case_id)
    erased = cases.identity(case_id)
    assert erased.erased and erased.full_name == "" and erased.id_number == "" and erased.phone == ""
    assert cases.possible_duplicates(_person(), _commune(office)) == []  # gone from the search keys too
    assert cases.figures(period) == before  # the anonymous history still counts
    assert cases.rows()[0].code == code and cases.rows()[0].deidentified
    with pytest.raises(ConflictError):
        cases.deidentify(case_id)
    office.db.actor = WORKER
    with pytest.raises(PermissionDenied):
        cases.deidentify(case_id)
    assert ("case", "deidentify") in [(e[0], e[1]) for e in _log(office)]
