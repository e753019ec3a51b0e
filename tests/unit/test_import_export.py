"""Importing messy office lists (xlsx, xls, csv, NFD, TCVN3/VNI) and exporting the register."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.legacy_text import legacy_encoding, tcvn3_to_unicode, to_unicode, vni_to_unicode
from desktop_app.domain.security import SYSTEM
from desktop_app.exports.atomic import ExportError
from desktop_app.imports.readers import ImportFileError
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.transfer import TransferService
from desktop_app.storage.repositories import businesses as business_repo
from tests.conftest import configure, run_cli, sample_input

DATA = Path(__file__).resolve().parents[1] / "data"
MESSY = DATA / "businesses_messy.xlsx"

EXPECTED_MESSY = {
    7: "ok",
    8: "ok",
    9: "ok",
    10: "ignored",
    11: "ok",
    12: "error",
    13: "error",
    14: "error",
    15: "warning",
    16: "warning",
    17: "duplicate",
    18: "duplicate",
    19: "ok",
    20: "ignored",
    21: "ignored",
    22: "ignored",
    23: "ignored",
    24: "ignored",
}


def outcomes(services: Services, path: Path, sheet: str | None = None) -> dict[int, str]:
    return {r.row: r.outcome for r in services.transfer.preview(path, sheet).rows}


def by_name(services: Services) -> dict[str, object]:
    return {r.name: services.businesses.detail(r.id) for r in services.businesses.rows()}


def test_every_row_of_the_messy_workbook_gets_its_outcome(office: Services) -> None:
    preview = office.transfer.preview(MESSY)
    assert preview.sheet == "DS co so" and preview.header.excel_row == 6
    assert {r.row: r.outcome for r in preview.rows} == EXPECTED_MESSY
    assert preview.rows_read == 12
    problems = {(p.row, p.severity, p.field) for p in preview.problems}
    assert (12, "error", "name") in problems
    assert (13, "error", "type") in problems
    assert (14, "error", "commune") in problems
    assert {
        (15, "warning", "owner_id_number"),
        (15, "warning", "owner_phone"),
        (15, "warning", "registration_date"),
    } <= problems
    assert (16, "warning", "employees_female") in problems
    assert (17, "duplicate", "registration_number") in problems
    assert (18, "duplicate", "name") in problems
    messages = {p.row: p.message for p in preview.problems if p.severity != "warning"}
    assert messages[13] == "Loại hình «Kinh doanh vàng bạc» không có trong danh mục."
    assert messages[17] == "Trùng số ĐKKD 24A8001001 với dòng 7 của tệp."


def test_import_stores_normalised_values(office: Services) -> None:
    preview = office.transfer.preview(MESSY)
    assert office.transfer.commit(preview) == 7
    stored = by_name(office)
    assert sorted(stored) == sorted(
        [
            "Nhà nghỉ Hoàng Long",
            "Karaoke Đức Hưng",
            "Massage Thảo Nguyên",
            "Khách sạn Sao Mai",
            "Nhà nghỉ Ánh Dương",
            "Cà phê Góc Phố",
            "Nhà hàng Hương Sen",  # typed in NFD, stored NFC
        ]
    )
    first = stored["Nhà nghỉ Hoàng Long"]
    assert (first.type_name, first.commune_name) == ("Nhà nghỉ, nhà khách", "Xã Mường Bon")  # type: ignore[attr-defined]
    assert first.owner_phone == "0912345678" and first.registration_date == date(2020, 3, 5)  # type: ignore[attr-defined]
    assert first.employees_total == 5  # "5 người"  # type: ignore[attr-defined]
    karaoke = stored["Karaoke Đức Hưng"]
    assert (karaoke.type_name, karaoke.commune_name) == ("Karaoke", "Thị trấn Hát Lót")  # type: ignore[attr-defined]
    assert karaoke.owner_phone == "0912345679"  # the 0 Excel ate is back  # type: ignore[attr-defined]
    assert karaoke.owner_id_number == "014085001235"  # 11 digits → leading 0 restored  # type: ignore[attr-defined]
    assert karaoke.registration_date == date(2021, 3, 5)  # type: ignore[attr-defined]
    massage = stored["Massage Thảo Nguyên"]
    assert massage.commune_name == "Xã Chiềng Mung" and massage.registration_date == date(2022, 3, 5)  # type: ignore[attr-defined]
    assert massage.owner_id_number == "050123456"  # type: ignore[attr-defined]
    hotel = stored["Khách sạn Sao Mai"]
    assert hotel.registration_date == date(2019, 7, 1) and hotel.employees_total == 12  # type: ignore[attr-defined]
    assert hotel.owner_phone == "02123852123"  # type: ignore[attr-defined]
    warned = stored["Nhà nghỉ Ánh Dương"]
    assert warned.owner_phone == "" and warned.owner_id_number == "" and warned.registration_date is None  # type: ignore[attr-defined]
    assert "Điện thoại: 12345" in warned.notes and "Gần chợ" in warned.notes  # raw value kept  # type: ignore[attr-defined]
    assert stored["Cà phê Góc Phố"].employees_female is None  # type: ignore[attr-defined]
    assert stored["Nhà hàng Hương Sen"].registration_date == date(2020, 3, 5)  # serial 43895  # type: ignore[attr-defined]
    assert stored["Nhà hàng Hương Sen"].owner_name == "Đỗ Thị Hương"  # type: ignore[attr-defined]


def test_second_import_of_the_same_file_finds_only_duplicates(office: Services) -> None:
    office.transfer.commit(office.transfer.preview(MESSY))
    again = outcomes(office, MESSY)
    assert {row for row, outcome in again.items() if outcome in ("ok", "warning")} == set()
    assert [row for row, outcome in again.items() if outcome == "duplicate"] == [
        7,
        8,
        9,
        11,
        15,
        16,
        17,
        18,
        19,
    ]


@pytest.mark.parametrize(
    ("name", "first_row"),
    [
        ("businesses_old.xls", 4),
        ("businesses_utf8_bom.csv", 2),
        ("businesses_utf16.csv", 2),
        ("businesses_nfd.xlsx", 7),
        ("businesses_tcvn3.xlsx", 7),
    ],
)
def test_other_formats_and_encodings(office: Services, name: str, first_row: int) -> None:
    preview = office.transfer.preview(DATA / name)
    assert [r.row for r in preview.importable] == [first_row, first_row + 1, first_row + 2]
    office.transfer.commit(preview)
    stored = by_name(office)
    assert sorted(stored) == ["Karaoke Đức Hưng", "Massage Thảo Nguyên", "Nhà nghỉ Hoàng Long"]
    karaoke = stored["Karaoke Đức Hưng"]
    assert karaoke.owner_name == "Nguyễn Thị Bình" and karaoke.commune_name == "Thị trấn Hát Lót"  # type: ignore[attr-defined]
    assert karaoke.owner_phone == "0912345679"  # type: ignore[attr-defined]
    if name.endswith("tcvn3.xlsx"):
        messages = [p.message for p in preview.problems]
        assert messages.count("Chữ được chuyển từ bảng mã TCVN3 sang Unicode.") == 2
        assert messages.count("Chữ được chuyển từ bảng mã VNI sang Unicode.") == 1


def test_legacy_text_detection() -> None:
    assert tcvn3_to_unicode("Nhµ nghØ Hoµng Long") == "Nhà nghỉ Hoàng Long"
    assert tcvn3_to_unicode("M\xadêng Kh\xad¬ng") == "Mường Khương"
    assert vni_to_unicode("Nhaø nghæ Ñöùc Höng") == "Nhà nghỉ Đức Hưng"
    assert legacy_encoding("Nhà nghỉ Hoàng Long") is None  # "oà" is also a VNI pair: real Unicode stays
    assert legacy_encoding("Ph¹m V¨n §øc") == "tcvn3"
    assert legacy_encoding("Nguyeãn Thò Thu") == "vni"
    assert to_unicode("Karaoke Đức Hưng") == ("Karaoke Đức Hưng", None)
    assert legacy_encoding("Giá trị gốc — «Lao động nữ»: 5 “x” …") is None  # punctuation is not TCVN3
    assert legacy_encoding("Chieàng Mung") == "vni"


def test_unreadable_legacy_text_flags_the_row_and_stores_nothing(office: Services, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.append(["Tên cơ sở", "Loại hình", "Xã/phường"])
    ws.append(["Æøå ÿþ garbage", "Karaoke", "Xã Cò Nòi"])
    ws.append(["Karaoke Bình An", "Karaoke", "Xã Cò Nòi"])
    workbook.save(tmp_path / "bad.xlsx")
    preview = office.transfer.preview(tmp_path / "bad.xlsx")
    assert [r.outcome for r in preview.rows] == ["error", "ok"]
    assert "bảng mã cũ" in preview.rows[0].reason


def test_unreadable_files(office: Services, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="hỏng"):
        office.transfer.preview(DATA / "not_a_workbook.xlsx")
    with pytest.raises(ImportFileError, match="Không tìm thấy tệp"):
        office.transfer.preview(tmp_path / "missing.xlsx")
    with pytest.raises(ImportFileError, match="không có trang «Không có»"):
        office.transfer.preview(MESSY, "Không có")
    with pytest.raises(ImportFileError, match="tiêu đề"):
        office.transfer.preview(MESSY, "Ghi chu")


def test_a_failure_mid_import_leaves_no_row(office: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop_app.services.import_writing as transfer_module

    monkeypatch.setattr(transfer_module, "CHUNK", 2)
    real = business_repo.add_many
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> list[int]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(business_repo, "add_many", failing)
    preview = office.transfer.preview(MESSY)
    with pytest.raises(OSError):
        office.transfer.commit(preview)
    assert office.businesses.rows() == []
    assert calls["n"] == 3  # two chunks had been written inside the transaction before the failure


def test_cancel_leaves_no_row(office: Services) -> None:
    import desktop_app.services.import_writing as transfer_module

    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2:
            cancel.set()

    original = transfer_module.CHUNK
    transfer_module.CHUNK = 2
    try:
        with pytest.raises(Cancelled):
            office.transfer.commit(office.transfer.preview(MESSY), progress, cancel)
    finally:
        transfer_module.CHUNK = original
    assert office.businesses.rows() == []
    assert seen[0] == (0, 7)


def test_rejected_rows_workbook_can_be_fixed_and_reimported(office: Services, tmp_path: Path) -> None:
    preview = office.transfer.preview(MESSY)
    office.transfer.commit(preview)
    target = tmp_path / "chua-nhap.xlsx"
    assert office.transfer.save_rejected(preview, target) == 5
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Dòng trong tệp gốc", "Lý do chưa nhập")
    assert [r[-2] for r in rows[1:]] == [12, 13, 14, 17, 18]
    assert rows[2][-1] == "Loại hình «Kinh doanh vàng bạc» không có trong danh mục."
    # The clerk fixes the type of row 13 and imports the file again.
    workbook = load_workbook(target)
    ws = workbook.active
    ws.cell(row=3, column=3, value="Khác")
    workbook.save(target)
    again = office.transfer.preview(target)
    assert [(r.row, r.outcome) for r in again.rows] == [
        (2, "error"),
        (3, "ok"),
        (4, "error"),
        (5, "duplicate"),
        (6, "duplicate"),
    ]


def test_export_then_reimport_gives_only_duplicates(office: Services, tmp_path: Path) -> None:
    office.transfer.commit(office.transfer.preview(MESSY))
    target = tmp_path / "danh-sach.xlsx"
    assert office.transfer.export(target, today=date(2026, 11, 23)) == 7
    assert not list(tmp_path.glob("*.part"))
    workbook = load_workbook(target)
    ws = workbook.active
    assert ws["A1"].value == "PHÒNG LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"
    assert ws["A3"].value == "(Ngày xuất: 23/11/2026)"
    assert ws["B5"].value == "Tên cơ sở" and ws.freeze_panes == "C6" and ws.auto_filter.ref == "A5:T5"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$5:$5"
    assert ws["B6"].font.name == "Times New Roman"
    first = next(r for r in ws.iter_rows(min_row=6) if r[1].value == "Karaoke Đức Hưng")
    assert first[6].value == "014085001235" and first[6].data_type == "s"  # ID stays text
    assert first[7].value == "0912345679"
    assert first[9].value == datetime(2021, 3, 5) and first[9].number_format == "dd/mm/yyyy"
    reimport = office.transfer.preview(target)
    assert reimport.header.excel_row == 5
    assert {r.outcome for r in reimport.rows} == {"duplicate"}
    assert len(reimport.rows) == 7
    fresh = open_services(tmp_path / "fresh.sqlite3", actor=SYSTEM)
    try:
        configure(fresh)
        preview = fresh.transfer.preview(target)
        assert {r.outcome for r in preview.rows} == {"ok"}
        fresh.transfer.commit(preview)
        assert sorted(r.name for r in fresh.businesses.rows()) == sorted(
            r.name for r in office.businesses.rows()
        )
    finally:
        fresh.close()


def test_export_of_a_filtered_selection_in_order(office: Services, tmp_path: Path) -> None:
    ids = [
        office.businesses.create(sample_input(office, name=f"Cơ sở {i}", registration_number=f"R{i}"))
        for i in range(3)
    ]
    target = tmp_path / "loc.xlsx"
    assert office.transfer.export(target, ids=[ids[2], ids[0]]) == 2
    ws = load_workbook(target).active
    assert [ws["B6"].value, ws["B7"].value] == ["Cơ sở 2", "Cơ sở 0"]


@pytest.mark.parametrize("chunks", [100, 1])  # looked up by chunks of ids / read in one scan
def test_export_of_most_of_the_register_in_order(
    office: Services, monkeypatch: pytest.MonkeyPatch, chunks: int
) -> None:
    from desktop_app.storage.repositories import businesses as business_repo

    monkeypatch.setattr(business_repo, "EXPORT_ID_CHUNK", 2)
    monkeypatch.setattr(business_repo, "EXPORT_ID_CHUNKS", chunks)
    ids = [
        office.businesses.create(sample_input(office, name=f"Cơ sở {i}", registration_number=f"R{i}"))
        for i in range(6)
    ]
    office.businesses.void(ids[1], "Nhập nhầm")  # a voided business shown on the page is exported too
    shown = [ids[4], ids[1], ids[5], ids[0], ids[3], 999_999]
    rows = office.transfer.export_rows(shown)
    assert [r.name for r in rows] == ["Cơ sở 4", "Cơ sở 1", "Cơ sở 5", "Cơ sở 0", "Cơ sở 3"]
    assert rows == office.transfer.export_rows(shown[:-1])


def test_export_cancel_and_locked_target(office: Services, tmp_path: Path) -> None:
    import desktop_app.exports.businesses_xlsx as xlsx

    for i in range(5):
        office.businesses.create(sample_input(office, name=f"Cơ sở {i}", registration_number=f"R{i}"))
    original = xlsx.PROGRESS_EVERY
    xlsx.PROGRESS_EVERY = 2
    try:
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(Cancelled):
            office.transfer.export(tmp_path / "huy.xlsx", cancel=cancel)
    finally:
        xlsx.PROGRESS_EVERY = original
    assert [p for p in tmp_path.iterdir() if "xlsx" in p.name] == []  # nothing half-written
    with pytest.raises(ExportError, match="không tồn tại"):
        office.transfer.export(tmp_path / "khong-co" / "x.xlsx")


def test_template_is_an_empty_import_sheet(tmp_path: Path, office: Services) -> None:
    target = tmp_path / "mau.xlsx"
    TransferService.write_template(target)
    ws = load_workbook(target).active
    assert [c.value for c in ws[5]][:4] == ["STT", "Tên cơ sở", "Loại hình", "Xã/phường"]
    preview = office.transfer.preview(target)
    assert preview.rows == [] and preview.header.excel_row == 5


def test_cli_import_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.sqlite3"
    services = open_services(db, actor=SYSTEM)
    configure(services)
    services.close()
    code, out, _ = run_cli(capsys, "--db", str(db), "import", "businesses", str(MESSY), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 1  # some rows were rejected
    assert report["imported"] == 0 and report["rows_read"] == 12
    assert (report["duplicates"], report["rejected"], report["warnings"]) == (2, 3, 2)
    assert set(report) == {"file", "rows_read", "imported", "duplicates", "rejected", "warnings", "problems"}
    first = report["problems"][0]
    assert set(first) == {"row", "severity", "field", "value", "message"}
    assert {
        "row": 12,
        "severity": "error",
        "field": "name",
        "value": None,
        "message": "Thiếu tên cơ sở.",
    } in report["problems"]
    code, out, _ = run_cli(capsys, "--db", str(db), "import", "businesses", str(MESSY), "--json")
    assert json.loads(out)["imported"] == 7 and code == 1
    code, out, _ = run_cli(capsys, "--db", str(db), "import", "businesses", str(DATA / "businesses_old.xls"))
    assert code == 0 and "Đã nhập 0 cơ sở" in out and "trùng" in out
    code, out, err = run_cli(
        capsys, "--db", str(db), "import", "businesses", str(DATA / "not_a_workbook.xlsx"), "--json"
    )
    assert code == 2 and out == "" and "Lỗi:" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path / "out.xlsx"))
    assert code == 0 and "Đã xuất 7 cơ sở" in out
    code, out, _ = run_cli(capsys, "--db", str(db), "template", "businesses", str(tmp_path / "mau.xlsx"))
    assert code == 0 and (tmp_path / "mau.xlsx").exists()


def test_commune_prefix_decides_between_town_and_commune(tmp_path: Path) -> None:
    from openpyxl import Workbook

    services = open_services(tmp_path / "p.sqlite3", actor=SYSTEM)
    try:
        configure(services, ["Thị trấn Hát Lót", "Xã Hát Lót", "Xã Mường Bon"])
        workbook = Workbook()
        ws = workbook.active
        ws.append(["Tên cơ sở", "Loại hình", "Xã/phường"])
        for i, commune in enumerate(["TT Hát Lót", "xa hat lot", "Hát Lót", "Mường Bon", "X. Mường Bon"]):
            ws.append([f"Karaoke {i}", "Karaoke", commune])
        workbook.save(tmp_path / "xa.xlsx")
        preview = services.transfer.preview(tmp_path / "xa.xlsx")
        communes = {c.id: c.name for c in services.office.communes()}
        assert [communes.get(r.record.commune_id) if r.record else r.outcome for r in preview.rows] == [
            "Thị trấn Hát Lót",
            "Xã Hát Lót",
            "error",  # no prefix: ambiguous, the clerk is asked to write it out
            "Xã Mường Bon",
            "Xã Mường Bon",
        ]
        assert "chưa rõ" in preview.rows[2].reason
    finally:
        services.close()
