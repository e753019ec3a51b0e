"""Importing an office's Excel list of signed commitments, and exporting the commitments list."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.domain.commitments import RULE_MONTHS, CommitmentInput, ValidityRule
from desktop_app.domain.errors import Cancelled, ConflictError
from desktop_app.exports import commitments_xlsx
from desktop_app.imports.business_lookup import KnownBusiness
from desktop_app.imports.columns import IGNORE, match_header
from desktop_app.imports.commitments import (
    COMMITMENT_SPEC,
    TEMPLATE_HEADERS,
    CommitmentRowParser,
    is_open_ended,
)
from desktop_app.imports.outcomes import SourceRow
from desktop_app.services.app_services import Services
from desktop_app.services.commitment_transfer import CommitmentTransferService
from desktop_app.storage.models import ChangeLogRecord, CommitmentRecord
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories.commitment_rows import CommitmentExportRow
from tests.conftest import FixedClock, sample_input

DATA = Path(__file__).resolve().parents[1] / "data"
MESSY = DATA / "commitments_messy.xlsx"
NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()

# The register the sample's rows name: (name, commune, registration number).
REGISTER = [
    ("Nhà nghỉ Hoàng Long", "Xã Mường Bon", "24A8001001"),
    ("Karaoke Đức Hưng", "Thị trấn Hát Lót", "24A8001002"),
    ("Massage Thảo Nguyên", "Xã Chiềng Mung", ""),
    ("Khách sạn Sao Mai", "Xã Cò Nòi", "5500123456"),
    ("Nhà hàng Hương Sen", "Xã Mường Bon", "24A8001012"),
    ("Cà phê Góc Phố", "Xã Đông Hưng", "24A8001009"),
    ("Cà phê Góc Phố", "Xã Đông Hưng", "24A8001010"),
    ("Nhà nghỉ Ánh Dương", "Xã Đông Hưng", "24A8001008"),
    ("Nhà nghỉ Bình An", "Xã Cò Nòi", "24A8001011"),  # voided below: never matched
]

EXPECTED = {
    7: "ok",
    8: "ok",
    9: "ignored",
    10: "ok",
    11: "error",
    12: "error",
    13: "error",
    14: "error",
    15: "error",
    16: "warning",
    17: "duplicate",
    18: "duplicate",
    19: "ok",
    20: "error",
    21: "ignored",
    22: "ignored",
    23: "ignored",
    24: "ignored",
    25: "ignored",
}

EXPECTED_PROBLEMS = [
    (11, "error", "name", "Nhà nghỉ Bình An", "Không tìm thấy cơ sở «Nhà nghỉ Bình An» ở Xã Cò Nòi."),
    (
        12,
        "error",
        "name",
        "Cà phê Góc Phố",
        "Có 2 cơ sở cùng tên «Cà phê Góc Phố» ở Xã Đông Hưng; hãy ghi thêm số ĐKKD để phân biệt.",
    ),
    (13, "error", "signed_on", None, "Thiếu ngày ký."),
    (14, "error", "signed_on", "31/02/2025", "Ngày ký «31/02/2025» không đọc được (ngày/tháng/năm)."),
    (15, "error", "valid_to", "01/01/2025", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
    (
        16,
        "warning",
        "valid_from",
        "32/07/2025",
        "Hiệu lực từ «32/07/2025» bỏ trống vì ngày không đọc được (ngày/tháng/năm)",
    ),
    (
        17,
        "duplicate",
        "signed_on",
        "05/03/2025",
        "Trùng với dòng 7 của tệp (cùng cơ sở «Nhà nghỉ Hoàng Long», cùng ngày ký 05/03/2025).",
    ),
    (
        18,
        "duplicate",
        "signed_on",
        "10/01/2025",
        "Cơ sở «Nhà nghỉ Ánh Dương» đã có cam kết ký ngày 10/01/2025.",
    ),
    (20, "error", "commune", "Xã Không Có", "Xã, phường «Xã Không Có» không thuộc địa bàn quản lý."),
]


@pytest.fixture
def register(office: Services) -> dict[str, int]:
    """The sample's businesses (by name; the first of two namesakes), one recorded signing, one voided."""
    communes = {c.name: c.id for c in office.office.communes()}
    ids: dict[str, int] = {}
    for name, commune, number in REGISTER:
        business_id = office.businesses.create(
            sample_input(office, name=name, commune_id=communes[commune], registration_number=number)
        )
        ids.setdefault(name, business_id)
    office.businesses.void(ids["Nhà nghỉ Bình An"], "Nhập trùng")
    office.commitments.record(CommitmentInput(ids["Nhà nghỉ Ánh Dương"], "10/01/2025"))
    return ids


