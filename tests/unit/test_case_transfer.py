"""Case lists in and out: an office's list imported (checked, duplicates found, identities to the protected
store), exported only with a password, and only by a role that may see identities."""

from __future__ import annotations

import io
import os
import sys
from datetime import date, datetime
from pathlib import Path

import msoffcrypto
import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.cases import CaseInput, IdentityInput
from desktop_app.domain.errors import ConflictError, DomainError, ValidationError
from desktop_app.domain.security import ROLE_LEADER, ROLE_STAFF, ROLE_SUPPORT, SYSTEM, Actor, PermissionDenied
from desktop_app.services.app_services import Services, open_services
from tests.conftest import configure

WORKER = Actor(None, "mai.vt", ROLE_SUPPORT)
PASSWORD = "mat-khau-tep-hs"


def _list(path: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["DANH SÁCH NGƯỜI ĐƯỢC HỖ TRỢ"])
    ws.append([])
    ws.append(
        [
            "TT",
            "Họ tên",
            "Năm sinh",
            "Giới",
            "Số CCCD",
            "Nơi cư trú",
            "Xã",
            "SĐT",
            "Ngày lập hồ sơ",
            "Ngày đồng ý",
            "Trạng thái",
        ]
    )
    ws.append(
        [
            1,
            "Lò Thị Hương",
            1998,
            "Nữ",
            "014198001234",
            "Bản Nà Sản",
            "Mường Bon",
            "0912345678",
            datetime(2025, 3, 4),
            datetime(2025, 3, 4),
            "Đang hỗ trợ",
        ]
    )
    ws.append(
        [
            2,
            "Quàng Thị Lan",
            "12/05/1995",
            "nữ",
            14195005678,
            "",
            "Xã Cò Nòi",
            "",
            "05/06/2025",
            "",
            "Đã đóng",
        ]
    )
    ws.append([3, "", 1990, "Nữ", "", "", "Xã Cò Nòi", "", "05/06/2025", "", ""])
    ws.append([4, "Cà Thị Dung", 2001, "Nữ", "", "", "Xã Không Có", "", "05/06/2025", "", ""])
    ws.append([5, "LO THI HUONG", 1998, "Nữ", "", "", "Xã Mường Bon", "", "06/06/2025", "", ""])
    ws.append([6, "Tòng Thị Hoa", 1999, "Nữ", "099199001111", "", "Xã Cò Nòi", "", "07/06/2025", "", ""])
    workbook.save(path)
    return path


def _existing(services: Services) -> None:
    commune = next(c for c in services.office.communes() if c.name == "Xã Cò Nòi")
    services.cases.create(
        CaseInput("01/01/2025", commune.id, consent_on="01/01/2025", consent_way="van_ban"),
        IdentityInput("Người Khác", birth_year="1980", id_number="099199001111"),
    )


