"""Fill a database with realistic synthetic data, for trying the app and for benchmarks."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desktop_app.domain.businesses import STATUS_ACTIVE, business_search_key
from desktop_app.domain.errors import ConflictError
from desktop_app.domain.inspections import SCOPE_ALL, SCOPE_COMMUNES, HotspotInput, RoundInput, VisitInput
from desktop_app.domain.office import OFFICE_KIND_HEALTH_DEPT, Commune
from desktop_app.domain.security import PERM_ADMIN, PERM_READ
from desktop_app.services.access import requires
from desktop_app.services.office import OfficeService
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import activities as activity_repo
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import businesses as business_repo
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories import inspection_rows
from desktop_app.storage.repositories import inspections as inspection_repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories import users as users_repo

if TYPE_CHECKING:
    from desktop_app.services.demo_data import DemoVisit, InspectedBusiness

# The demo office is one of today: Sở Y tế Sơn La over the province's 75 communes (2025 list). A single
# commune's office would leave the by-commune tables, rounds over several communes and the province teams of
# the generated data with one row; a pre-reform district office would print forms to abolished communes.
DEMO_PROVINCE = "Sơn La"
DEMO_OFFICE_KIND = OFFICE_KIND_HEALTH_DEPT
DEMO_SIGNER = "Nguyễn Văn Minh"
CHUNK = 5000

Progress = Callable[[int, int], None]


def _null_pattern(row: dict[str, Any]) -> tuple[bool, ...]:
    return (row["rooms"] is None, row["status_since"] is None)


def _insert_chunk(
    session: Transaction,
    rows: list[dict[str, Any]],
    events: list[dict[str, Any]],
    commitments: list[dict[str, Any]],
    employees: list[dict[str, Any]],
    counts: list[dict[str, Any]],
) -> None:
    # The ORM bulk insert leaves None out and starts a new statement whenever the set of None columns
    # changes; grouping the rows by that set (ids are explicit) turns ~3,000 statements into 4.
    business_repo.bulk_insert(session, sorted(rows, key=_null_pattern), events)
    commitment_repo.bulk_insert(session, commitments, employees, counts)


DEMO_KEY = "demo.database"
REAL_DATA = (
    "Cơ sở dữ liệu này đã có dữ liệu thật (cơ sở, cam kết, kiểm tra, hồ sơ hoặc hoạt động), nên không "
    "điền dữ liệu mẫu vào: dữ liệu mẫu chỉ dành cho cơ sở dữ liệu trống hoặc cơ sở dữ liệu mẫu. Hãy dùng một "
    "tệp khác (--db), hoặc thêm --force nếu thật sự muốn trộn dữ liệu mẫu vào dữ liệu này."
)


def is_demo(session: Transaction) -> bool:
    return users_repo.get_setting(session, DEMO_KEY) is not None


def mark_demo(session: Transaction, now: datetime) -> None:
    """Mark the database as a demo one, for good: its reports and packages say so."""
    if not is_demo(session):
        users_repo.set_setting(session, DEMO_KEY, json.dumps({"since": now.isoformat(timespec="seconds")}))


class DemoService:
    """Writes generated data; one transaction for the whole fill."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    @requires(PERM_ADMIN)
    def ensure_office(self) -> bool:
        """Set up a demo office (Sở Y tế Sơn La, its communes of the 2025 list) when none exists; True if it
        did."""
        office = OfficeService(self._db, self._now)
        if office.is_configured():
            return False
        preset = office.office_preset_from_names(DEMO_OFFICE_KIND, DEMO_PROVINCE, signer_name=DEMO_SIGNER)
        office.setup(preset.profile, list(preset.communes))
        return True

    @requires(PERM_READ)
    def is_demo(self) -> bool:
        """Whether this database holds demo data (it says so in the title bar and on every report)."""
        with self._db.read() as session:
            return is_demo(session)

    @requires(PERM_ADMIN)
    def fill(self, businesses: int, seed: int, progress: Progress | None = None, force: bool = False) -> int:
        """Add `businesses` generated businesses with their commitment signings, employees and counts, and,
        in a database without inspection rounds yet, three years of inspections of them (deterministic per
        seed and day); returns how many businesses were added. The database is marked as a demo one and the
        fill is logged. Raises ConflictError on a database with real records unless `force`."""
        from desktop_app.services.demo_data import (  # only the demo command needs it
            InspectedBusiness,
            SigningGenerator,
            commune_unit_word,
            generate_businesses,
        )

        with self._db.read() as session:
            if not force and not is_demo(session) and office_repo.has_records(session):
                raise ConflictError(REAL_DATA)
        self.ensure_office()
        now = self._now()
        today = now.date()
        with self._db.unit_of_work() as session:
            communes = office_repo.list_communes(session)
            types = office_repo.list_business_types(session)
            type_ids = {t.code: t.id for t in types}
            next_id = business_repo.max_id(session) + 1
            rows: list[dict[str, Any]] = []
            events: list[dict[str, Any]] = []
            commitments: list[dict[str, Any]] = []
            employees: list[dict[str, Any]] = []
            counts: list[dict[str, Any]] = []
            inspected: list[InspectedBusiness] = []
            done = 0
            generated = generate_businesses(
                businesses,
                seed=seed,
                type_codes=list(type_ids),
                commune_count=len(communes),
                today=today,
            )
            signings = SigningGenerator(
                seed=seed, today=today, commune_words=[commune_unit_word(c.name) for c in communes]
            )
            for item in generated:
                business_id = next_id + done
                rows.append(
                    {
                        "id": business_id,
                        "name": item.name,
                        "type_id": type_ids[item.type_code],
                        "commune_id": communes[item.commune_index].id,
                        "address": item.address,
                        "owner_name": item.owner_name,
                        "owner_id_number": item.owner_id_number,
                        "owner_phone": item.owner_phone,
                        "registration_number": item.registration_number,
                        "registration_date": item.registration_date,
                        "sub_licences": item.sub_licences,
                        "rooms": item.rooms,
                        "employees_total": item.employees_total,
                        "employees_female": item.employees_female,
                        "status": item.status,
                        "status_since": item.status_since,
                        "complex_area": item.complex_area,
                        "notes": item.notes,
                        "search_key": business_search_key(
                            item.name,
                            item.owner_name,
                            item.address,
                            item.registration_number,
                            item.owner_phone,
                        ),
                        "voided": False,
                        "void_reason": "",
                        "voided_at": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                events.append(
                    {
                        "business_id": business_id,
                        "status": STATUS_ACTIVE,
                        "effective_on": item.registration_date,
                        "note": "Đưa vào danh sách quản lý",
                        "recorded_at": now,
                    }
                )
                if item.status != STATUS_ACTIVE and item.status_since is not None:
                    events.append(
                        {
                            "business_id": business_id,
                            "status": item.status,
                            "effective_on": item.status_since,
                            "note": "",
                            "recorded_at": now,
                        }
                    )
                inspected.append(
                    InspectedBusiness(
                        business_id,
                        item.commune_index,
                        item.type_code,
                        item.registration_date,
                        item.status,
                        item.status_since,
                    )
                )
                signed = signings.for_business(item)
                for c in signed.commitments:
                    commitments.append(
                        {
                            "business_id": business_id,
                            "signed_on": c.signed_on,
                            "valid_from": c.valid_from,
                            "valid_to": c.valid_to,
                            "document_number": c.document_number,
                            "representative_name": c.representative_name,
                            "representative_position": c.representative_position,
                            "notes": c.notes,
                            "invalidated_on": c.invalidated_on,
                            "invalidated_reason": c.invalidated_reason,
                            "voided": c.voided,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                for e in signed.employees:
                    employees.append(
                        {
                            "business_id": business_id,
                            "full_name": e.full_name,
                            "birth_date": e.birth_date,
                            "id_number": e.id_number,
                            "position": e.position,
                            "started_on": e.started_on,
                            "signed_on": e.signed_on,
                            "voided": False,
                            "created_at": now,
                        }
                    )
                if signed.counts is not None:
                    staff, signed_count, as_of = signed.counts
                    counts.append(
                        {
                            "business_id": business_id,
                            "employees": staff,
                            "signed": signed_count,
                            "as_of": as_of,
                            "recorded_at": now,
                        }
                    )
                done += 1
                if len(rows) >= CHUNK:
                    _insert_chunk(session, rows, events, commitments, employees, counts)
                    rows, events, commitments, employees, counts = [], [], [], [], []
                    if progress is not None:
                        progress(done, businesses)
            if rows:
                _insert_chunk(session, rows, events, commitments, employees, counts)
            visit_count = self._add_inspections(session, seed, now, communes, inspected)
            event_count = self._add_activities(session, seed, now, communes)
            mark_demo(session, now)
            filled = {"businesses": done, "visits": visit_count, "events": event_count, "seed": seed}
            audit_repo.log_change(session, "demo", 0, "fill", {**filled, "force": force}, now)
            if progress is not None:
                progress(done, businesses)
        return done

    @staticmethod
    def _add_activities(session: Transaction, seed: int, now: datetime, communes: Sequence[Commune]) -> int:
        """Communication events, training classes and healthy-commune statuses, once per database (nothing
        when it already has events or classes); returns the number of events."""
        from desktop_app.services.demo_activities import generate_activities

        if not communes or activity_repo.list_events(session) or activity_repo.list_trainings(session):
            return 0
        today = now.date()
        events, trainings, statuses = generate_activities(seed, today, [c.id for c in communes])
        for event in events:
            activity_repo.save_event(session, event.validated(today), None, now)
        for training in trainings:
            activity_repo.save_training(session, training.validated(today), None, now)
        for status in statuses:
            activity_repo.save_status(session, status.validated(today), now)
        return len(events)

    @staticmethod
    def _add_inspections(
        session: Transaction,
        seed: int,
        now: datetime,
        communes: Sequence[Commune],
        businesses: Sequence[InspectedBusiness],
    ) -> int:
        """Rounds, visits and hot-spots for `businesses`, once per database (nothing when it already has
        rounds); returns the number of visits."""
        from desktop_app.services.demo_data import InspectionGenerator

        if not businesses or not communes or inspection_repo.list_rounds(session):
            return 0
        today = now.date()
        profile = office_repo.get_profile(session)
        generator = InspectionGenerator(
            seed=seed,
            today=today,
            territory=profile.district_name if profile else "",
            province=profile.province_name if profile else "",
            commune_names=[c.name for c in communes],
            legal_basis=inspection_repo.list_legal_basis(session),
        )
        plans = generator.rounds()
        round_ids = [
            inspection_repo.add_round(
                session,
                RoundInput(
                    plan_number=p.plan_number,
                    plan_date=p.plan_date,
                    team_name=p.team_name,
                    team_level=p.team_level,
                    starts_on=p.starts_on,
                    ends_on=p.ends_on,
                    members=p.members,
                    scope=SCOPE_COMMUNES if p.commune_indexes else SCOPE_ALL,
                    commune_ids=[communes[i].id for i in p.commune_indexes],
                    notes=p.notes,
                ).validated(),
                now,
            )
            for p in plans
        ]
        recorded = {r.id: r for r in inspection_repo.list_rounds(session)}
        visits = generator.visits(businesses, plans)
        # Visits that others follow up, and penalties with their legal basis, are checked as the dialog checks
        # them and inserted first (a few per cent, ids returned); then their follow-up links; the rest in
        # Core executemany chunks.
        specials = [v for v in visits if v.follow_up_due is not None or v.legal_basis_ids]
        checked = []
        for v in specials:
            round_id = round_ids[v.round_index] if v.round_index is not None else None
            data = VisitInput(
                business_id=v.business_id,
                visit_date=v.visit_date,
                kind=v.kind,
                round_id=round_id,
                visit_time=v.visit_time,
                members_present=v.members_present,
                checklist=v.checklist,
                findings=v.findings,
                minutes_number=v.minutes_number,
                result=v.result,
                prostitution_related=v.prostitution_related,
                decision_number=v.decision_number,
                decision_date=v.decision_date,
                legal_basis_ids=v.legal_basis_ids,
                fine_vnd=v.fine_vnd,
                extra_measures=v.extra_measures,
                follow_up_due=v.follow_up_due,
                notes=v.notes,
                offender_kind=v.offender_kind,
                penalty_kinds=v.penalty_kinds,
            )
            checked.append(data.validated(today, recorded[round_id] if round_id is not None else None))
        ids: dict[DemoVisit, int] = {}
        for start in range(0, len(specials), CHUNK):
            chunk = specials[start : start + CHUNK]
            new_ids = inspection_rows.add_many(session, checked[start : start + CHUNK], now, log=False)
            ids.update(zip(chunk, new_ids, strict=True))
        inspection_rows.link_follow_ups(
            session, [(ids[v], ids[v.follows_up]) for v in specials if v.follows_up is not None]
        )
        special_set = set(specials)
        rows: list[dict[str, Any]] = []
        # Most visits share a few checklist dicts; encode each once (they all live until the loop ends).
        encoded: dict[int, str] = {}
        for v in visits:
            if v in special_set:
                continue
            round_id = round_ids[v.round_index] if v.round_index is not None else None
            follows_up_id = ids[v.follows_up] if v.follows_up is not None else None
            rows.append(
                {
                    "business_id": v.business_id,
                    "round_id": round_id,
                    "visit_date": v.visit_date,
                    "visit_time": v.visit_time,
                    "kind": v.kind,
                    "members_present": "\n".join(v.members_present),
                    "checklist": encoded.get(id(v.checklist))
                    or encoded.setdefault(id(v.checklist), json.dumps(v.checklist, sort_keys=True)),
                    "findings": v.findings,
                    "minutes_number": v.minutes_number,
                    "result": v.result,
                    "prostitution_related": v.prostitution_related,
                    "decision_number": v.decision_number,
                    "decision_date": v.decision_date,
                    "fine_vnd": v.fine_vnd,
                    "extra_measures": v.extra_measures,
                    "follow_up_due": v.follow_up_due,
                    "follows_up_id": follows_up_id,
                    "notes": v.notes,
                    "voided": False,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(rows) >= CHUNK:
                inspection_repo.bulk_insert_visits(session, rows)
                rows = []
        inspection_repo.bulk_insert_visits(session, rows)
        for h in generator.hotspots():
            spot = HotspotInput(h.place, communes[h.commune_index].id, h.found_on, h.eliminated_on, h.notes)
            inspection_repo.save_hotspot(session, spot.validated(today), None, now)
        return len(visits)