@pytest.fixture
def transfer(office: Services) -> CommitmentTransferService:
    return CommitmentTransferService(office.db, now=FixedClock(NOW))


def _imported_rows(office: Services) -> int:
    with office.db.read() as session:
        return len(session.scalars(select(CommitmentRecord.id)).all())


# ---- Preview
def test_every_row_of_the_messy_list_gets_its_outcome(
    register: dict[str, int], transfer: CommitmentTransferService
) -> None:
    preview = transfer.preview(MESSY)
    assert preview.sheet == "Cam ket 2025" and preview.header.excel_row == 6
    assert {r.row: r.outcome for r in preview.rows} == EXPECTED
    assert preview.rows_read == 13
    assert [(p.row, p.severity, p.field, p.value, p.message) for p in preview.problems] == EXPECTED_PROBLEMS
    names = {r.row: r.record.name for r in preview.importable}
    assert names == {
        7: "Nhà nghỉ Hoàng Long",
        8: "Karaoke Đức Hưng",
        10: "Massage Thảo Nguyên",
        16: "Khách sạn Sao Mai",
        19: "Nhà hàng Hương Sen",
    }
    report = preview.report(0)
    assert (report["rows_read"], report["duplicates"], report["rejected"], report["warnings"]) == (
        13,
        2,
        6,
        1,
    )
    json.dumps(report, ensure_ascii=False)


def test_headers_and_synonyms_match_ignoring_case_diacritics_and_punctuation() -> None:
    def field(text: str) -> str | None:
        return match_header(COMMITMENT_SPEC, text)

    assert field("Số ĐKKD") == field("so dang ky kinh doanh") == "registration_number"
    assert field("NGÀY KÝ") == field("Ngày ký cam kết") == field("ngay ky (*)") == "signed_on"
    assert field("Hiệu lực đến") == field("Ngày hết hiệu lực") == "valid_to"
    assert field("Hiệu lực từ ngày") == "valid_from"
    assert field("Người ký (UBND xã)") == field("Đại diện UBND xã") == "representative_name"
    assert field("Chức vụ") == "representative_position"
    assert field("Xã, phường, thị trấn") == "commune"
    assert field("Tên cơ sở kinh doanh dịch vụ") == "name"
    assert field("Người ký (chủ cơ sở)") == field("Trạng thái") == IGNORE
    assert is_open_ended("Đến khi thay đổi chủ") and is_open_ended("không thời hạn")
    assert not is_open_ended("31/12/2025")


def _source(row: int, **cells: object) -> SourceRow:
    return SourceRow(row, dict(cells), list(cells.values()))