def test_a_case_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    _existing(office)
    preview = office.case_transfer.preview(_list(tmp_path / "ds.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows}
    assert outcomes == {4: "ok", 5: "warning", 6: "error", 7: "error", 8: "duplicate", 9: "duplicate"}
    messages = {p.row: p.message for p in preview.problems}
    assert "Thiếu" in messages[6] or "họ và tên" in messages[6].lower()
    assert "Không Có" in str([p.value for p in preview.problems if p.row == 7])
    assert "dòng 4" in messages[8] and "HS-2025-0001" in messages[9]
    second = next(r.record for r in preview.rows if r.row == 5)
    assert second.identity.id_number == "014195005678"  # the leading zero Excel dropped is back
    assert second.identity.birth_date == date(1995, 5, 12) and second.case.status == "dong"
    assert second.case.consent_way == "quy_dinh"  # no consent date in the list: the legal basis, flagged
    with pytest.raises(DomainError, match="không ghi các dòng chưa nhập"):
        office.case_transfer.save_rejected(preview, tmp_path / "loi.xlsx")
    assert office.case_transfer.commit(preview) == 2
    codes = [r.code for r in office.cases.rows()]
    assert codes == ["HS-2025-0001", "HS-2025-0002", "HS-2025-0003"]
    log = " ".join(r.changes for r in _entries(office))
    assert "Hương" not in log and "014198001234" not in log


def _entries(services: Services) -> list:  # type: ignore[type-arg]
    saved = services.db.actor
    services.db.actor = SYSTEM
    try:
        return services.audit.entries(AuditFilter(entity="case")).rows
    finally:
        services.db.actor = saved


def test_only_a_role_that_sees_identities_imports_or_exports(office: Services, tmp_path: Path) -> None:
    path = _list(tmp_path / "ds.xlsx")
    for role in (ROLE_STAFF, ROLE_LEADER):
        office.db.actor = Actor(None, "khac", role)
        with pytest.raises(PermissionDenied):
            office.case_transfer.preview(path)
        with pytest.raises(PermissionDenied):
            office.case_transfer.export(tmp_path / "x.xlsx", PASSWORD)
    assert not (tmp_path / "x.xlsx").exists()


def test_the_export_opens_only_with_its_password_and_imports_back(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    office.case_transfer.commit(office.case_transfer.preview(_list(tmp_path / "ds.xlsx")))
    target = tmp_path / "ho-so.xlsx"
    with pytest.raises(ValidationError, match="ít nhất 8"):
        office.case_transfer.export(target, "ngan")
    assert not target.exists()
    assert office.case_transfer.export(target, PASSWORD) == 3
    assert "Hương".encode() not in target.read_bytes()
    with target.open("rb") as fh:
        encrypted = msoffcrypto.OfficeFile(fh)
        assert encrypted.is_encrypted()
        encrypted.load_key(password=PASSWORD)
        plain = io.BytesIO()
        encrypted.decrypt(plain)
    ws = load_workbook(plain).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6) if row[0].value]
    codes = ["HS-2025-0001", "HS-2025-0002", "HS-2025-0003"]
    assert [r[0] for r in rows] == codes
    assert rows[0][1] == "Lò Thị Hương" and rows[0][4] == "014198001234"
    assert [e.action for e in _entries(office)].count("import") == 3
    assert [e.action for e in _entries(office)].count("consent") == 3  # each case's consent, logged
    office.db.actor = SYSTEM
    exported = office.audit.entries(AuditFilter(entity="export")).rows[0]
    assert (exported.actor, exported.detail) == (
        "mai.vt",
        "Định dạng: xlsx; Loại: danh sách hồ sơ hỗ trợ (có mật khẩu); Số dòng: 3",
    )
    office.db.actor = WORKER
    plain_copy = tmp_path / "mo-khoa.xlsx"
    plain_copy.write_bytes(plain.getvalue())
    other = open_services(tmp_path / "khac.sqlite3", actor=SYSTEM)
    try:
        configure(other)
        other.db.actor = WORKER
        preview = other.case_transfer.preview(plain_copy)
        assert other.case_transfer.commit(preview) == 3
        assert [r.code for r in other.cases.rows()] == codes
        names = {other.cases.identity(r.id).full_name for r in other.cases.rows()}
        assert names == {"Lò Thị Hương", "Quàng Thị Lan", "Tòng Thị Hoa"}
    finally:
        other.close()


def test_command_line_import_and_protected_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_cli

    db = tmp_path / "cli.sqlite3"
    services = open_services(db, actor=SYSTEM)
    configure(services)
    services.close()
    code, out, err = run_cli(capsys, "--db", str(db), "import", "cases", str(_list(tmp_path / "ds.xlsx")))
    assert code == 1, err  # some rows were rejected
    assert "Đã nhập 3 hồ sơ hỗ trợ" in out
    target = tmp_path / "hs.xlsx"
    monkeypatch.delenv("PCMD_FILE_PASSWORD", raising=False)
    with open(os.devnull) as not_a_terminal:
        monkeypatch.setattr(sys, "stdin", not_a_terminal)
        code, _, err = run_cli(capsys, "--db", str(db), "export", "cases", str(target))
    assert code == 1 and "PCMD_FILE_PASSWORD" in err and not target.exists()
    monkeypatch.setenv("PCMD_FILE_PASSWORD", PASSWORD)
    code, out, err = run_cli(capsys, "--db", str(db), "export", "cases", str(target))
    assert code == 0, err
    assert "Đã xuất 3 hồ sơ hỗ trợ" in out
    with target.open("rb") as fh:
        assert msoffcrypto.OfficeFile(fh).is_encrypted()
    code, _, _ = run_cli(capsys, "--db", str(db), "template", "cases", str(tmp_path / "mau.xlsx"))
    headers = [c.value for c in load_workbook(tmp_path / "mau.xlsx").active[5]]
    assert code == 0 and headers[:3] == ["STT", "Họ và tên", "Ngày/năm sinh"]


def _people(path: Path, people: list[tuple[str, int, str, str]]) -> Path:
    """A case list of (name, birth year, CCCD, commune), all taken in on 05/06/2025."""
    workbook = Workbook()
    ws = workbook.active
    ws.append(["TT", "Họ tên", "Năm sinh", "Giới", "Số CCCD", "Xã", "Ngày lập hồ sơ", "Ngày đồng ý"])
    for i, (name, year, number, commune) in enumerate(people, start=1):
        ws.append([i, name, year, "Nữ", number, commune, "05/06/2025", "05/06/2025"])
    workbook.save(path)
    return path


def test_duplicates_are_looked_up_not_compared_with_every_case(
    office: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row costs a few comparisons however many cases are kept: 2,000 rows took 47 s when every row
    was compared with every stored identity and every earlier row."""
    from desktop_app.domain.cases import duplicates as domain_cases
    from desktop_app.imports import cases as import_cases
    from desktop_app.services import case_transfer

    office.db.actor = WORKER
    kept = [(f"Người Cũ {i:03d}", 1970 + i % 30, f"0011{i:08d}", "Xã Cò Nòi") for i in range(150)]
    office.case_transfer.commit(office.case_transfer.preview(_people(tmp_path / "cu.xlsx", kept)))
    rows = [(f"Người Mới {i:03d}", 1980 + i % 20, f"0022{i:08d}", "Mường Bon") for i in range(200)]
    rows += [
        ("Người khác", 1990, kept[7][2], "Mường Bon"),  # the CCCD of a kept case
        ("NGUOI CU 012", kept[12][1], "", "Xã Cò Nòi"),  # name, year and commune of a kept case
        ("Người Mới 005", 1985, "", "Mường Bon"),  # name, year and commune of row 7 of this file
        ("Trùng Số", 1991, rows[9][2], "Xã Cò Nòi"),  # the CCCD of row 11 of this file
    ]
    real = domain_cases.duplicate_reason
    calls = 0

    def counted(*args: object) -> str | None:
        nonlocal calls
        calls += 1
        return real(*args)  # type: ignore[arg-type]

    for module in (domain_cases, import_cases, case_transfer):
        monkeypatch.setattr(module, "duplicate_reason", counted, raising=False)
    preview = office.case_transfer.preview(_people(tmp_path / "moi.xlsx", rows))
    assert preview.count("ok") == 200 and preview.count("duplicate") == 4
    messages = [p.message for p in preview.problems if p.severity == "duplicate"]
    assert messages == [
        "Trùng số CCCD/CMND với hồ sơ HS-2025-0008.",
        "Trùng họ tên, năm sinh và xã, phường với hồ sơ HS-2025-0013.",
        "Trùng họ tên, năm sinh và xã, phường với dòng 7.",
        "Trùng số CCCD/CMND với dòng 11.",
    ]
    assert office.case_transfer.commit(preview) == 200
    assert 0 < calls <= 2 * len(rows), calls  # was rows × (kept + earlier rows), twice: 80,237 here


def test_a_case_recorded_since_the_preview_stops_the_import(office: Services, tmp_path: Path) -> None:
    office.db.actor = WORKER
    people = [(f"Người {i}", 1980 + i, f"0033{i:08d}", "Xã Cò Nòi") for i in range(3)]
    preview = office.case_transfer.preview(_people(tmp_path / "ds.xlsx", people))
    commune = next(c for c in office.office.communes() if c.name == "Xã Cò Nòi")
    office.cases.create(
        CaseInput("01/01/2025", commune.id, consent_on="01/01/2025", consent_way="van_ban"),
        IdentityInput("Người Đến Trước", birth_year="1970", id_number=people[2][2]),
    )
    with pytest.raises(ConflictError, match=r"HS-2025-0001 vừa được ghi .*trùng số cccd"):
        office.case_transfer.commit(preview)
    assert [r.code for r in office.cases.rows()] == ["HS-2025-0001"]
