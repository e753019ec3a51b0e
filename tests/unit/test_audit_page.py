"""The administrator's audit page: filters, readable entries, exports recorded in the log, the xlsx export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.audit import AuditFilter, describe_changes
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.security import ROLE_STAFF, Actor, PermissionDenied
from desktop_app.exports.atomic import ExportError
from desktop_app.services.app_services import Services
from desktop_app.services.audit import AuditService
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, FixedClock, add_account, sample_input


@pytest.fixture
def logged(office: Services) -> Services:
    """Two people at work: the administrator sets up a clerk, the clerk records and edits businesses."""
    password = add_account(office, "lan", "Phạm Thị Lan", ROLE_STAFF)
    office.users.sign_in("lan", password)
    first = office.businesses.create(sample_input(office, name="Nhà nghỉ Bình An", registration_number="A1"))
    data = sample_input(office, name="Nhà nghỉ Bình An 2", registration_number="A1", owner_phone="0987654321")
    office.businesses.update(first, data)
    office.users.sign_out()
    office.users.sign_in(ADMIN_USER, ADMIN_PASSWORD)
    return office


def test_entries_filter_by_user_kind_and_date(logged: Services) -> None:
    audit = logged.audit
    everything = audit.entries(AuditFilter())
    assert everything.total == len(everything.rows) >= 8
    assert [r.id for r in everything.rows] == sorted((r.id for r in everything.rows), reverse=True)
    lan = audit.entries(AuditFilter(actor="lan"))
    assert {r.actor for r in lan.rows} == {"lan"}
    assert [(r.entity, r.action) for r in reversed(lan.rows)] == [
        ("user", "login"),  # first sign-in: she chooses her own password
        ("user", "password"),
        ("user", "logout"),
        ("user", "login"),
        ("business", "create"),
        ("business", "update"),
        ("user", "logout"),
    ]
    update = next(r for r in lan.rows if r.action == "update")
    assert update.entity_label == "Cơ sở kinh doanh" and update.action_label == "Sửa"
    assert "Tên: Nhà nghỉ Bình An → Nhà nghỉ Bình An 2" in update.detail
    assert "Điện thoại: ***" in update.detail and "0987654321" not in update.detail  # masked
    users = audit.entries(AuditFilter(entity="user"))
    assert {r.entity for r in users.rows} == {"user"}
    today = datetime.now().date()
    assert audit.entries(AuditFilter(date_from=today, date_to=today)).total == everything.total
    assert audit.entries(AuditFilter(date_to=date(2020, 1, 1))).total == 0
    with pytest.raises(ValidationErrors):
        audit.entries(AuditFilter(date_from=today, date_to=date(2020, 1, 1)))
    assert audit.entries(AuditFilter(), limit=3).total == everything.total
    assert "lan" in audit.actors() and ADMIN_USER in audit.actors()


def test_only_an_administrator_reads_the_log(logged: Services) -> None:
    logged.db.actor = Actor(None, "lan", ROLE_STAFF)
    with pytest.raises(PermissionDenied):
        logged.audit.entries(AuditFilter())
    with pytest.raises(PermissionDenied):
        logged.audit.export("x.xlsx", AuditFilter())


def test_failed_sign_ins_read_plainly() -> None:
    assert describe_changes('{"reason": "password"}') == "sai mật khẩu"
    assert describe_changes('{"status": {"old": "active", "new": null}}') == "Trạng thái: Đang hoạt động → ∅"
    assert describe_changes('{"role": "lanh_dao", "x": true}') == "Vai trò: Lãnh đạo; x: có"
    assert describe_changes("not json") == "not json"


def test_entries_read_in_the_clerks_words_money_and_dates() -> None:
    """Codes by their labels, money in đồng with dots, dates dd/mm/yyyy: never 'hoc_nghe' or ISO dates."""
    assert describe_changes('{"kind": "hoc_nghe", "service": 4}') == "Loại: Học nghề; Lần hỗ trợ (mã): 4"
    assert (
        describe_changes('{"status": {"old": "dang_ho_tro", "new": "on_dinh"}}')
        == "Trạng thái: Đang hỗ trợ → Ổn định – hòa nhập"
    )
    assert (
        describe_changes('{"amount_vnd": 5000000, "service": 2}')
        == "Số tiền: 5.000.000 đ; Lần hỗ trợ (mã): 2"
    )
    assert describe_changes('{"planned_on": "2026-03-05"}') == "Ngày dự kiến: 05/03/2026"
    assert describe_changes('{"until": "2026-03-05T14:07:09.123456"}') == "Khóa đến: 05/03/2026 14:07"
    assert (
        describe_changes('{"result": "penalty", "fine_vnd": 1500000, "visit_date": "2026-01-31"}')
        == "Kết quả: Xử phạt vi phạm hành chính; Tiền phạt: 1.500.000 đ; Ngày kiểm tra: 31/01/2026"
    )
    assert (
        describe_changes('{"kind": "businesses", "format": "xlsx"}')
        == "Loại: danh sách cơ sở; Định dạng: xlsx"
    )
    assert describe_changes('{"form": "loudspeaker", "outcome": "not_found"}') == (
        "Hình thức: Loa truyền thanh; Kết quả: Không tìm thấy"
    )
    assert describe_changes('{"name": "Nhà nghỉ 2026-01-01 B"}') == "Tên: Nhà nghỉ 2026-01-01 B"


def test_every_export_is_in_the_log_and_a_failed_one_is_not(logged: Services, tmp_path: Path) -> None:
    before = logged.audit.entries(AuditFilter(entity="export")).total
    assert logged.transfer.export(tmp_path / "Danh sách Nguyễn Văn A.xlsx") == 1
    logged.commitment_transfer.export(tmp_path / "cam-ket.xlsx")
    logged.inspection_transfer.export(tmp_path / "kiem-tra.xlsx")
    with pytest.raises(ExportError):
        logged.transfer.export(tmp_path / "khong-co-thu-muc" / "x.xlsx")
    exports = logged.audit.entries(AuditFilter(entity="export")).rows
    assert len(exports) == before + 3
    assert [r.detail for r in reversed(exports[:3])] == [
        "Định dạng: xlsx; Loại: danh sách cơ sở; Số dòng: 1",
        "Định dạng: xlsx; Loại: danh sách cam kết; Số dòng: 0",
        "Định dạng: xlsx; Loại: danh sách lượt kiểm tra; Số dòng: 0",
    ]
    assert all("Nguyễn" not in r.changes for r in exports)  # never the file's name
    assert logged.audit.problems() == []


def test_the_log_exports_to_excel(logged: Services, tmp_path: Path) -> None:
    audit = AuditService(logged.db, now=FixedClock(datetime(2026, 11, 25, 15, 0)))
    target = tmp_path / "nhat-ky.xlsx"
    count = audit.export(target, AuditFilter(actor="lan"))
    assert count == 7
    ws = load_workbook(target).active
    assert ws["A2"].value == "NHẬT KÝ THAO TÁC TRÊN DỮ LIỆU"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6) if row[0].value is not None]
    assert [r[5] for r in rows][3:] == ["Đăng nhập", "Thêm", "Sửa", "Đăng xuất"]
    assert {r[2] for r in rows} == {"lan"} and isinstance(rows[0][1], datetime)
    last = audit.entries(AuditFilter(entity="export")).rows[0]
    assert (last.actor, last.action, last.detail) == (
        ADMIN_USER,
        "export",
        "Định dạng: xlsx; Loại: nhật ký; Số dòng: 7",
    )