def test_parser_rules_on_plain_data() -> None:
    """Number shared by two businesses (name picks one), future signed date, open end, long text."""
    businesses = [
        KnownBusiness(1, "Nhà nghỉ A", "nha nghi a", 10, "X1"),
        KnownBusiness(2, "Nhà nghỉ B", "nha nghi b", 10, "X1"),
        KnownBusiness(3, "Nhà nghỉ C", "nha nghi c", 20, ""),
    ]
    parser = CommitmentRowParser(
        [(10, "Xã Mường Bon"), (20, "Phường Chiềng Lề")], businesses, set(), ValidityRule(), TODAY
    )
    by_number_and_name = parser.parse_one(
        _source(5, registration_number="x1", name="nhà nghỉ b", commune="Mường Bon", signed_on="01/02/2026")
    )
    assert by_number_and_name.outcome == "ok"
    assert by_number_and_name.record.commitment.business_id == 2
    only_number = parser.parse_one(_source(6, registration_number="X1", signed_on="01/02/2026"))
    assert only_number.reason == "Có 2 cơ sở cùng số ĐKKD X1; hãy ghi thêm tên và xã, phường."
    unknown_number = parser.parse_one(_source(7, registration_number=12345.0, signed_on="01/02/2026"))
    assert unknown_number.reason == "Không tìm thấy cơ sở có số ĐKKD 12345."
    nothing = parser.parse_one(_source(8, signed_on="01/02/2026"))
    assert nothing.reason == "Thiếu tên cơ sở (hoặc số ĐKKD)."
    no_commune = parser.parse_one(_source(9, name="Nhà nghỉ C", signed_on="01/02/2026"))
    assert no_commune.reason == "Thiếu xã, phường của cơ sở «Nhà nghỉ C»."
    future = parser.parse_one(_source(10, name="Nhà nghỉ C", commune="P. Chiềng Lề", signed_on="01/12/2026"))
    assert (future.outcome, future.reason) == ("error", "Ngày ký không thể ở tương lai.")
    open_end = parser.parse_one(
        _source(
            11,
            name="Nhà nghỉ C",
            commune="Chiềng Lề",
            signed_on=datetime(2026, 3, 1),
            valid_from="01/04/2026",
            valid_to="Không thời hạn",
            representative_position="x" * 101,
        )
    )
    assert open_end.outcome == "warning"
    commitment = open_end.record.commitment
    assert (commitment.valid_from, commitment.valid_to, commitment.representative_position) == (
        date(2026, 4, 1),
        None,
        "",
    )
    assert commitment.notes.startswith("Giá trị gốc khi nhập từ Excel — Chức vụ: xxx")
    bad_end = parser.parse_one(
        _source(12, name="Nhà nghỉ C", commune="Chiềng Lề", signed_on="2026-05-01", valid_to="31/13/2026")
    )
    assert bad_end.outcome == "warning"
    assert bad_end.reason == (
        "Hiệu lực đến «31/13/2026» bỏ trống vì ngày không đọc được (ngày/tháng/năm); "
        "lấy theo thời hạn mặc định"
    )
    assert bad_end.record.commitment.valid_to == date(2026, 12, 31)


# ---- Commit
def test_commit_writes_every_importable_row_in_one_go(
    office: Services, register: dict[str, int], transfer: CommitmentTransferService
) -> None:
    preview = transfer.preview(MESSY)
    steps: list[tuple[int, int]] = []
    assert transfer.commit(preview, lambda done, total: steps.append((done, total))) == 5
    assert steps == [(0, 5), (5, 5)]

    def only(name: str) -> tuple[object, ...]:
        (c,) = office.commitments.for_business(register[name])
        return (
            c.signed_on,
            c.valid_from,
            c.valid_to,
            c.document_number,
            c.representative_name,
            c.representative_position,
            c.notes,
        )

    assert only("Nhà nghỉ Hoàng Long") == (
        date(2025, 3, 5),
        date(2025, 3, 5),
        date(2025, 12, 31),
        "12/CK-UBND",
        "Lò Văn Phong",
        "Chủ tịch UBND xã",
        "",
    )
    assert only("Karaoke Đức Hưng") == (
        date(2025, 3, 5),
        date(2025, 3, 5),
        date(2026, 12, 31),
        "15",
        "Nguyễn Văn Tùng",
        "Phó Chủ tịch UBND thị trấn",
        "Ký tại cơ sở",
    )
    assert only("Massage Thảo Nguyên") == (
        date(2025, 4, 10),
        date(2025, 4, 10),
        None,
        "07/CK",
        "Lò Thị Mai",
        "Phó Chủ tịch UBND xã",
        "",
    )
    assert only("Khách sạn Sao Mai") == (
        date(2025, 7, 15),
        date(2025, 7, 15),
        date(2025, 12, 31),
        "",
        "",
        "",
        "Giá trị gốc khi nhập từ Excel — Hiệu lực từ: 32/07/2025",
    )
    assert only("Nhà hàng Hương Sen")[:3] == (date(2025, 3, 1), date(2025, 3, 1), date(2025, 12, 31))
    assert office.commitments.for_business(register["Cà phê Góc Phố"]) == []
    with office.db.read() as session:
        log = session.scalars(
            select(ChangeLogRecord.changes)
            .where(ChangeLogRecord.entity == "commitment", ChangeLogRecord.action == "import")
            .order_by(ChangeLogRecord.id)
        ).all()
    assert len(log) == 5
    assert json.loads(log[0]) == {
        "business_id": register["Nhà nghỉ Hoàng Long"],
        "valid_to": "2025-12-31",
    }
    # Importing the same file again finds every signing already there.
    again = transfer.preview(MESSY)
    assert {r.row for r in again.rows if r.outcome == "duplicate"} == {7, 8, 10, 16, 17, 18, 19}


