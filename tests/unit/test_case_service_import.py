"""The services given to support cases (loans with their repayments) and the cases' follow-ups in and out as
lists: rows name a case by its code only, every step needs the identity permission as the case list's own
import and export, the export opens only with its password, a withdrawn person's case takes nothing, and
an exported list imported into an empty office (the cases brought in first) comes out unchanged."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.cases import CaseInput, IdentityInput, ServiceInput, WithdrawalInput
from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import ROLE_STAFF, ROLE_SUPPORT, SYSTEM, Actor, PermissionDenied
from desktop_app.imports.case_services import FOLLOW_UP_SPEC, SERVICE_SPEC, kind_code
from desktop_app.imports.outcomes import DUPLICATE, ERROR, OK
from desktop_app.services.app_services import Services
from tests.unit.register_lists_helpers import PASSWORD, listed, other_office, plain_copy, workbook

WORKER = Actor(None, "mai.vt", ROLE_SUPPORT)
STAFF = Actor(None, "an.nv", ROLE_STAFF)


def _cases(services: Services) -> list[int]:
    """Three cases taken in on 05/01/2025: HS-2025-0001 … 0003; the third person withdraws consent."""
    communes = {c.name: c.id for c in services.office.communes()}
    ids = []
    for name, year in (("Lò Thị Hương", "1998"), ("Quàng Thị Lan", "1995"), ("Tòng Thị Hoa", "1999")):
        case_id, _code = services.cases.create(
            CaseInput("05/01/2025", communes["Xã Cò Nòi"], consent_on="05/01/2025", consent_way="van_ban"),
            IdentityInput(name, birth_year=year),
        )
        ids.append(case_id)
    services.cases.withdraw_consent(ids[2], WithdrawalInput("01/02/2025", "van_ban"))
    return ids


def test_kinds_as_offices_write_them() -> None:
    assert kind_code("Vay vốn") == "vay_von"
    assert kind_code("HỌC NGHỀ") == "hoc_nghe"
    assert kind_code("Chăm sóc y tế (giới thiệu)") == "y_te"
    assert kind_code("tư vấn") == "tu_van"
    assert kind_code("tiền mặt") is None


def _services_list(path: Path) -> Path:
    return workbook(
        path,
        [
            "TT",
            "Mã HS",
            "Hình thức hỗ trợ",
            "Ngày",
            "Đơn vị hỗ trợ",
            "Ngân hàng",
            "Số tiền vay",
            "Ngày giải ngân",
            "Thời hạn vay",
            "Trả nợ",
            "Nghề học",
            "Ngày bắt đầu",
        ],
        [
            [1, "HS-2025-0001", "Tư vấn", datetime(2025, 2, 3), "Hội LHPN", "", "", "", "", "", "", ""],
            [
                2,
                "hs-2025-0001",
                "Vay vốn",
                "10/03/2025",
                "",
                "NHCSXH",
                "20.000.000",
                "10/03/2025",
                24.0,
                "10/06/2025: 2.000.000; 10/09/2025: 3.000.000",
                "",
                "",
            ],
            [3, "HS-2025-0002", "Học nghề", "01/04/2025", "", "", "", "", "", "", "May", "31/04/2025"],
            [4, "HS-2025-0009", "Tư vấn", "01/04/2025", "", "", "", "", "", "", "", ""],
            [5, "HS-2025-0003", "Tư vấn", "01/04/2025", "", "", "", "", "", "", "", ""],
            [
                6,
                "HS-2025-0002",
                "Vay vốn",
                "01/04/2025",
                "",
                "NHCSXH",
                5000000,
                "01/04/2025",
                12,
                "01/05/2025: 6.000.000",
                "",
                "",
            ],
            [7, "HS-2025-0002", "Tư vấn", "01/01/2025", "", "", "", "", "", "", "", ""],
            [8, "HS-2025-0002", "Tư vấn", "02/04/2025", "", "NHCSXH", "", "", "", "", "", ""],
            [9, "HS-2025-0001", "Tư vấn", "03/02/2025", "Hội LHPN", "", "", "", "", "", "", ""],
            [10, "HS-2025-0002", "Tiền mặt", "02/04/2025", "", "", "", "", "", "", "", ""],
        ],
        "DANH SÁCH HỖ TRỢ",
    )


def test_a_messy_service_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    ids = _cases(office)
    transfer = office.transfer_for("case-services")
    preview = transfer.preview(_services_list(tmp_path / "ht.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {
        4: OK,
        5: OK,
        6: ERROR,
        7: ERROR,
        8: ERROR,
        9: ERROR,
        10: ERROR,
        11: ERROR,
        12: DUPLICATE,
        13: ERROR,
    }
    messages = {p.row: p.message for p in preview.problems}
    assert [p.field for p in preview.problems if p.row == 6] == ["start_on"]
    assert messages[7] == "Không có hồ sơ HS-2025-0009; nhập danh sách hồ sơ trước."
    assert "rút lại" in messages[8]
    assert messages[9].startswith("Lần trả nợ «01/05/2025: 6.000.000»: Số tiền trả lớn hơn dư nợ còn lại")
    assert messages[10] == "Ngày hỗ trợ không được trước ngày tiếp nhận hồ sơ."
    assert messages[11].startswith("Cột «Ngân hàng» không dùng cho loại «Tư vấn»")
    assert messages[12] == "Trùng với dòng 4 của tệp."
    assert messages[13].startswith("Loại hỗ trợ «Tiền mặt» không rõ")
    with pytest.raises(DomainError, match="không ghi các dòng chưa nhập ra tệp riêng"):
        transfer.save_rejected(preview, tmp_path / "loi.xlsx")
    assert office.cases.services(ids[0]) == []
    assert transfer.commit(preview) == 2
    loan = next(s for s in office.cases.services(ids[0]) if s.kind == "vay_von")
    assert loan.details["amount_vnd"] == 20_000_000 and loan.details["term_months"] == 24
    assert loan.loan is not None and (loan.loan.repaid_vnd, loan.loan.balance_vnd) == (5_000_000, 15_000_000)
    again = transfer.preview(tmp_path / "ht.xlsx")
    assert again.count(OK) == 0 and again.count(DUPLICATE) == 3
    office.db.actor = SYSTEM
    logged = office.audit.entries(AuditFilter(entity="case")).rows
    imported = [e for e in logged if e.action == "import"]
    assert len(imported) == 2 and not any("Hương" in e.detail or "NHCSXH" in e.detail for e in imported)


def test_only_a_role_that_sees_identities_imports_or_exports_them(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    _cases(office)
    source = _services_list(tmp_path / "ht.xlsx")
    office.db.actor = STAFF
    for transfer in (office.transfer_for("case-services"), office.transfer_for("follow-ups")):
        with pytest.raises(PermissionDenied):
            transfer.preview(source)
        with pytest.raises(PermissionDenied):
            transfer.export(tmp_path / "ra.xlsx", PASSWORD)
        transfer.write_template(tmp_path / "mau.xlsx")  # columns only: anyone may take the template
    assert not (tmp_path / "ra.xlsx").exists()


def _follow_ups(path: Path) -> Path:
    return workbook(
        path,
        ["STT", "Mã hồ sơ", "Ngày hẹn", "Ngày theo dõi", "Kết quả theo dõi"],
        [
            [1, "HS-2025-0001", "01/03/2025", "03/03/2025", "Ổn định"],
            [2, "HS-2025-0002", "01/06/2099", "", ""],  # planned ahead: fine
            [3, "HS-2025-0002", "01/07/2025", "01/07/2099", ""],
            [4, "HS-2025-0003", "01/07/2025", "", ""],
            [5, "HS-2025-0001", "01/03/2025", "", ""],
            [6, "", "01/03/2025", "", ""],
            [7, "HS-2025-0002", "ngày mai", "", ""],
        ],
        "THEO DÕI HỒ SƠ",
    )


def test_a_messy_follow_up_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    ids = _cases(office)
    transfer = office.transfer_for("follow-ups")
    preview = transfer.preview(_follow_ups(tmp_path / "td.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {4: OK, 5: OK, 6: ERROR, 7: ERROR, 8: DUPLICATE, 9: ERROR, 10: ERROR}
    messages = {p.row: p.message for p in preview.problems}
    assert messages[6] == "Ngày đã theo dõi 01/07/2099 ở tương lai."
    assert messages[9] == "Thiếu mã hồ sơ."
    assert messages[10].startswith("Ngày hẹn theo dõi: ")
    assert transfer.commit(preview) == 2
    done = office.cases.follow_ups(ids[0])
    assert [(f.planned_on, f.done_on, f.notes) for f in done] == [
        (date(2025, 3, 1), date(2025, 3, 3), "Ổn định")
    ]
    assert [f.planned_on for f in office.cases.follow_ups(ids[1])] == [date(2099, 6, 1)]


def test_exported_service_and_follow_up_lists_import_back_unchanged(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    ids = _cases(office)
    loan = office.cases.add_service(
        ServiceInput(
            ids[0],
            "vay_von",
            "10/03/2025",
            "NHCSXH huyện",
            "vay lần đầu",
            {"bank": "NHCSXH", "amount_vnd": "20000000", "disbursed_on": "10/03/2025", "term_months": "24"},
        )
    )
    office.cases.add_repayment(loan, "2000000", "10/06/2025")
    office.cases.add_repayment(loan, "1500000", "10/09/2025")
    office.cases.add_service(
        ServiceInput(ids[1], "hoc_nghe", "01/04/2025", "", "", {"trade": "May", "start_on": "01/04/2025"})
    )
    office.cases.add_service(ServiceInput(ids[1], "tu_van", "02/04/2025", "Hội LHPN"))
    office.cases.plan_follow_up(ids[0], date(2025, 6, 1), "gọi điện")
    planned = office.cases.plan_follow_up(ids[1], date(2025, 7, 1))
    office.cases.record_follow_up(planned, date(2025, 7, 2), "đã gặp")
    cases_file, services_file, follow_file = (
        tmp_path / "hs.xlsx",
        tmp_path / "ht1.xlsx",
        tmp_path / "td1.xlsx",
    )
    office.case_transfer.export(cases_file, PASSWORD)
    assert office.transfer_for("case-services").export(services_file, PASSWORD, today=date(2026, 11, 23)) == 3
    assert office.transfer_for("follow-ups").export(follow_file, PASSWORD, today=date(2026, 11, 23)) == 2
    assert b"NHCSXH" not in services_file.read_bytes()  # encrypted
    services_plain = plain_copy(services_file, tmp_path / "ht1-mo.xlsx")
    follow_plain = plain_copy(follow_file, tmp_path / "td1-mo.xlsx")
    header, rows = listed(services_plain)
    assert tuple(header) == tuple(c.header for c in SERVICE_SPEC.columns)
    assert rows[0][-2] == "10/06/2025: 2.000.000; 10/09/2025: 1.500.000"
    assert tuple(listed(follow_plain)[0]) == tuple(c.header for c in FOLLOW_UP_SPEC.columns)
    with other_office(tmp_path) as other:
        other.db.actor = WORKER
        other.case_transfer.commit(
            other.case_transfer.preview(plain_copy(cases_file, tmp_path / "hs-mo.xlsx"))
        )
        for transfer, source in (
            (other.transfer_for("case-services"), services_plain),
            (other.transfer_for("follow-ups"), follow_plain),
        ):
            preview = transfer.preview(source)
            assert {r.outcome for r in preview.rows} == {OK}, [r.reason for r in preview.rows]
            transfer.commit(preview)
        other.transfer_for("case-services").export(tmp_path / "ht2.xlsx", PASSWORD, today=date(2026, 11, 23))
        other.transfer_for("follow-ups").export(tmp_path / "td2.xlsx", PASSWORD, today=date(2026, 11, 23))
    assert listed(plain_copy(tmp_path / "ht2.xlsx", tmp_path / "ht2-mo.xlsx")) == listed(services_plain)
    assert listed(plain_copy(tmp_path / "td2.xlsx", tmp_path / "td2-mo.xlsx")) == listed(follow_plain)
