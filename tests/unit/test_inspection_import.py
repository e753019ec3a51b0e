"""Import and export of the visits list: every row's outcome, the legal basis read from text, follow-ups
closed by imported visits, conflicts at commit, and an export that imports back to the same visits."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from desktop_app.domain.errors import Cancelled, ConflictError
from desktop_app.domain.inspections import (
    CHECK_OK,
    CHECK_PROBLEM,
    KIND_FOLLOW_UP,
    KIND_SURPRISE,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RESULT_REMINDER,
    SCOPE_COMMUNES,
    RoundInput,
    VisitInput,
)
from desktop_app.domain.security import SYSTEM
from desktop_app.exports import inspections_xlsx
from desktop_app.imports.columns import IGNORE, match_header
from desktop_app.imports.inspections import TEMPLATE_HEADERS, VISIT_SPEC
from desktop_app.imports.legal_references import Reference, parse_references
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.inspection_transfer import InspectionTransferService
from desktop_app.services.inspections import InspectionService
from desktop_app.storage.models import ChangeLogRecord, InspectionVisitRecord, VisitLegalBasisRecord
from tests.conftest import FixedClock, configure, sample_input

NOW = datetime(2026, 11, 23, 9, 0)
TODAY = NOW.date()

BUSINESSES = [
    ("Nhà nghỉ Hoàng Long", "Xã Mường Bon", "24A8001001"),
    ("Karaoke Đức Hưng", "Thị trấn Hát Lót", "24A8001002"),
    ("Massage Thảo Nguyên", "Xã Chiềng Mung", ""),
    ("Khách sạn Sao Mai", "Xã Cò Nòi", "5500123456"),
]
HEADER = [
    "STT",
    "Tên cơ sở kinh doanh",
    "Xã, phường",
    "Số ĐKKD",
    "Ngày kiểm tra",
    "Giờ",
    "Hình thức kiểm tra",
    "Kế hoạch",
    "Thành phần đoàn",
    "Nội dung đạt",
    "Nội dung không đạt",
    "Nội dung phát hiện",
    "Số biên bản",
    "Kết quả xử lý",
    "Liên quan mại dâm",
    "Số QĐ",
    "Ngày QĐ",
    "Căn cứ",
    "Số tiền phạt",
    "Đối tượng vi phạm",
    "Hình thức xử phạt",
    "Ghi chú",
]
PENALTY_282 = "Khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP"
# Excel row → (cells by header, outcome); the header is on row 3.
ROWS: dict[int, tuple[dict[str, object], str]] = {
    4: (
        {
            "Tên cơ sở kinh doanh": "Nhà nghỉ Hoàng Long",
            "Xã, phường": "Mường Bon",
            "Ngày kiểm tra": date(2026, 3, 10),
            "Giờ": "14h30",
            "Hình thức kiểm tra": "Định kỳ",
            "Kế hoạch": "12/KH-UBND",
            "Thành phần đoàn": "Nguyễn Văn Minh; Lò Văn Ứng",
            "Nội dung đạt": "Bản cam kết của chủ cơ sở; Hợp đồng lao động",
            "Nội dung không đạt": "Khám sức khỏe định kỳ",
            "Kết quả xử lý": "Nhắc nhở",
            "Số biên bản": "05/BB-KT",
        },
        "ok",
    ),
    5: (
        {
            "Số ĐKKD": "24A8001002",
            "Ngày kiểm tra": "15/06/2026",
            "Hình thức kiểm tra": "đột xuất",
            "Kết quả xử lý": "Xử phạt vi phạm hành chính",
            "Liên quan mại dâm": "x",
            "Số QĐ": "15/QĐ-XPHC",
            "Ngày QĐ": "16/06/2026",
            "Căn cứ": PENALTY_282 + "; Đ32 k2 NĐ 282/2025",
            "Số tiền phạt": "1.500.000 đ",
            "Đối tượng vi phạm": "cá nhân",
            "Hình thức xử phạt": "Phạt tiền; tịch thu tang vật",
            "Ghi chú": "Hạn khắc phục 30 ngày",
        },
        "ok",
    ),
    6: (  # a penalty without its decision
        {
            "Tên cơ sở kinh doanh": "Massage Thảo Nguyên",
            "Xã, phường": "Xã Chiềng Mung",
            "Ngày kiểm tra": "20/06/2026",
            "Kết quả xử lý": "Phạt tiền",
            "Căn cứ": PENALTY_282,
            "Số tiền phạt": 2000000,
            "Đối tượng vi phạm": "chủ quán",
            "Hình thức xử phạt": "phạt nặng",
        },
        "error",
    ),
    7: (  # a legal basis the catalogue does not hold
        {
            "Số ĐKKD": "5500123456",
            "Ngày kiểm tra": "21/06/2026",
            "Kết quả xử lý": "Xử phạt",
            "Số QĐ": "16/QĐ-XPHC",
            "Ngày QĐ": "21/06/2026",
            "Căn cứ": "Điểm a khoản 3 Điều 99 Nghị định 282/2025/NĐ-CP",
            "Số tiền phạt": 0,
        },
        "error",
    ),
    8: (  # outside its round's dates
        {"Số ĐKKD": "24A8001001", "Ngày kiểm tra": "15/04/2026", "Kế hoạch": "12/KH-UBND"},
        "error",
    ),
    9: (  # an unknown plan: recorded outside any round, with a warning
        {"Số ĐKKD": "5500123456", "Ngày kiểm tra": "02/05/2026", "Kế hoạch": "99/KH", "Kết quả xử lý": ""},
        "warning",
    ),
    10: ({"Số ĐKKD": "5500123456", "Ngày kiểm tra": "03/05/2026", "Kết quả xử lý": "tốt lắm"}, "error"),
    11: ({"Số ĐKKD": "24A8001001", "Ngày kiểm tra": "10/03/2026"}, "duplicate"),  # same as row 4
    12: ({"Số ĐKKD": "24A8001002", "Ngày kiểm tra": "01/02/2026"}, "duplicate"),  # recorded already
    13: (  # closes the follow-up the register has open for the karaoke
        {"Số ĐKKD": "24A8001002", "Ngày kiểm tra": "20/02/2026", "Hình thức kiểm tra": "Hậu kiểm"},
        "ok",
    ),
    14: ({"Số ĐKKD": "24A8001001", "Ngày kiểm tra": "15/12/2026"}, "ok"),  # to come: planned
    15: ({"Số ĐKKD": "24A8001001", "Ngày kiểm tra": "16/11/2026", "Số tiền phạt": "-5"}, "error"),
    16: (  # the decree no longer applied on that day: the same rule as a visit entered by hand
        {
            "Số ĐKKD": "5500123456",
            "Ngày kiểm tra": "10/03/2026",
            "Kết quả xử lý": "Xử phạt",
            "Số QĐ": "17/QĐ-XPHC",
            "Ngày QĐ": "10/03/2026",
            "Căn cứ": "Khoản 1 Điều 24 Nghị định 144/2021/NĐ-CP",
            "Số tiền phạt": "95.000.000",
        },
        "error",
    ),
    17: ({"Tổng cộng": None, "STT": "Tổng cộng: 13 lượt"}, "ignored"),
}


def _write_sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kiem tra 2026"
    ws.append(["UBND HUYỆN MAI SƠN"])
    ws.append(["DANH SÁCH CÁC CƠ SỞ ĐƯỢC KIỂM TRA NĂM 2026"])
    ws.append(HEADER)
    for number, (cells, _outcome) in ROWS.items():
        values = [cells.get(h) for h in HEADER]
        if "STT" not in cells:
            values[0] = number - 3
        ws.append(values)
    wb.save(path)
    return path


@pytest.fixture
def register(office: Services) -> dict[str, int]:
    """The businesses, a round in March for Mường Bon and Hát Lót, the karaoke's visit of 01/02 with an open
    follow-up due 01/03."""
    communes = {c.name: c.id for c in office.office.communes()}
    ids = {
        name: office.businesses.create(
            sample_input(office, name=name, commune_id=communes[commune], registration_number=number)
        )
        for name, commune, number in BUSINESSES
    }
    inspections = InspectionService(office.db, now=FixedClock(NOW))
    inspections.create_round(
        RoundInput(
            "12/KH-UBND",
            "20/02/2026",
            "Đội kiểm tra liên ngành 178 huyện Mai Sơn",
            "district",
            "01/03/2026",
            "31/03/2026",
            scope=SCOPE_COMMUNES,
            commune_ids=[communes["Xã Mường Bon"], communes["Thị trấn Hát Lót"]],
        )
    )
    ids["first visit"] = inspections.record_visit(
        VisitInput(ids["Karaoke Đức Hưng"], "01/02/2026", result=RESULT_REMINDER, follow_up_due="01/03/2026")
    )
    return ids


@pytest.fixture
def transfer(office: Services) -> InspectionTransferService:
    return InspectionTransferService(office.db, now=FixedClock(NOW))


def _visit_count(office: Services) -> int:
    with office.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(InspectionVisitRecord)) or 0)


def test_every_row_gets_its_outcome_with_a_clear_message(
    register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    preview = transfer.preview(_write_sheet(tmp_path / "kiem-tra.xlsx"))
    assert preview.header.excel_row == 3
    assert {r.row: r.outcome for r in preview.rows} == {row: outcome for row, (_c, outcome) in ROWS.items()}
    messages = {(p.row, p.field): p.message for p in preview.problems}
    assert messages[(6, "decision_number")] == "Xử phạt phải có số quyết định xử phạt."
    assert messages[(6, "decision_date")] == "Nhập ngày quyết định xử phạt."
    assert messages[(6, "offender_kind")] == (
        "Người vi phạm «chủ quán» không rõ; ghi «Tổ chức» hoặc «Cá nhân» (hộ kinh doanh)."
    )
    assert messages[(6, "penalty_kinds")].startswith("Hình thức xử phạt «phạt nặng» không có trong danh sách")
    assert messages[(7, "legal_basis")] == (
        "Điểm a khoản 3 Điều 99 Nghị định 282/2025 chưa có trong danh mục căn cứ pháp lý; "
        "thêm vào danh mục trước rồi nhập lại."
    )
    assert messages[(8, "visit_date")] == (
        "Ngày kiểm tra phải nằm trong thời gian của đợt 12/KH-UBND (01/03/2026 – 31/03/2026)."
    )
    assert messages[(9, "plan_number")] == "Không có đợt kiểm tra theo kế hoạch «99/KH»; ghi ngoài đợt"
    assert messages[(10, "result")].startswith("Kết quả «tốt lắm» không rõ; ghi một trong: không vi phạm")
    assert messages[(11, "visit_date")] == (
        "Trùng với dòng 4 của tệp (cùng cơ sở «Nhà nghỉ Hoàng Long», cùng ngày 10/03/2026)."
    )
    assert messages[(12, "visit_date")] == "Cơ sở «Karaoke Đức Hưng» đã có lượt kiểm tra ngày 01/02/2026."
    assert messages[(15, "fine_vnd")] == "Số tiền phạt không thể âm."
    assert messages[(16, "legal_basis")] == (
        "NĐ 144/2021/NĐ-CP không còn áp dụng cho hành vi ngày 10/03/2026; dùng NĐ 282/2025/NĐ-CP."
    )

    visits = {r.row: r.record.visit for r in preview.importable}
    first = visits[4]
    assert first.result == RESULT_REMINDER and first.visit_time is not None and first.round_id is not None
    assert first.members_present == ("Nguyễn Văn Minh", "Lò Văn Ứng")
    assert first.checklist == {
        "owner_commitment": CHECK_OK,
        "labour_contracts": CHECK_OK,
        "health_checks": CHECK_PROBLEM,
    }
    penalty = visits[5]
    assert (penalty.kind, penalty.result, penalty.fine_vnd) == (KIND_SURPRISE, RESULT_PENALTY, 1_500_000)
    assert (penalty.offender_kind, penalty.penalty_kinds) == ("individual", ("fine", "confiscation"))
    assert penalty.prostitution_related and penalty.decision_date == date(2026, 6, 16)
    catalogue = {b.id: (b.decree, b.article, b.clause) for b in InspectionService(transfer._db).legal_basis()}
    assert [catalogue[i] for i in penalty.legal_basis_ids] == [
        ("282/2025/NĐ-CP", "32", "1"),
        ("282/2025/NĐ-CP", "32", "2"),
    ]
    assert visits[9].round_id is None and "Số kế hoạch (đợt): 99/KH" in visits[9].notes
    assert (visits[13].kind, visits[13].follows_up_id) == (KIND_FOLLOW_UP, register["first visit"])
    assert (visits[14].result, visits[14].follows_up_id) == (RESULT_PLANNED, None)


def test_commit_writes_the_visits_with_their_legal_basis_and_closes_the_follow_up(
    office: Services, register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    inspections = InspectionService(office.db, now=FixedClock(NOW))
    assert [v.id for v in inspections.open_follow_ups()] == [register["first visit"]]
    preview = transfer.preview(_write_sheet(tmp_path / "kiem-tra.xlsx"))
    progress: list[tuple[int, int]] = []
    assert transfer.commit(preview, lambda d, t: progress.append((d, t))) == 5
    assert progress[-1] == (5, 5)
    assert _visit_count(office) == 6
    assert inspections.open_follow_ups() == []
    assert [v.visit_date for v in inspections.planned()] == [date(2026, 12, 15)]
    penalty = next(v for v in inspections.visits() if v.result == RESULT_PENALTY)
    assert [b.reference for b in penalty.legal_basis] == [
        "Khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP",
        "Khoản 2 Điều 32 Nghị định 282/2025/NĐ-CP",
    ]
    with office.db.read() as session:
        logged = session.scalar(
            select(func.count()).where(
                ChangeLogRecord.entity == "inspection_visit", ChangeLogRecord.action == "import"
            )
        )
        links = session.scalar(select(func.count()).select_from(VisitLegalBasisRecord))
    assert (logged, links) == (5, 2)
    again = transfer.preview(preview.file)
    assert {r.row for r in again.importable} == set()  # everything is recorded now: duplicates


def test_a_register_changed_since_the_preview_stops_the_commit_with_nothing_written(
    office: Services, register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    path = _write_sheet(tmp_path / "kiem-tra.xlsx")
    preview = transfer.preview(path)
    inspections = InspectionService(office.db, now=FixedClock(NOW))
    inspections.record_visit(
        VisitInput(
            register["Karaoke Đức Hưng"],
            "19/02/2026",
            kind=KIND_FOLLOW_UP,
            follows_up_id=register["first visit"],
        )
    )
    with pytest.raises(ConflictError, match="Việc hậu kiểm cơ sở «Karaoke Đức Hưng» vừa được ghi"):
        transfer.commit(preview)
    assert _visit_count(office) == 2

    preview = transfer.preview(path)
    office.businesses.void(register["Massage Thảo Nguyên"], "Nhập nhầm")
    office.businesses.void(register["Karaoke Đức Hưng"], "Nhập nhầm")
    with pytest.raises(ConflictError, match="vừa được đánh dấu nhập nhầm"):
        transfer.commit(preview)
    assert _visit_count(office) == 2


def test_cancel_leaves_the_data_as_it_was(
    office: Services, register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    preview = transfer.preview(_write_sheet(tmp_path / "kiem-tra.xlsx"))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        transfer.commit(preview, cancel=cancel)
    assert _visit_count(office) == 1


def test_export_imports_back_to_the_same_visits(
    office: Services, register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    transfer.commit(transfer.preview(_write_sheet(tmp_path / "kiem-tra.xlsx")))
    target = tmp_path / "xuat.xlsx"
    assert transfer.export(target, today=TODAY) == 6
    sheet = load_workbook(target, read_only=True).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header_index = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    assert tuple(rows[header_index]) == inspections_xlsx.EXPORT_HEADERS
    states = [
        r[inspections_xlsx.EXPORT_HEADERS.index("Tình trạng hậu kiểm")] for r in rows[header_index + 1 :]
    ]
    assert states.count("Đã hậu kiểm") == 1

    # Another office database with the same businesses, round and catalogue takes the file whole.
    other = open_services(tmp_path / "khac.sqlite3", actor=SYSTEM)
    try:
        configure(other)
        communes = {c.name: c.id for c in other.office.communes()}
        for name, commune, number in BUSINESSES:
            other.businesses.create(
                sample_input(other, name=name, commune_id=communes[commune], registration_number=number)
            )
        other.inspections.create_round(
            RoundInput("12/KH-UBND", "20/02/2026", "Đội 178", "district", "01/03/2026", "31/03/2026")
        )
        other_transfer = InspectionTransferService(other.db, now=FixedClock(NOW))
        preview = other_transfer.preview(target)
        assert [p.message for p in preview.problems] == []
        assert other_transfer.commit(preview) == 6

        def comparable(service: InspectionService) -> list[tuple[object, ...]]:
            return sorted(
                (
                    v.business_name,
                    v.visit_date,
                    v.visit_time,
                    v.kind,
                    v.round_plan_number,
                    v.members_present,
                    tuple(sorted(v.checklist.items())),
                    v.minutes_number,
                    v.result,
                    v.prostitution_related,
                    v.decision_number,
                    v.decision_date,
                    tuple(b.reference for b in v.legal_basis),
                    v.fine_vnd,
                    v.offender_kind,
                    v.penalty_kinds,
                    v.follow_up_due,
                    v.notes,
                    v.follows_up_id is not None,
                )
                for v in service.visits()
            )

        assert comparable(other.inspections) == comparable(office.inspections)
        assert other.inspections.open_follow_ups() == []
    finally:
        other.close()


def test_template_and_export_headers_are_the_import_columns(tmp_path: Path) -> None:
    assert inspections_xlsx.TEMPLATE_HEADERS == TEMPLATE_HEADERS
    assert all(match_header(VISIT_SPEC, h) is not None for h in inspections_xlsx.EXPORT_HEADERS)
    assert match_header(VISIT_SPEC, inspections_xlsx.STATE_HEADER) == IGNORE
    for header in HEADER[1:]:
        assert match_header(VISIT_SPEC, header) not in (None, IGNORE), header
    InspectionTransferService.write_template(tmp_path / "mau.xlsx")
    sheet = load_workbook(tmp_path / "mau.xlsx", read_only=True).active
    assert sheet is not None
    assert any(tuple(r) == TEMPLATE_HEADERS for r in sheet.iter_rows(values_only=True))


def test_legal_references_are_read_as_offices_write_them() -> None:
    found, unread = parse_references(
        "Điểm đ khoản 2 Điều 25 Nghị định 144/2021/NĐ-CP;\nĐ32 k1 NĐ 282/2025; Điều 25 NĐ 144/2021; tùy"
    )
    assert found == [
        Reference("144/2021", "25", "2", "đ"),
        Reference("282/2025", "32", "1", ""),
        Reference("144/2021", "25", "", ""),
    ]
    assert unread == ["tùy"]


def test_an_empty_result_is_no_violation_for_a_past_visit(
    register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    visits = {r.row: r.record.visit for r in transfer.preview(_write_sheet(tmp_path / "k.xlsx")).importable}
    assert visits[9].result == RESULT_NONE


def test_a_cancelled_export_writes_no_file(
    register: dict[str, int], transfer: InspectionTransferService, tmp_path: Path
) -> None:
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "xuat"
    out.mkdir()
    with pytest.raises(Cancelled):
        transfer.export(out / "xuat.xlsx", cancel=cancel, today=TODAY)
    assert list(out.iterdir()) == []