def test_valid_to_defaults_to_the_offices_rule(
    office: Services, register: dict[str, int], transfer: CommitmentTransferService
) -> None:
    office.commitments.set_validity_rule(ValidityRule(RULE_MONTHS, 6))
    rows = {r.row: r.record.commitment for r in transfer.preview(MESSY).importable}
    assert rows[7].valid_to == date(2025, 9, 4)
    assert rows[8].valid_to == date(2026, 12, 31)  # given in the file
    assert rows[10].valid_to is None  # until the owner changes


def test_cancel_writes_nothing(
    office: Services, register: dict[str, int], transfer: CommitmentTransferService
) -> None:
    before = _imported_rows(office)
    preview = transfer.preview(MESSY)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        transfer.commit(preview, cancel=cancel)
    assert _imported_rows(office) == before

    late = threading.Event()

    def progress(done: int, _total: int) -> None:
        if done:
            late.set()  # the clerk presses Cancel after the rows were written, before the commit

    with pytest.raises(Cancelled):
        transfer.commit(preview, progress, late)
    assert _imported_rows(office) == before
    with office.db.read() as session:
        assert (
            session.scalars(select(ChangeLogRecord.id).where(ChangeLogRecord.action == "import")).all() == []
        )


def test_a_signing_recorded_since_the_preview_stops_the_import(
    office: Services, register: dict[str, int], transfer: CommitmentTransferService
) -> None:
    preview = transfer.preview(MESSY)
    office.commitments.record(CommitmentInput(register["Nhà hàng Hương Sen"], "01/03/2025"))
    before = _imported_rows(office)
    with pytest.raises(ConflictError) as caught:
        transfer.commit(preview)
    assert "Nhà hàng Hương Sen" in caught.value.message
    assert _imported_rows(office) == before


def test_rejected_rows_are_saved_with_their_reason(
    register: dict[str, int], transfer: CommitmentTransferService, tmp_path: Path
) -> None:
    preview = transfer.preview(MESSY)
    target = tmp_path / "chua_nhap.xlsx"
    assert transfer.save_rejected(preview, target) == 8
    ws = load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Dòng trong tệp gốc", "Lý do chưa nhập")
    assert [r[-2] for r in rows[1:]] == [11, 12, 13, 14, 15, 17, 18, 20]
    assert rows[1][-1] == "Không tìm thấy cơ sở «Nhà nghỉ Bình An» ở Xã Cò Nòi."


