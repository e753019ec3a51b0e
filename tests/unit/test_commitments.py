"""Commitment signings: validity rules, recording with scans, employees, invalidation, coverage on a date."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED, STATUS_SUSPENDED
from desktop_app.domain.commitments import (
    RULE_MONTHS,
    RULE_OWNER_CHANGE,
    RULE_YEAR_END,
    SIGNING_INVALIDATED,
    STATE_COVERED,
    STATE_EXPIRED,
    STATE_EXPIRING,
    STATE_NEVER,
    Commitment,
    CommitmentInput,
    Employee,
    EmployeeInput,
    ValidityRule,
)
from desktop_app.domain.errors import StorageError, ValidationError, ValidationErrors
from desktop_app.services import commitments as commitments_module
from desktop_app.services.app_services import Services, attachment_store
from desktop_app.services.businesses import BusinessService
from desktop_app.services.commitments import CommitmentService
from desktop_app.storage.db import sqlite_path
from tests.conftest import FixedClock, sample_input

NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def commitments(
    office: Services, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> CommitmentService:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # where scans are opened for viewing
    (tmp_path / "temp").mkdir()
    return CommitmentService(office.db, attachment_store(office.db), now=clock)


def _business(office: Services, name: str, commune: str = "Xã Mường Bon", **extra: object) -> int:
    communes = {c.name: c.id for c in office.office.communes()}
    return office.businesses.create(
        sample_input(office, name=name, registration_number=name[-6:], commune_id=communes[commune], **extra)
    )


# ---- Validity rules (pure domain)
def test_validity_rules() -> None:
    signed = date(2026, 3, 5)
    assert ValidityRule(RULE_YEAR_END).valid_to(signed) == date(2026, 12, 31)
    assert ValidityRule(RULE_MONTHS, 12).valid_to(signed) == date(2027, 3, 4)
    assert ValidityRule(RULE_MONTHS, 1).valid_to(date(2026, 1, 31)) == date(2026, 2, 27)
    assert ValidityRule(RULE_OWNER_CHANGE).valid_to(signed) is None
    with pytest.raises(ValidationError):
        ValidityRule(RULE_MONTHS, 0).validate()
    with pytest.raises(ValidationError):
        ValidityRule("weekly").validate()


def test_input_defaults_and_messages() -> None:
    rule = ValidityRule()
    valid = CommitmentInput(1, "05/03/2026", document_number=" 12/CK ").validated(rule, date(2026, 11, 23))
    assert (valid.valid_from, valid.valid_to, valid.document_number) == (
        date(2026, 3, 5),
        date(2026, 12, 31),
        "12/CK",
    )
    with pytest.raises(ValidationErrors) as caught:
        CommitmentInput(None, "31/02/2026").validated(rule, date(2026, 11, 23))
    assert set(caught.value.errors) == {"business_id", "signed_on"}
    with pytest.raises(ValidationErrors) as caught:
        CommitmentInput(1, "01/12/2026").validated(rule, date(2026, 11, 23))
    assert caught.value.errors["signed_on"] == "Ngày ký không thể ở tương lai."
    with pytest.raises(ValidationErrors) as caught:
        CommitmentInput(1, "05/03/2026", valid_to="01/03/2026").validated(rule, date(2026, 11, 23))
    assert "valid_to" in caught.value.errors


def test_minor_employee_is_flagged() -> None:
    employee = Employee(1, 1, "Lò Thị Hoa", date(2008, 11, 24), "", "Phục vụ", None, None)
    assert employee.is_minor(date(2026, 11, 23))
    assert not employee.is_minor(date(2026, 11, 24))
    leap = Employee(2, 1, "Cầm Văn Tú", date(2008, 2, 29), "", "", None, None)
    assert leap.is_minor(date(2026, 2, 27)) and not leap.is_minor(date(2026, 2, 28))


# ---- Recording
def test_record_with_scans_kept_by_checksum(
    commitments: CommitmentService, office: Services, tmp_path: Path
) -> None:
    business = _business(office, "Nhà nghỉ Hoa Ban 000001")
    scan = tmp_path / "Bản cam kết Hoa Ban.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned")
    commitment_id = commitments.record(
        CommitmentInput(
            business, "05/03/2026", document_number="15/CK-UBND", representative_name="Lò Văn Sơn"
        ),
        [scan],
    )
    (recorded,) = commitments.for_business(business)
    assert recorded.id == commitment_id
    assert (recorded.valid_from, recorded.valid_to) == (date(2026, 3, 5), date(2026, 12, 31))
    assert recorded.representative_name == "Lò Văn Sơn"
    (attachment,) = recorded.attachments
    digest = hashlib.sha256(b"%PDF-1.4 scanned").hexdigest()
    assert (attachment.file_name, attachment.size, attachment.sha256) == (
        "Bản cam kết Hoa Ban.pdf",
        16,
        digest,
    )
    kept = tmp_path / "attachments" / (digest + ".pdf")  # no personal data in the kept file's name
    if sqlite_path(office.db.url) is None:  # on a server the scan is in the database: every PC sees it
        assert not kept.parent.exists()
        with office.db.read() as session:
            rows = session.execute(text("SELECT stored_name, data FROM scan_file")).all()
        assert [tuple(r) for r in rows] == [(kept.name, b"%PDF-1.4 scanned")]
    else:
        assert [p.name for p in kept.parent.iterdir()] == [kept.name]
        assert office.db.key is not None  # an encrypted database keeps its scans encrypted too
        assert b"scanned" not in kept.read_bytes()
    viewed = commitments.viewing_copy(attachment.id)
    assert viewed.name == f"ban-chup-{attachment.id}.pdf"
    assert viewed.parent.parent == tmp_path / "temp"
    assert viewed.read_bytes() == b"%PDF-1.4 scanned"


def test_bad_scan_keeps_nothing(commitments: CommitmentService, office: Services, tmp_path: Path) -> None:
    business = _business(office, "Karaoke Sao Mai 000002")
    wrong = tmp_path / "ghi-chu.docx"
    wrong.write_bytes(b"x")
    with pytest.raises(ValidationError, match="PDF hoặc ảnh"):
        commitments.record(CommitmentInput(business, "05/03/2026"), [wrong])
    empty = tmp_path / "trống.png"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError):
        commitments.record(CommitmentInput(business, "05/03/2026"), [empty])
    assert commitments.for_business(business) == []
    assert not (tmp_path / "attachments").exists() or not any((tmp_path / "attachments").iterdir())


def test_a_failed_signing_or_attachment_keeps_no_scan(
    commitments: CommitmentService, office: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    business = _business(office, "Karaoke Sao Mai 000003")
    shared = tmp_path / "cam-ket-chung.pdf"
    shared.write_bytes(b"%PDF-1.4 a scan two signings share")
    first = commitments.record(CommitmentInput(business, "05/03/2026"), [shared])
    scan = tmp_path / "cam-ket.pdf"
    scan.write_bytes(b"%PDF-1.4 refused")
    folder = tmp_path / "attachments"
    before = sorted(p.name for p in folder.iterdir()) if folder.exists() else []

    def fail(*_args: object, **_kwargs: object) -> None:
        raise StorageError("Ổ đĩa đầy.")  # the change log cannot be written: the action fails after the copy

    monkeypatch.setattr(commitments_module.audit_repo, "log_change", fail)
    with pytest.raises(StorageError, match="Ổ đĩa đầy"):
        commitments.record(CommitmentInput(business, "06/03/2026"), [scan, shared])
    with pytest.raises(StorageError, match="Ổ đĩa đầy"):
        commitments.attach(first, scan)
    monkeypatch.undo()
    assert (sorted(p.name for p in folder.iterdir()) if folder.exists() else []) == before  # shared one stays
    (signing,) = commitments.for_business(business)
    assert [a.file_name for a in signing.attachments] == ["cam-ket-chung.pdf"]
    assert commitments.scan_problems() == []
    if sqlite_path(office.db.url) is None:
        with office.db.read() as session:
            assert session.execute(text("SELECT count(*) FROM scan_file")).scalar_one() == 1


def test_validity_rule_setting_drives_the_default(commitments: CommitmentService, office: Services) -> None:
    assert commitments.validity_rule() == ValidityRule(RULE_YEAR_END)
    commitments.set_validity_rule(ValidityRule(RULE_MONTHS, 6))
    assert commitments.validity_rule() == ValidityRule(RULE_MONTHS, 6)
    business = _business(office, "Massage Thảo Nguyên 000003")
    commitments.record(CommitmentInput(business, "10/01/2026"))
    assert commitments.for_business(business)[0].valid_to == date(2026, 7, 9)
    with pytest.raises(ValidationError):
        commitments.set_validity_rule(ValidityRule(RULE_MONTHS, 500))


def test_owner_or_type_change_requires_signing_again(
    commitments: CommitmentService, office: Services, clock: FixedClock
) -> None:
    office.businesses = BusinessService(office.db, now=clock)
    business = _business(office, "Nhà nghỉ Hương Rừng 000004")
    commitments.record(CommitmentInput(business, "05/03/2026"))
    assert commitments.states(date(2026, 6, 1))[business] == STATE_COVERED

    office.businesses.update(
        business,
        sample_input(
            office, name="Nhà nghỉ Hương Rừng 000004", registration_number="000004", address="Bản Mòng"
        ),
    )
    assert commitments.for_business(business)[0].invalidated_on is None  # an address change keeps it

    clock.now = datetime(2026, 7, 1, 8, 0)
    office.businesses.update(
        business,
        sample_input(
            office,
            name="Nhà nghỉ Hương Rừng 000004",
            registration_number="000004",
            address="Bản Mòng",
            owner_name="Nguyễn Thị Lan",
        ),
    )
    (recorded,) = commitments.for_business(business)
    assert recorded.invalidated_on == date(2026, 7, 1)
    assert recorded.invalidated_reason == "Thay đổi chủ cơ sở"
    assert commitments.states(date(2026, 6, 30))[business] == STATE_COVERED  # history stays true
    assert commitments.states(date(2026, 7, 1))[business] == STATE_EXPIRED
    assert commitments.missing_on(date(2026, 7, 1)) == [business]


# ---- Coverage
def test_coverage_on_a_date(commitments: CommitmentService, office: Services) -> None:
    covered = _business(office, "Karaoke Hoa Ban 000011")
    expiring = _business(office, "Karaoke Ngọc Lan 000012")
    expired = _business(office, "Nhà nghỉ Bình An 000013", commune="Xã Cò Nòi")
    never = _business(office, "Massage Hồng Nhung 000014", commune="Xã Cò Nòi")
    overlapping = _business(office, "Nhà hàng Suối Tiên 000015")
    commitments.record(CommitmentInput(covered, "02/01/2026", valid_to="31/12/2027"))
    commitments.record(CommitmentInput(expiring, "02/01/2026"))  # to 31/12/2026
    commitments.record(CommitmentInput(expired, "02/01/2025"))  # to 31/12/2025
    commitments.record(CommitmentInput(overlapping, "02/01/2026"))
    commitments.record(CommitmentInput(overlapping, "01/06/2026", valid_to="31/05/2027"))

    coverage = commitments.coverage(date(2026, 12, 10))
    total = coverage.total
    assert total.active == 5
    assert sorted(total.ids[STATE_COVERED]) == sorted([covered, overlapping])  # counted once
    assert total.ids[STATE_EXPIRING] == [expiring]
    assert total.ids[STATE_EXPIRED] == [expired]
    assert total.ids[STATE_NEVER] == [never]
    assert total.covered_total == 3 and total.coverage_pct == 60.0
    lines = {line.commune_name: line for line in coverage.lines}
    assert (lines["Xã Mường Bon"].active, lines["Xã Mường Bon"].coverage_pct) == (3, 100.0)
    assert (lines["Xã Cò Nòi"].active, lines["Xã Cò Nòi"].coverage_pct) == (2, 0.0)
    assert lines["Xã Chiềng Mung"].active == 0 and lines["Xã Chiềng Mung"].coverage_pct == 100.0

    assert commitments.coverage(date(2026, 6, 1)).total.count(STATE_COVERED) == 3
    assert sorted(commitments.missing_on(date(2026, 12, 10))) == sorted([expired, never])


def test_coverage_follows_status_history(commitments: CommitmentService, office: Services) -> None:
    closed = _business(office, "Karaoke Đêm Xanh 000021")
    suspended = _business(office, "Nhà nghỉ Tây Bắc 000022")
    reopened = _business(office, "Massage Mộc 000023")
    late = _business(office, "Karaoke Mới 000024", registration_date="01/10/2026")
    office.businesses.change_status(closed, STATUS_CLOSED, "15/06/2026")
    office.businesses.change_status(suspended, STATUS_SUSPENDED, "01/05/2026")
    office.businesses.change_status(reopened, STATUS_SUSPENDED, "01/02/2026")
    office.businesses.change_status(reopened, STATUS_ACTIVE, "01/04/2026")

    assert set(commitments.states(date(2026, 6, 14))) == {closed, reopened}
    assert set(commitments.states(date(2026, 3, 1))) == {closed, suspended}
    assert set(commitments.states(date(2026, 11, 1))) == {reopened, late}
    voided = _business(office, "Nhập nhầm 000025")
    office.businesses.void(voided, "Trùng")
    assert voided not in commitments.states(date(2026, 11, 1))


def test_voided_signing_no_longer_counts(commitments: CommitmentService, office: Services) -> None:
    business = _business(office, "Karaoke Hát Lót 000031", commune="Thị trấn Hát Lót")
    signing = commitments.record(CommitmentInput(business, "05/03/2026"))
    commitments.void(signing)
    assert commitments.states(date(2026, 6, 1))[business] == STATE_NEVER


def test_a_second_signing_on_the_same_day_is_refused_as_the_import_refuses_it(
    commitments: CommitmentService, office: Services
) -> None:
    """A business signs once a day: the same signing entered twice is refused next to its date, as the
    import counts it a duplicate (an export of both would not import again); a voided one is not counted."""
    business = _business(office, "Nhà nghỉ Sông Mã 000032")
    first = commitments.record(CommitmentInput(business, "05/03/2026"))
    with pytest.raises(ValidationError) as refused:
        commitments.record(CommitmentInput(business, "05/03/2026", document_number="12/CK"))
    assert refused.value.field == "signed_on" and "05/03/2026" in refused.value.message
    assert [c.id for c in commitments.for_business(business)] == [first]
    commitments.record(CommitmentInput(business, "06/03/2026"))  # another day
    commitments.void(first)
    again = commitments.record(CommitmentInput(business, "05/03/2026"))  # after the mistake was voided
    assert again in [c.id for c in commitments.for_business(business)] and again != first


# ---- Employees
def test_employees_list_and_counts(commitments: CommitmentService, office: Services) -> None:
    business = _business(office, "Karaoke Hoàng Gia 000041")
    commitments.add_employee(
        EmployeeInput(
            business, "Lò Thị Hoa", "24/11/2008", "014308001234", "Phục vụ", "01/09/2026", "02/09/2026"
        )
    )
    commitments.add_employee(EmployeeInput(business, "Quàng Văn Nam", "1990-05-01", position="Bảo vệ"))
    employees = commitments.employees(business)
    assert [e.full_name for e in employees] == ["Lò Thị Hoa", "Quàng Văn Nam"]
    assert employees[0].id_number == "014308001234"
    assert [e.is_minor(NOW.date()) for e in employees] == [True, False]
    with pytest.raises(ValidationErrors) as caught:
        commitments.add_employee(EmployeeInput(business, "", "30/02/2000", "123"))
    assert set(caught.value.errors) == {"full_name", "birth_date", "id_number"}

    assert commitments.employee_counts(business) is None
    commitments.set_employee_counts(business, 8, 6, date(2026, 10, 1))
    counts = commitments.employee_counts(business)
    assert counts is not None and (counts.employees, counts.signed, counts.as_of) == (8, 6, date(2026, 10, 1))
    with pytest.raises(ValidationErrors, match="không thể lớn hơn"):
        commitments.set_employee_counts(business, 3, 5)


def test_one_signing_state_on_a_day_is_the_domain_s_commitment_state() -> None:
    def signing(valid_to: date | None, invalidated_on: date | None = None) -> Commitment:
        return Commitment(
            1,
            1,
            "Karaoke",
            "Xã",
            date(2026, 1, 5),
            date(2026, 1, 5),
            valid_to,
            "",
            "",
            "",
            "",
            invalidated_on,
            "đổi chủ" if invalidated_on else "",
        )

    year = signing(date(2026, 12, 31))
    assert year.state_on(date(2026, 1, 4)) == STATE_NEVER  # validity not started yet
    assert year.state_on(date(2026, 6, 1)) == STATE_COVERED
    assert year.state_on(date(2026, 12, 20)) == STATE_EXPIRING
    assert year.state_on(date(2027, 1, 1)) == STATE_EXPIRED
    assert signing(None).state_on(date(2030, 1, 1)) == STATE_COVERED  # until the owner changes
    void = signing(None, date(2026, 3, 1))
    assert void.state_on(date(2026, 2, 1)) == void.state_on(date(2026, 4, 1)) == SIGNING_INVALIDATED
