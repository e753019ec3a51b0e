"""Consent under Law 91/2025/QH15: the consent and its withdrawal recorded and logged (no personal data in
the log), what a withdrawal stops, the export that leaves withdrawn cases out, and the printed notice."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path

import msoffcrypto
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.domain.cases import (
    KIND_COUNSELLING,
    STATUS_CLOSED,
    CaseInput,
    IdentityInput,
    ServiceInput,
    WithdrawalInput,
)
from desktop_app.domain.errors import ConflictError, ValidationErrors
from desktop_app.domain.forms import FormOffice
from desktop_app.domain.periods import Period
from desktop_app.domain.security import (
    ROLE_ADMIN,
    ROLE_LEADER,
    ROLE_STAFF,
    ROLE_SUPPORT,
    Actor,
    PermissionDenied,
)
from desktop_app.exports.consent_notice import ConsentNotice, write_consent_notice
from desktop_app.services.app_services import Services
from desktop_app.services.cases import CaseService
from desktop_app.storage.models import ChangeLogRecord
from tests.conftest import FixedClock

NOW = datetime(2026, 11, 25, 9, 0)
WORKER = Actor(None, "mai.vt", ROLE_SUPPORT)
PASSWORD = "mat-khau-8"


@pytest.fixture
def cases(office: Services) -> CaseService:
    office.db.actor = WORKER
    return CaseService(office.db, now=FixedClock(NOW))


def _commune(office: Services) -> int:
    office.db.actor, saved = Actor(None, "hệ thống", ROLE_ADMIN), office.db.actor
    try:
        return next(c.id for c in office.office.communes() if c.name == "Xã Mường Bon")
    finally:
        office.db.actor = saved


def _case(office: Services, **overrides: object) -> CaseInput:
    values: dict[str, object] = {
        "intake_date": "03/02/2026",
        "commune_id": _commune(office),
        "needs": "Học nghề",
        "consent_on": "03/02/2026",
        "consent_way": "van_ban",
        "assigned_worker": "Vũ Thị Mai",
    }
    values.update(overrides)
    return CaseInput(**values)  # type: ignore[arg-type]


def _person(name: str = "Lò Thị Hương", id_number: str = "014198001234") -> IdentityInput:
    return IdentityInput(
        name, birth_year="1998", id_number=id_number, address="Bản Nà Sản", phone="0912345678"
    )


def _log(office: Services) -> list[tuple[int, str, str]]:
    with office.db.read() as session:
        c = ChangeLogRecord
        return [
            (int(r[0]), str(r[1]), str(r[2]))
            for r in session.execute(select(c.entity_id, c.action, c.changes).where(c.entity == "case"))
        ]


def test_consent_is_logged_with_its_way_and_day(office: Services, cases: CaseService) -> None:
    case_id, _ = cases.create(_case(office, consent_way="ghi_am"), _person())
    consent = [entry for entry in _log(office) if entry[1] == "consent"]
    assert consent == [(case_id, "consent", '{"consent_on": "2026-02-03", "consent_way": "ghi_am"}')]
    cases.update(case_id, _case(office, consent_way="van_ban", consent_on="04/02/2026"))
    assert [e[2] for e in _log(office) if e[1] == "consent"][-1] == (
        '{"consent_on": "2026-02-04", "consent_way": "van_ban"}'
    )


def test_withdrawal_rules(office: Services, cases: CaseService) -> None:
    case_id, _ = cases.create(_case(office), _person())
    with pytest.raises(ValidationErrors) as caught:
        cases.withdraw_consent(case_id, WithdrawalInput("01/02/2026", ""))
    assert caught.value.errors["withdrawn_on"] == (
        "Ngày rút lại sự đồng ý không được trước ngày đồng ý (03/02/2026)."
    )
    assert caught.value.errors["way"] == "Hãy chọn cách người được hỗ trợ rút lại sự đồng ý."
    with pytest.raises(ValidationErrors, match="sau hôm nay"):
        cases.withdraw_consent(case_id, WithdrawalInput("26/11/2026", "van_ban"))
    assert cases.detail(case_id).withdrawal is None  # bad input leaves the case as it was
    for role in (ROLE_STAFF, ROLE_LEADER):
        office.db.actor = Actor(None, "khac", role)
        with pytest.raises(PermissionDenied):
            cases.withdraw_consent(case_id, WithdrawalInput("20/11/2026", "van_ban"))
    office.db.actor = WORKER
    recorded = cases.withdraw_consent(case_id, WithdrawalInput("20/11/2026", "van_ban", "Đơn ngày 20/11"))
    assert (recorded.withdrawn_on, recorded.way_label) == (
        date(2026, 11, 20),
        "Đơn hoặc văn bản của người được hỗ trợ",
    )
    detail = cases.detail(case_id)
    assert detail.withdrawal == recorded and detail.withdrawal.note == "Đơn ngày 20/11"
    assert cases.rows()[0].consent_withdrawn_on == date(2026, 11, 20)
    with pytest.raises(ConflictError, match="đã ghi rút lại sự đồng ý ngày 20/11/2026"):
        cases.withdraw_consent(case_id, WithdrawalInput("21/11/2026", "dien_tu"))


def test_a_withdrawal_stops_everything_but_closing(office: Services, cases: CaseService) -> None:
    case_id, _ = cases.create(_case(office), _person())
    follow_up = cases.plan_follow_up(case_id, date(2026, 11, 1))
    assert [f.id for f in cases.due_follow_ups()] == [follow_up]
    assert [r.id for r in cases.without_contact()] == [case_id]  # intake in February, no contact since
    cases.withdraw_consent(case_id, WithdrawalInput("20/11/2026", "truc_tiep"))
    message = "đã rút lại sự đồng ý ngày 20/11/2026: hồ sơ không được ghi thêm hay sửa, chỉ còn đóng"
    with pytest.raises(ConflictError, match=message):
        cases.add_service(ServiceInput(case_id, KIND_COUNSELLING, "21/11/2026"))
    with pytest.raises(ConflictError, match=message):
        cases.plan_follow_up(case_id, date(2026, 12, 1))
    with pytest.raises(ConflictError, match=message):
        cases.record_follow_up(follow_up, date(2026, 11, 21))
    with pytest.raises(ConflictError, match=message):
        cases.update_identity(case_id, _person(name="Lò Thị Hường"))
    with pytest.raises(ConflictError, match=message):
        cases.update(case_id, _case(office, needs="Vay vốn"))
    with pytest.raises(ConflictError, match=message):  # closing and editing at once is still an edit
        cases.update(case_id, _case(office, needs="Vay vốn", status=STATUS_CLOSED, close_reason="Rút đồng ý"))
    assert cases.services(case_id) == [] and cases.follow_ups(case_id)[0].done_on is None
    assert cases.detail(case_id).case.needs == "Học nghề"
    assert cases.identity(case_id).full_name == "Lò Thị Hương"  # kept for the retention time
    assert cases.due_follow_ups() == [] and cases.without_contact() == []  # nobody is sent to contact them
    cases.update(case_id, _case(office, status=STATUS_CLOSED, close_reason="Người được hỗ trợ rút đồng ý"))
    assert cases.detail(case_id).case.status == STATUS_CLOSED


def test_the_log_keeps_the_withdrawal_without_personal_data(office: Services, cases: CaseService) -> None:
    case_id, _ = cases.create(_case(office), _person())
    cases.withdraw_consent(
        case_id, WithdrawalInput("20/11/2026", "ghi_am", "Chị Hương gọi điện, số 0912345678")
    )
    entries = [e for e in _log(office) if e[1] == "withdraw_consent"]
    assert entries == [
        (case_id, "withdraw_consent", '{"withdrawal_way": "ghi_am", "withdrawn_on": "2026-11-20"}')
    ]
    text = " ".join(e[2] for e in _log(office))
    for secret in ("Hương", "0912345678", "014198001234", "gọi điện"):
        assert secret not in text
    office.db.actor = Actor(None, "qt", ROLE_ADMIN)
    from desktop_app.domain.audit import AuditFilter

    shown = [r for r in office.audit.entries(AuditFilter(entity="case")).rows if "Rút" in r.action_label]
    assert len(shown) == 1
    assert shown[0].detail == "Cách rút lại: Cuộc gọi có ghi âm; Ngày rút lại đồng ý: 20/11/2026"
    consent = [r for r in office.audit.entries(AuditFilter(entity="case")).rows if r.action == "consent"]
    assert consent[0].action_label == "Ghi nhận đồng ý xử lý dữ liệu"
    assert consent[0].detail == "Ngày đồng ý: 03/02/2026; Cách đồng ý: Đồng ý bằng văn bản"


def test_withdrawn_cases_leave_the_identity_export_and_stay_in_the_counts(
    office: Services, tmp_path: Path
) -> None:
    office.db.actor = WORKER
    kept, _ = office.cases.create(_case(office), _person())
    gone, _ = office.cases.create(_case(office), _person("Quàng Thị Lan", "014198005678"))
    office.cases.add_service(ServiceInput(gone, KIND_COUNSELLING, "05/02/2026"))
    office.cases.withdraw_consent(gone, WithdrawalInput("10/02/2026", "van_ban"))
    target = tmp_path / "ho-so.xlsx"
    assert office.case_transfer.export(target, PASSWORD) == 1
    with target.open("rb") as fh:
        encrypted = msoffcrypto.OfficeFile(fh)
        encrypted.load_key(password=PASSWORD)
        plain = io.BytesIO()
        encrypted.decrypt(plain)
    ws = load_workbook(plain).active
    values = [str(c.value) for row in ws.iter_rows(min_row=6) for c in row if c.value is not None]
    assert "HS-2026-0001" in values and "Lò Thị Hương" in values
    assert "HS-2026-0002" not in values and "Quàng Thị Lan" not in values
    figures = office.cases.figures(Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert figures.new_cases == 2 and figures.people_supported == 1  # anonymous counts keep the case
    assert kept != gone


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_notice_carries_what_article_9_asks_on_one_page(
    office: Services, cases: CaseService, tmp_path: Path
) -> None:
    case_id, code = cases.create(_case(office), _person())
    target = tmp_path / "thong-bao.pdf"
    cases.print_consent_notice(target, case_id)
    laid_out = _text(target)
    text = " ".join(laid_out.split())
    assert "\f" not in laid_out.rstrip("\f")  # one page
    assert not any(line.rstrip().endswith("-") for line in laid_out.splitlines())  # no word is hyphenated
    for element in (
        "Căn cứ Điều 4 và Điều 9 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
        "Bên kiểm soát dữ liệu cá nhân:",
        "Loại dữ liệu được xử lý:",
        "Mục đích xử lý:",
        "Thời gian lưu giữ: trong thời gian hỗ trợ và 05 năm",
        "Quyền của Ông/Bà",
        "yêu cầu rút lại sự đồng ý",
        "NGƯỜI ĐƯỢC THÔNG BÁO",
        f"hồ sơ hỗ trợ mã số {code}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ):
        assert element in text
    for secret in ("Hương", "014198001234", "0912345678"):
        assert secret not in text  # the name is written by hand
    assert [e[1] for e in _log(office)].count("consent") == 1
    cases.withdraw_consent(case_id, WithdrawalInput("20/11/2026", "van_ban"))
    with pytest.raises(ConflictError, match="đã rút lại sự đồng ý"):
        cases.print_consent_notice(tmp_path / "lai.pdf", case_id)
    assert not (tmp_path / "lai.pdf").exists()
    office.db.actor = Actor(None, "khac", ROLE_STAFF)
    with pytest.raises(PermissionDenied):
        cases.print_consent_notice(tmp_path / "x.pdf", case_id)


def test_the_office_can_adjust_the_notice(tmp_path: Path) -> None:
    own = tmp_path / "mau"
    own.mkdir()
    (own / "consent_notice.txt").write_text(
        "# mẫu riêng\nBên kiểm soát dữ liệu cá nhân: ${co_quan}.\n\n"
        "Liên hệ: ${ma_ho_so}, giữ ${so_nam_luu} năm.\n",
        encoding="utf-8",
    )
    target = tmp_path / "tb.pdf"
    office = FormOffice("Ủy ban nhân dân phường Tô Hiệu", "Tỉnh Sơn La", "Tô Hiệu")
    write_consent_notice(
        target, office, ConsentNotice("HS-2026-0003", 7, date(2026, 3, 5)), templates_dir=own
    )
    text = " ".join(_text(target).split())
    assert "1. Bên kiểm soát dữ liệu cá nhân: Ủy ban nhân dân phường Tô Hiệu." in text
    assert "2. Liên hệ: HS-2026-0003, giữ 07 năm." in text
    assert "Tô Hiệu, ngày 05 tháng 3 năm 2026" in text