# ---- Export
def test_export_lists_the_signings_and_reimports_as_duplicates(
    office: Services, register: dict[str, int], transfer: CommitmentTransferService, tmp_path: Path
) -> None:
    transfer.commit(transfer.preview(MESSY))
    voided = office.commitments.record(CommitmentInput(register["Nhà hàng Hương Sen"], "01/06/2025"))
    office.commitments.void(voided)
    with office.db.unit_of_work() as session:
        commitment_repo.invalidate_current(
            session, register["Massage Thảo Nguyên"], date(2026, 6, 1), "Thay đổi chủ cơ sở", NOW
        )
    target = tmp_path / "cam_ket.xlsx"
    steps: list[tuple[int, int]] = []
    assert transfer.export(target, lambda d, t: steps.append((d, t))) == 6
    assert steps[-1] == (6, 6)
    assert not (tmp_path / "cam_ket.xlsx.part").exists()

    ws = load_workbook(target).active
    assert ws["A1"].value == "PHÒNG LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"
    assert ws["A2"].value == commitments_xlsx.TITLE
    assert ws["A3"].value == "(Ngày xuất: 23/11/2026)"
    assert ws["A2"].font.name == "Times New Roman" and ws["A2"].font.b
    assert ws.freeze_panes == "C6" and ws.auto_filter.ref == "A5:L5"
    assert ws.print_title_rows == "$5:$5" and ws.page_setup.orientation == "landscape"
    header = [c.value for c in ws[5]]
    assert tuple(header) == commitments_xlsx.EXPORT_HEADERS
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=6)]
    summary = [(r[0], r[1], r[2], r[3], r[4].date(), r[6], r[10]) for r in data]
    assert summary == [
        (
            1,
            "Karaoke Đức Hưng",
            "Thị trấn Hát Lót",
            "24A8001002",
            date(2025, 3, 5),
            datetime(2026, 12, 31),
            "Còn hiệu lực",
        ),
        (
            2,
            "Nhà hàng Hương Sen",
            "Xã Mường Bon",
            "24A8001012",
            date(2025, 3, 1),
            datetime(2025, 12, 31),
            "Đã hết hạn",
        ),
        (
            3,
            "Nhà nghỉ Hoàng Long",
            "Xã Mường Bon",
            "24A8001001",
            date(2025, 3, 5),
            datetime(2025, 12, 31),
            "Đã hết hạn",
        ),
        (
            4,
            "Massage Thảo Nguyên",
            "Xã Chiềng Mung",
            None,
            date(2025, 4, 10),
            "Đến khi thay đổi chủ",
            "Phải ký lại (Thay đổi chủ cơ sở)",
        ),
        (
            5,
            "Khách sạn Sao Mai",
            "Xã Cò Nòi",
            "5500123456",
            date(2025, 7, 15),
            datetime(2025, 12, 31),
            "Đã hết hạn",
        ),
        (
            6,
            "Nhà nghỉ Ánh Dương",
            "Xã Đông Hưng",
            "24A8001008",
            date(2025, 1, 10),
            datetime(2025, 12, 31),
            "Đã hết hạn",
        ),
    ]
    assert ws.cell(6, 5).number_format == "dd/mm/yyyy" and ws.cell(6, 7).number_format == "dd/mm/yyyy"
    assert data[0][7:10] == ["15", "Nguyễn Văn Tùng", "Phó Chủ tịch UBND thị trấn"]
    assert data[0][11] == "Ký tại cơ sở"

    again = transfer.preview(target)
    assert again.header.excel_row == 5 and again.rows_read == 6
    assert {r.outcome for r in again.rows} == {"duplicate"}


def test_export_states_on_a_date() -> None:
    def state(valid_to: date | None, invalidated: date | None = None, reason: str = "") -> str:
        data = CommitmentExportRow(
            "A", "B", "", date(2025, 1, 1), date(2025, 2, 1), valid_to, "", "", "", "", invalidated, reason
        )
        return commitments_xlsx.state_label(data, date(2025, 6, 1))

    assert state(date(2025, 6, 1)) == "Còn hiệu lực"
    assert state(None) == "Còn hiệu lực"
    assert state(date(2025, 5, 31)) == "Đã hết hạn"
    assert state(None, date(2025, 6, 1), "Thay đổi loại hình kinh doanh") == (
        "Phải ký lại (Thay đổi loại hình kinh doanh)"
    )
    assert state(None, date(2025, 6, 2)) == "Còn hiệu lực"
    early = CommitmentExportRow(
        "A", "B", "", date(2025, 5, 1), date(2025, 7, 1), None, "", "", "", "", None, ""
    )
    assert commitments_xlsx.state_label(early, date(2025, 6, 1)) == "Chưa đến ngày hiệu lực"


def test_export_cancel_leaves_no_file(
    office: Services, register: dict[str, int], transfer: CommitmentTransferService, tmp_path: Path
) -> None:
    cancel = threading.Event()
    cancel.set()
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        transfer.export(folder / "cam_ket.xlsx", cancel=cancel)
    assert list(folder.iterdir()) == []


def test_template_has_the_import_headers_and_reads_back_empty(
    office: Services, transfer: CommitmentTransferService, tmp_path: Path
) -> None:
    assert commitments_xlsx.TEMPLATE_HEADERS == TEMPLATE_HEADERS
    target = tmp_path / "mau_cam_ket.xlsx"
    transfer.write_template(target)
    ws = load_workbook(target).active
    assert tuple(c.value for c in ws[5]) == TEMPLATE_HEADERS
    assert ws.max_row == 5
    preview = transfer.preview(target)
    assert preview.header.excel_row == 5 and preview.rows == [] and preview.rows_read == 0
    assert set(preview.header.mapping.values()) == {c.field for c in COMMITMENT_SPEC.columns}
