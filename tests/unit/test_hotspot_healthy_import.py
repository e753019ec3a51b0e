"""Hot-spots and the yearly healthy-commune statuses in and out as lists: an office's messy file checked row
by row (synonyms, header below a title, bad dates reported per row), an exported list imported into an
empty office and exported again unchanged."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.activities import HealthyStatusInput
from desktop_app.domain.inspections import HotspotInput
from desktop_app.imports.healthy_communes import HEALTHY_SPEC
from desktop_app.imports.hotspots import HOTSPOT_SPEC
from desktop_app.imports.outcomes import DUPLICATE, ERROR, OK
from desktop_app.services.app_services import Services
from tests.unit.register_lists_helpers import listed, other_office, workbook


def _hotspots(path: Path) -> Path:
    return workbook(
        path,
        ["TT", "Tụ điểm", "Xã", "Phát hiện ngày", "Ngày triệt phá", "Ghi chú"],
        [
            [1, "Bãi đất trống cạnh chợ", "Mường Bon", datetime(2025, 3, 5), "20/06/2025", "đã giải tỏa"],
            [2, "Quán nước ngã ba", "Xã Cò Nòi", "31/02/2025", "", ""],
            [3, "Nhà trọ bỏ hoang", "Cò Nòi", "10/01/2099", "", ""],
            [4, "Khu bến xe", "Xã Không Có", "10/01/2025", "", ""],
            [5, "Bãi đất trống cạnh chợ", "Xã Mường Bon", "05/03/2025", "", ""],  # row 4 again
            [6, "Gầm cầu", "TT Hát Lót", "10/05/2025", "01/05/2025", ""],
            [7, "Ven suối", "Xã Đông Hưng", 45800, "", ""],  # an Excel serial: 23/05/2025
        ],
        "DANH SÁCH TỤ ĐIỂM PHỨC TẠP VỀ MẠI DÂM",
    )


def test_a_messy_hotspot_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    transfer = office.transfer_for("hotspots")
    preview = transfer.preview(_hotspots(tmp_path / "td.xlsx"))
    assert preview.header.excel_row == 3
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {4: OK, 5: ERROR, 6: ERROR, 7: ERROR, 8: DUPLICATE, 9: ERROR, 10: OK}
    messages = {p.row: p.message for p in preview.problems}
    assert messages[5].startswith("Ngày phát hiện: ") and 4 not in messages
    assert [p.value for p in preview.problems if p.row == 5] == ["31/02/2025"]
    assert messages[6] == "Ngày phát hiện 10/01/2099 ở tương lai."
    assert messages[7] == "Xã, phường «Xã Không Có» không thuộc địa bàn quản lý."
    assert messages[8] == "Trùng với dòng 4 của tệp."
    assert messages[9] == "Ngày xóa bỏ không thể trước ngày phát hiện."
    assert office.inspections.hotspots() == []  # a preview writes nothing
    assert transfer.commit(preview) == 2
    found = {h.place: h for h in office.inspections.hotspots()}
    assert found["Bãi đất trống cạnh chợ"].eliminated_on == date(2025, 6, 20)
    assert found["Ven suối"].found_on == date(2025, 5, 23)
    assert found["Ven suối"].commune_name == "Xã Đông Hưng"
    again = transfer.preview(tmp_path / "td.xlsx")
    assert again.count(DUPLICATE) == 3 and again.count(OK) == 0


def test_an_exported_hotspot_list_imports_back_unchanged(office: Services, tmp_path: Path) -> None:
    communes = {c.name: c.id for c in office.office.communes()}
    office.inspections.save_hotspot(
        HotspotInput("Gầm cầu", communes["Xã Cò Nòi"], "01/02/2025", "01/08/2025")
    )
    office.inspections.save_hotspot(
        HotspotInput("Quán karaoke cũ", communes["Xã Mường Bon"], "03/04/2026", None, "x")
    )
    first = tmp_path / "td1.xlsx"
    assert office.transfer_for("hotspots").export(first, today=date(2026, 11, 23)) == 2
    header, rows = listed(first)
    assert tuple(header) == tuple(c.header for c in HOTSPOT_SPEC.columns)
    assert rows[0][:4] == [1, "Gầm cầu", "Xã Cò Nòi", datetime(2025, 2, 1)]
    with other_office(tmp_path) as other:
        preview = other.transfer_for("hotspots").preview(first)
        assert [r.outcome for r in preview.rows] == [OK, OK]
        assert other.transfer_for("hotspots").commit(preview) == 2
        second = tmp_path / "td2.xlsx"
        other.transfer_for("hotspots").export(second, today=date(2026, 11, 23))
    assert listed(second) == listed(first)


def _statuses(path: Path) -> Path:
    return workbook(
        path,
        ["STT", "Năm đánh giá", "Tên xã", "Đăng ký xây dựng xã lành mạnh", "Công nhận", "Số QĐ", "Ngày QĐ"],
        [
            [1, 2025, "Mường Bon", "x", "x", "15/QĐ-UBND", "20/12/2025"],
            [2, 2025.0, "Xã Cò Nòi", "Có", "", "", ""],
            [3, "2025", "Chiềng Mung", "", "Đã công nhận", "", ""],  # recognised implies registered
            [4, 2025, "Xã Đông Hưng", "không", "có", "", "31/13/2025"],
            [5, "năm ngoái", "TT Hát Lót", "có", "", "", ""],
            [6, 2025, "Mường Bon", "có", "", "", ""],  # row 4's commune and year again
            [7, 2025, "Xã Không Có", "có", "", "", ""],
            [8, 2026, "Xã Cò Nòi", "có lẽ", "", "", ""],
        ],
        "TÌNH HÌNH XÂY DỰNG XÃ, PHƯỜNG LÀNH MẠNH",
    )


def test_a_messy_healthy_commune_list_is_checked_row_by_row(office: Services, tmp_path: Path) -> None:
    transfer = office.transfer_for("healthy-communes")
    preview = transfer.preview(_statuses(tmp_path / "xlm.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {4: OK, 5: OK, 6: OK, 7: ERROR, 8: ERROR, 9: DUPLICATE, 10: ERROR, 11: ERROR}
    messages = {p.row: p.message for p in preview.problems}
    assert "decision_date" in {p.field for p in preview.problems if p.row == 7}
    assert messages[8] == "Nhập năm, ví dụ 2026."
    assert messages[9] == "Trùng với dòng 4 của tệp."
    assert messages[11] == "Đăng ký: «có lẽ» không rõ; ghi «Có» hoặc để trống."
    assert transfer.commit(preview) == 3
    by_name = {s.commune_name: s for s in office.activities.healthy_statuses(2025)}
    assert by_name["Xã Mường Bon"].recognised and by_name["Xã Mường Bon"].decision_number == "15/QĐ-UBND"
    assert by_name["Xã Mường Bon"].decision_date == date(2025, 12, 20)
    assert by_name["Xã Cò Nòi"].registered and not by_name["Xã Cò Nòi"].recognised
    assert by_name["Xã Chiềng Mung"].registered and by_name["Xã Chiềng Mung"].recognised
    assert not by_name["Xã Đông Hưng"].recorded
    again = transfer.preview(tmp_path / "xlm.xlsx")
    assert again.count(OK) == 0 and again.count(DUPLICATE) == 4
    assert "đã có trong sổ" in next(p.message for p in again.problems if p.row == 4)


def test_an_exported_healthy_commune_list_imports_back_unchanged(office: Services, tmp_path: Path) -> None:
    communes = {c.name: c.id for c in office.office.communes()}
    activities = office.activities
    activities.save_healthy_status(HealthyStatusInput(communes["Xã Cò Nòi"], 2024, True, False))
    activities.save_healthy_status(
        HealthyStatusInput(communes["Xã Cò Nòi"], 2025, True, True, "7/QĐ-UBND", "02/01/2026", "ghi chú")
    )
    activities.save_healthy_status(HealthyStatusInput(communes["Thị trấn Hát Lót"], 2025, True, False))
    first = tmp_path / "x1.xlsx"
    assert office.transfer_for("healthy-communes").export(first, today=date(2026, 11, 23)) == 3
    header, rows = listed(first)
    assert tuple(header) == tuple(c.header for c in HEALTHY_SPEC.columns)
    assert rows[0][1:5] == [2024, "Xã Cò Nòi", "Có", "Không"]
    with other_office(tmp_path) as other:
        preview = other.transfer_for("healthy-communes").preview(first)
        assert {r.outcome for r in preview.rows} == {OK}
        assert other.transfer_for("healthy-communes").commit(preview) == 3
        second = tmp_path / "x2.xlsx"
        other.transfer_for("healthy-communes").export(second, today=date(2026, 11, 23))
    assert listed(second) == listed(first)
