"""Businesses' dated status changes and employees' commitments in and out as lists: each row's business found
as the other lists find it, an office's messy file checked row by row, the status history kept in date
order whatever the file's order, and an exported list imported into an empty office and exported again
unchanged."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.commitments import EmployeeInput
from desktop_app.imports.employees import EMPLOYEE_SPEC
from desktop_app.imports.outcomes import DUPLICATE, ERROR, OK
from desktop_app.imports.status_changes import STATUS_CHANGE_SPEC, status_code
from desktop_app.services.app_services import Services
from tests.conftest import sample_input
from tests.unit.register_lists_helpers import listed, other_office, workbook


def _businesses(services: Services) -> dict[str, int]:
    ids = {
        "Nhà nghỉ Hoàng Long": services.businesses.create(sample_input(services)),
        "Karaoke Ánh Dương": services.businesses.create(
            sample_input(services, name="Karaoke Ánh Dương", registration_number="24A8005678")
        ),
    }
    communes = {c.name: c.id for c in services.office.communes()}
    ids["Nhà nghỉ Bình An"] = services.businesses.create(
        sample_input(
            services, name="Nhà nghỉ Bình An", registration_number="", commune_id=communes["Xã Cò Nòi"]
        )
    )
    return ids


def test_status_words_as_offices_write_them() -> None:
    assert status_code("Tạm ngừng") == "suspended"
    assert status_code("ĐÃ NGỪNG HOẠT ĐỘNG") == "closed"
    assert status_code("Hoạt động lại") == "active"
    assert status_code("Giải thể") == "closed"
    assert status_code("sắp đóng") is None


def _changes(path: Path) -> Path:
    return workbook(
        path,
        ["TT", "Tên cơ sở kinh doanh", "Số ĐKKD", "Xã", "Tình trạng", "Ngày thay đổi", "Lý do thay đổi"],
        [
            [1, "", "24A8005678", "", "Đã ngừng hoạt động", datetime(2026, 3, 1), "Giải thể"],
            [2, "Nhà nghỉ Hoàng Long", "", "Mường Bon", "Tạm ngừng", "01/02/2025", "Sửa chữa"],
            [3, "Nhà nghỉ Hoàng Long", "", "Mường Bon", "Hoạt động lại", "01/06/2025", ""],
            [4, "Nhà nghỉ Bình An", "", "Cò Nòi", "Tạm ngừng", "30/02/2025", ""],
            [5, "Nhà nghỉ Bình An", "", "Cò Nòi", "Ngừng", "", ""],
            [6, "Nhà nghỉ Bình An", "", "Cò Nòi", "Đóng cửa tạm", "01/03/2025", ""],
            [7, "Nhà nghỉ Bình An", "", "Cò Nòi", "Tạm ngừng", "01/01/2019", ""],  # before its registration
            [8, "Nhà nghỉ Không Có", "", "Cò Nòi", "Tạm ngừng", "01/03/2025", ""],
            [9, "Nhà nghỉ Bình An", "", "Cò Nòi", "Hoạt động lại", "01/03/2025", ""],  # it is active then
            [10, "Nhà nghỉ Hoàng Long", "24A8001234", "Mường Bon", "Tạm ngừng", "01/02/2025", ""],  # row 5
            [11, "Nhà nghỉ Bình An", "", "Cò Nòi", "Tạm ngừng", "01/12/2099", ""],
        ],
        "DANH SÁCH CƠ SỞ THAY ĐỔI TRẠNG THÁI",
    )


def test_a_messy_status_change_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    ids = _businesses(office)
    transfer = office.transfer_for("status-changes")
    preview = transfer.preview(_changes(tmp_path / "tt.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {
        4: OK,
        5: OK,
        6: OK,
        7: ERROR,
        8: ERROR,
        9: ERROR,
        10: ERROR,
        11: ERROR,
        12: ERROR,
        13: DUPLICATE,
        14: ERROR,
    }
    messages = {p.row: p.message for p in preview.problems}
    assert messages[7].startswith("Ngày đổi trạng thái: ")
    assert messages[8] == "Thiếu ngày đổi trạng thái."  # never a date made up
    assert messages[9].startswith("Trạng thái «Đóng cửa tạm» không rõ")
    assert messages[10].startswith("Ngày 01/01/2019 trước ngày cơ sở «Nhà nghỉ Bình An» được đưa vào")
    assert messages[11] == "Không tìm thấy cơ sở «Nhà nghỉ Không Có» ở Xã Cò Nòi."
    assert messages[12].startswith(
        "Cơ sở «Nhà nghỉ Bình An» đã ở trạng thái «Đang hoạt động» từ ngày 05/03/2020"
    )
    assert messages[13] == "Trùng với dòng 5 của tệp."
    assert messages[14] == "Ngày đổi trạng thái 01/12/2099 ở tương lai."
    assert office.businesses.row(ids["Karaoke Ánh Dương"]).status == "active"  # a preview writes nothing
    assert transfer.commit(preview) == 3
    closed = office.businesses.detail(ids["Karaoke Ánh Dương"])
    assert (closed.status, closed.status_since) == ("closed", date(2026, 3, 1))
    assert [(e.status, e.effective_on, e.note) for e in closed.history][1:] == [
        ("closed", date(2026, 3, 1), "Giải thể")
    ]
    reopened = office.businesses.detail(ids["Nhà nghỉ Hoàng Long"])
    assert (reopened.status, reopened.status_since) == ("active", date(2025, 6, 1))
    assert [e.label for e in reopened.history] == ["Đang hoạt động", "Tạm ngừng", "Hoạt động lại"]
    again = transfer.preview(tmp_path / "tt.xlsx")
    assert again.count(OK) == 0 and again.count(DUPLICATE) == 4


def test_an_older_change_keeps_the_current_status(office: Services, tmp_path: Path) -> None:
    """A file of the office's history may come after later changes were recorded: the business keeps the
    status of its latest change, the older one goes into its history in date order."""
    business = _businesses(office)["Karaoke Ánh Dương"]
    office.businesses.change_status(business, "closed", "01/10/2026")
    path = workbook(
        tmp_path / "cu.xlsx",
        ["Tên cơ sở", "Xã/phường", "Trạng thái mới", "Ngày đổi trạng thái"],
        [
            ["Karaoke Ánh Dương", "Xã Mường Bon", "Tạm ngừng", "01/04/2026"],
            ["Karaoke Ánh Dương", "Xã Mường Bon", "Đã ngừng", "01/05/2026"],  # the closing, dated otherwise
        ],
        "",
    )
    preview = office.transfer_for("status-changes").preview(path)
    assert [r.outcome for r in preview.rows if r.outcome != "ignored"] == [OK, ERROR]
    assert preview.problems[0].message == (
        "Cơ sở «Karaoke Ánh Dương» đã được ghi «Đã ngừng» từ ngày 01/10/2026: "
        "hai ngày cho cùng một thay đổi. Kiểm tra lại ngày nào đúng."
    )
    assert office.transfer_for("status-changes").commit(preview) == 1
    detail = office.businesses.detail(business)
    assert (detail.status, detail.status_since) == ("closed", date(2026, 10, 1))
    assert [e.status for e in detail.history] == ["active", "suspended", "closed"]


def test_an_exported_status_change_list_imports_back_unchanged(office: Services, tmp_path: Path) -> None:
    ids = _businesses(office)
    businesses, first = tmp_path / "cs.xlsx", tmp_path / "tt1.xlsx"
    office.transfer.export(businesses)  # the register as it was before the changes
    office.businesses.change_status(ids["Nhà nghỉ Hoàng Long"], "suspended", "01/02/2025", "Sửa chữa")
    office.businesses.change_status(ids["Nhà nghỉ Hoàng Long"], "active", "01/06/2025")
    office.businesses.change_status(ids["Nhà nghỉ Bình An"], "closed", "15/03/2026", "Giải thể")
    assert office.transfer_for("status-changes").export(first, today=date(2026, 11, 23)) == 3
    header, rows = listed(first)
    assert tuple(header) == tuple(c.header for c in STATUS_CHANGE_SPEC.columns)
    closing = ["Nhà nghỉ Bình An", "Xã Cò Nòi", None, "Đã ngừng", datetime(2026, 3, 15), "Giải thể"]
    assert rows[2][1:] == closing
    with other_office(tmp_path) as other:
        other.transfer.commit(other.transfer.preview(businesses))
        preview = other.transfer_for("status-changes").preview(first)
        assert [r.outcome for r in preview.rows] == [OK, OK, OK]
        assert other.transfer_for("status-changes").commit(preview) == 3
        second = tmp_path / "tt2.xlsx"
        other.transfer_for("status-changes").export(second, today=date(2026, 11, 23))
    assert listed(second) == listed(first)


def _employees(path: Path) -> Path:
    return workbook(
        path,
        ["STT", "Cơ sở", "Số ĐKKD", "Xã", "Họ tên NLĐ", "Ngày tháng năm sinh", "CCCD", "Vị trí", "Ngày ký"],
        [
            [
                1,
                "Nhà nghỉ Hoàng Long",
                "",
                "Mường Bon",
                "Lò Thị Mai",
                "12/05/2000",
                "014300001234",
                "Lễ tân",
                "05/03/2025",
            ],
            [
                2,
                "",
                "24A8005678",
                "",
                "Quàng Văn Nam",
                datetime(1998, 1, 2),
                "",
                "Bảo vệ",
                datetime(2025, 3, 6),
            ],
            [3, "Nhà nghỉ Hoàng Long", "", "Mường Bon", "Cà Thị Dung", "", "", "", ""],
            [4, "Nhà nghỉ Hoàng Long", "", "Mường Bon", "Tòng Văn Hải", "", "12345", "", "05/03/2025"],
            [5, "Nhà nghỉ Hoàng Long", "", "Mường Bon", "", "", "", "", "05/03/2025"],
            [
                6,
                "Nhà nghỉ Hoàng Long",
                "",
                "Mường Bon",
                "LÒ THỊ MAI",
                "12/05/2000",
                "014300001234",
                "",
                "06/03/2025",
            ],
            [7, "Nhà nghỉ Hoàng Long", "", "Mường Bon", "Lường Thị Hoa", "", "", "", "32/01/2025"],
        ],
        "DANH SÁCH NGƯỜI LAO ĐỘNG KÝ CAM KẾT",
    )


def test_a_messy_employee_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    ids = _businesses(office)
    transfer = office.transfer_for("employees")
    preview = transfer.preview(_employees(tmp_path / "nld.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {4: OK, 5: OK, 6: ERROR, 7: ERROR, 8: ERROR, 9: DUPLICATE, 10: ERROR}
    messages = {p.row: p.message for p in preview.problems}
    assert messages[6] == "Thiếu ngày ký cam kết."
    assert {p.field for p in preview.problems if p.row == 7} == {"id_number"}
    assert {p.field for p in preview.problems if p.row == 8} == {"full_name"}
    assert messages[9] == "Trùng với dòng 4 của tệp."
    assert messages[10].startswith("Ngày ký cam kết: ")
    assert office.commitments.employees(ids["Nhà nghỉ Hoàng Long"]) == []
    assert transfer.commit(preview) == 2
    mai = office.commitments.employees(ids["Nhà nghỉ Hoàng Long"])[0]
    assert (mai.full_name, mai.birth_date, mai.id_number, mai.position) == (
        "Lò Thị Mai",
        date(2000, 5, 12),
        "014300001234",
        "Lễ tân",
    )
    assert office.commitments.employees(ids["Karaoke Ánh Dương"])[0].signed_on == date(2025, 3, 6)
    again = transfer.preview(tmp_path / "nld.xlsx")
    assert again.count(OK) == 0 and again.count(DUPLICATE) == 3


def test_an_exported_employee_list_imports_back_unchanged(office: Services, tmp_path: Path) -> None:
    ids = _businesses(office)
    add = office.commitments.add_employee
    add(
        EmployeeInput(
            ids["Karaoke Ánh Dương"], "Quàng Văn Nam", "02/01/1998", "", "Bảo vệ", None, "06/03/2025"
        )
    )
    add(
        EmployeeInput(
            ids["Nhà nghỉ Bình An"], "Lò Thị Mai", None, "014300001234", "", "01/01/2025", "05/03/2025"
        )
    )
    businesses, first = tmp_path / "cs.xlsx", tmp_path / "n1.xlsx"
    office.transfer.export(businesses)
    assert office.transfer_for("employees").export(first, today=date(2026, 11, 23)) == 2
    header, rows = listed(first)
    assert tuple(header) == tuple(c.header for c in EMPLOYEE_SPEC.columns)
    assert rows[0][1:5] == ["Karaoke Ánh Dương", "Xã Mường Bon", "24A8005678", "Quàng Văn Nam"]
    with other_office(tmp_path) as other:
        other.transfer.commit(other.transfer.preview(businesses))
        preview = other.transfer_for("employees").preview(first)
        assert [r.outcome for r in preview.rows] == [OK, OK]
        assert other.transfer_for("employees").commit(preview) == 2
        second = tmp_path / "n2.xlsx"
        other.transfer_for("employees").export(second, today=date(2026, 11, 23))
    assert listed(second) == listed(first)
