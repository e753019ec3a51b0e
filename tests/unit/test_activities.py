"""Commune activities: the rules of events, classes and the healthy-commune status, the register, and the
activity figures of a period on a dataset worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.domain.activities import (
    FORM_CONFERENCE,
    FORM_LEAFLET,
    FORM_LOUDSPEAKER,
    ActivityFigures,
    CommunicationInput,
    HealthyStatusInput,
    TrainingInput,
    parse_participants,
)
from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.errors import NotFoundError, ValidationError, ValidationErrors
from desktop_app.domain.inspections import Period
from desktop_app.domain.office import CommuneInput
from desktop_app.domain.security import ROLE_LEADER, ROLE_STAFF, Actor, PermissionDenied
from desktop_app.services.activities import ActivityService
from desktop_app.services.app_services import Services
from desktop_app.storage.repositories.activities import activity_figures
from tests.conftest import FixedClock

NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()


@pytest.fixture
def activities(office: Services) -> ActivityService:
    return ActivityService(office.db, now=FixedClock(NOW))


def _communes(office: Services) -> dict[str, int]:
    return {c.name: c.id for c in office.office.communes()}


# ---- Rules
def test_participants_are_read_as_clerks_write_them() -> None:
    assert parse_participants("1.200") == 1200
    assert parse_participants("35 người") == 35
    assert parse_participants(35.0) == 35
    assert parse_participants("") == 0
    assert parse_participants(None) == 0
    for wrong in ("-3", "ba mươi", 2.5, True):
        with pytest.raises(ValidationErrors) as caught:
            parse_participants(wrong)  # type: ignore[arg-type]
        assert "participants" in caught.value.errors


def test_a_communication_event_needs_its_fields() -> None:
    with pytest.raises(ValidationErrors) as caught:
        CommunicationInput(None, "", "radio", "  ", "nhiều").validated(TODAY)
    errors = caught.value.errors
    assert set(errors) == {"commune_id", "held_on", "form", "title", "participants"}
    assert errors["commune_id"] == "Chọn xã, phường tổ chức tuyên truyền."
    assert errors["held_on"] == "Nhập ngày tổ chức."
    with pytest.raises(ValidationErrors) as caught:
        CommunicationInput(1, "24/11/2026", FORM_CONFERENCE, "Hội nghị").validated(TODAY)
    assert caught.value.errors == {"held_on": "Ngày tổ chức không thể ở tương lai."}
    with pytest.raises(ValidationErrors) as caught:
        CommunicationInput(1, "31/02/2026", FORM_CONFERENCE, "Hội nghị").validated(TODAY)
    assert "Ngày không hợp lệ" in caught.value.errors["held_on"]
    clean = CommunicationInput(1, "05/03/2026", FORM_LEAFLET, "  Phát   tờ rơi ", "1.000").validated(TODAY)
    assert (clean.held_on, clean.title, clean.participants) == (date(2026, 3, 5), "Phát tờ rơi", 1000)


def test_a_training_class_may_belong_to_the_office() -> None:
    clean = TrainingInput("10/04/2026", "Tập huấn nghiệp vụ", "Sở Y tế", "45").validated(TODAY)
    assert clean.commune_id is None and clean.participants == 45
    with pytest.raises(ValidationErrors) as caught:
        TrainingInput(None, "", participants=-1).validated(TODAY)
    assert caught.value.errors == {
        "held_on": "Nhập ngày tập huấn.",
        "title": "Nhập tên lớp, nội dung tập huấn.",
        "participants": "Số người tham gia không thể âm.",
    }


def test_recognised_implies_registered() -> None:
    with pytest.raises(ValidationErrors) as caught:
        HealthyStatusInput(1, 2026, registered=False, recognised=True).validated(TODAY)
    assert caught.value.errors == {"recognised": "Xã, phường phải đăng ký trước khi được công nhận."}
    with pytest.raises(ValidationErrors) as caught:
        HealthyStatusInput(1, 2026, True, False, decision_number="12/QĐ-UBND").validated(TODAY)
    assert set(caught.value.errors) == {"decision_number"}
    with pytest.raises(ValidationErrors) as caught:
        HealthyStatusInput(1, 2026, True, True, "12/QĐ-UBND", "05/12/2025").validated(TODAY)
    assert caught.value.errors["decision_date"] == "Quyết định công nhận năm 2026 không thể trước năm đó."
    with pytest.raises(ValidationErrors) as caught:
        HealthyStatusInput(None, "năm nay", True, False).validated(TODAY)
    assert set(caught.value.errors) == {"commune_id", "year"}
    with pytest.raises(ValidationErrors) as caught:
        HealthyStatusInput(1, 2028, True, False).validated(TODAY)
    assert caught.value.errors["year"] == "Năm phải từ 2000 đến 2027."
    clean = HealthyStatusInput(1, "2026", True, True, " 12/QĐ-UBND ", "20/11/2026").validated(TODAY)
    assert (clean.year, clean.decision_number, clean.decision_date) == (
        2026,
        "12/QĐ-UBND",
        date(2026, 11, 20),
    )


# ---- The register
def test_events_are_created_changed_and_voided(activities: ActivityService, office: Services) -> None:
    communes = _communes(office)
    event = activities.create_communication(
        CommunicationInput(communes["Xã Cò Nòi"], "05/03/2026", FORM_CONFERENCE, "Hội nghị tuyên truyền", 120)
    )
    [listed] = activities.communication_events()
    assert (listed.commune_name, listed.form_label, listed.participants) == ("Xã Cò Nòi", "Hội nghị", 120)
    activities.update_communication(
        event, CommunicationInput(communes["Xã Cò Nòi"], "06/03/2026", FORM_LOUDSPEAKER, "Phát thanh", 0)
    )
    [changed] = activities.communication_events(Period.year(2026))
    assert (changed.held_on, changed.form_label) == (date(2026, 3, 6), "Loa truyền thanh")
    assert activities.communication_events(Period.year(2025)) == []
    with pytest.raises(ValidationError) as caught:
        activities.create_communication(CommunicationInput(999, "05/03/2026", FORM_CONFERENCE, "Hội nghị"))
    assert caught.value.field == "commune_id"
    activities.void_communication(event)
    assert activities.communication_events() == []
    with pytest.raises(NotFoundError):
        activities.void_communication(event)
    with pytest.raises(NotFoundError):
        activities.update_communication(
            event, CommunicationInput(communes["Xã Cò Nòi"], "06/03/2026", FORM_CONFERENCE, "Hội nghị")
        )
    entries = [
        (e.entity, e.action)
        for e in office.audit.entries(AuditFilter()).rows
        if e.entity == "communication_event"
    ]
    assert entries == [
        ("communication_event", "void"),
        ("communication_event", "update"),
        ("communication_event", "create"),
    ]


def test_trainings_are_created_changed_and_voided(activities: ActivityService, office: Services) -> None:
    communes = _communes(office)
    office_level = activities.create_training(TrainingInput("10/04/2026", "Tập huấn cán bộ", "Sở Y tế", 40))
    in_commune = activities.create_training(
        TrainingInput("11/04/2026", "Tập huấn tổ tự quản", "", 25, communes["Xã Mường Bon"])
    )
    names = {t.id: t.commune_name for t in activities.trainings()}
    assert names == {office_level: "", in_commune: "Xã Mường Bon"}
    activities.update_training(office_level, TrainingInput("10/04/2026", "Tập huấn cán bộ", "Sở Y tế", 42))
    activities.void_training(in_commune)
    [left] = activities.trainings(Period.year(2026))
    assert (left.id, left.participants) == (office_level, 42)


def test_healthy_status_one_row_per_commune(activities: ActivityService, office: Services) -> None:
    communes = _communes(office)
    rows = activities.healthy_statuses(2026)
    assert [r.commune_name for r in rows] == list(communes)
    assert all(not r.recorded and r.state_label == "Chưa đăng ký" for r in rows)
    activities.save_healthy_status(HealthyStatusInput(communes["Xã Cò Nòi"], 2026, True, False))
    activities.save_healthy_status(
        HealthyStatusInput(communes["Xã Cò Nòi"], 2026, True, True, "15/QĐ-UBND", "20/11/2026")
    )
    by_name = {r.commune_name: r for r in activities.healthy_statuses(2026)}
    assert by_name["Xã Cò Nòi"].state_label == "Đã được công nhận (QĐ 15/QĐ-UBND)"
    assert by_name["Xã Cò Nòi"].decision_text == "15/QĐ-UBND ngày 20/11/2026"
    assert not any(r.recorded for r in activities.healthy_statuses(2025))
    activities.void_healthy_status(communes["Xã Cò Nòi"], 2026)
    assert not any(r.recorded for r in activities.healthy_statuses(2026))
    with pytest.raises(NotFoundError):
        activities.void_healthy_status(communes["Xã Cò Nòi"], 2026)
    activities.save_healthy_status(HealthyStatusInput(communes["Xã Cò Nòi"], 2026, True, False))  # back again
    assert {r.commune_name for r in activities.healthy_statuses(2026) if r.registered} == {"Xã Cò Nòi"}
    actions = [e.action for e in office.audit.entries(AuditFilter()).rows if e.entity == "healthy_status"]
    assert actions == ["update", "void", "update", "create"]


# ---- Figures, worked out by hand
def _hand_built(activities: ActivityService, office: Services) -> dict[str, int]:
    """Period 01/01/2026–30/06/2026. Five communes at first; «Xã Đông Hưng» is then made inactive.

    Events (commune, date, participants):
      Hát Lót   01/01/2026  100   first day: counted
      Hát Lót   30/06/2026   50   last day: counted (Hát Lót has two: counted once among communes)
      Mường Bon 15/03/2026   30   counted
      Mường Bon 01/07/2026  999   a day after: not counted
      Cò Nòi    31/12/2025  999   a day before: not counted
      Chiềng Mung 10/02/2026 999  voided: not counted
      Đông Hưng 10/05/2026   20   counted in the events, not among the active communes
    → events 4, participants 200, active communes with communication 2 (Hát Lót, Mường Bon) of 4.
    Trainings: 10/01/2026 (40), 30/06/2026 (25, in Cò Nòi), 01/07/2026 (999), voided 01/03/2026 (999)
    → 2 classes, 65 trained.
    Healthy status for 2026: Hát Lót registered and recognised, Mường Bon registered, Cò Nòi registered
    then voided, Đông Hưng (inactive) recognised; for 2025: Chiềng Mung recognised.
    → registered 2, recognised 1.
    """
    communes = _communes(office)
    hat_lot, muong_bon, co_noi = communes["Thị trấn Hát Lót"], communes["Xã Mường Bon"], communes["Xã Cò Nòi"]
    chieng_mung, dong_hung = communes["Xã Chiềng Mung"], communes["Xã Đông Hưng"]

    def event(commune: int, day: str, people: int) -> int:
        return activities.create_communication(
            CommunicationInput(commune, day, FORM_CONFERENCE, "Hội nghị", people)
        )

    event(hat_lot, "01/01/2026", 100)
    event(hat_lot, "30/06/2026", 50)
    event(muong_bon, "15/03/2026", 30)
    event(muong_bon, "01/07/2026", 999)
    event(co_noi, "31/12/2025", 999)
    activities.void_communication(event(chieng_mung, "10/02/2026", 999))
    event(dong_hung, "10/05/2026", 20)
    activities.create_training(TrainingInput("10/01/2026", "Tập huấn A", participants=40))
    activities.create_training(TrainingInput("30/06/2026", "Tập huấn B", participants=25, commune_id=co_noi))
    activities.create_training(TrainingInput("01/07/2026", "Tập huấn C", participants=999))
    activities.void_training(
        activities.create_training(TrainingInput("01/03/2026", "Tập huấn D", participants=999))
    )
    activities.save_healthy_status(HealthyStatusInput(hat_lot, 2026, True, True, "1/QĐ", "20/11/2026"))
    activities.save_healthy_status(HealthyStatusInput(muong_bon, 2026, True, False))
    activities.save_healthy_status(HealthyStatusInput(co_noi, 2026, True, False))
    activities.void_healthy_status(co_noi, 2026)
    activities.save_healthy_status(HealthyStatusInput(dong_hung, 2026, True, True))
    activities.save_healthy_status(HealthyStatusInput(chieng_mung, 2025, True, True))
    office.office.save_communes(
        [CommuneInput(c.name, c.code, active=c.id != dong_hung, id=c.id) for c in office.office.communes()]
    )
    return communes


def test_activity_figures_by_hand(activities: ActivityService, office: Services) -> None:
    communes = _hand_built(activities, office)
    figures = activities.figures(Period(date(2026, 1, 1), date(2026, 6, 30)))
    assert figures == ActivityFigures(
        communes_total=4,
        communes_with_communication=2,
        communication_events=4,
        communication_participants=200,
        staff_trained=65,
        trainings=2,
        communes_healthy_registered=2,
        communes_healthy_recognised=1,
        events_by_commune={
            communes["Thị trấn Hát Lót"]: 2,
            communes["Xã Mường Bon"]: 1,
            communes["Xã Đông Hưng"]: 1,
        },
        participants_by_commune={
            communes["Thị trấn Hát Lót"]: 150,
            communes["Xã Mường Bon"]: 30,
            communes["Xã Đông Hưng"]: 20,
        },
        recognised_communes=frozenset({communes["Thị trấn Hát Lót"]}),  # Đông Hưng is no longer active
        registered_communes=frozenset({communes["Thị trấn Hát Lót"], communes["Xã Mường Bon"]}),
    )
    assert figures.communication_pct == 50.0
    # the report engine calls the repository function inside its own session
    with office.db.read() as session:
        assert activity_figures(session, Period(date(2026, 1, 1), date(2026, 6, 30))) == figures
    # the status is that of the year of the period's end
    last_year = activities.figures(Period(date(2025, 7, 1), date(2025, 12, 31)))
    assert (last_year.communes_healthy_registered, last_year.communes_healthy_recognised) == (1, 1)
    assert (last_year.communication_events, last_year.communication_participants) == (1, 999)
    assert last_year.communes_with_communication == 1
    with pytest.raises(ValidationErrors):
        activities.figures(Period(date(2026, 6, 30), date(2026, 1, 1)))


def test_figures_of_an_empty_office(activities: ActivityService) -> None:
    figures = activities.figures(Period.year(2026))
    assert figures == ActivityFigures(communes_total=5)
    assert figures.communication_pct == 0.0


def test_roles(activities: ActivityService, office: Services) -> None:
    commune = _communes(office)["Xã Cò Nòi"]
    office.db.actor = Actor(None, "lanhdao", ROLE_LEADER)
    assert activities.communication_events() == []
    assert activities.figures(Period.year(2026)).communes_total == 5
    with pytest.raises(PermissionDenied):
        activities.create_communication(
            CommunicationInput(commune, "05/03/2026", FORM_CONFERENCE, "Hội nghị")
        )
    with pytest.raises(PermissionDenied):
        activities.save_healthy_status(HealthyStatusInput(commune, 2026, True, False))
    office.db.actor = Actor(None, "canbo", ROLE_STAFF)
    activities.create_communication(CommunicationInput(commune, "05/03/2026", FORM_CONFERENCE, "Hội nghị"))
    assert len(activities.communication_events()) == 1


# ---- The demo office
def test_demo_office_has_activities(sqlite_services: Services) -> None:
    from desktop_app.services.demo import DemoService

    clock = FixedClock(NOW)
    demo = DemoService(sqlite_services.db, now=clock)
    assert demo.fill(20, seed=2) == 20
    activities = ActivityService(sqlite_services.db, now=clock)
    events = activities.communication_events()
    assert len(events) > 10 and {e.held_on.year for e in events} == {2025, 2026}
    assert all(e.held_on <= TODAY for e in events)
    assert activities.trainings()
    figures = activities.figures(Period.year(2026))
    assert 0 < figures.communes_with_communication <= figures.communes_total
    assert figures.communes_healthy_registered > 0
    last_year = activities.figures(Period.year(2025))
    assert 0 < last_year.communes_healthy_recognised <= last_year.communes_healthy_registered
    before = len(events)
    demo.fill(5, seed=2)  # a second fill adds no activities
    assert len(activities.communication_events()) == before
