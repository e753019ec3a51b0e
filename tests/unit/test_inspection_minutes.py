"""Inspection minutes PDF: the pre-filled text as printed, blanks to fill by hand, one minutes per page run,
atomic writing and cancel, the editable legal grounds, and printing from the service."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.domain.errors import Cancelled, ValidationErrors
from desktop_app.domain.forms import (
    FormOffice,
    InspectionMinutesForm,
    minutes_checklist,
    minutes_number,
    team_leader,
)
from desktop_app.domain.inspections import (
    CHECKLIST,
    LEVEL_COMMUNE,
    LEVEL_DISTRICT,
    RESULT_PLANNED,
    RoundInput,
    VisitInput,
)
from desktop_app.exports.atomic import ExportError
from desktop_app.exports.inspection_minutes import write_inspection_minutes
from desktop_app.services.app_services import Services
from desktop_app.services.inspections import InspectionService
from tests.conftest import FixedClock, sample_input

OFFICE = FormOffice("Ủy ban nhân dân xã Mường Bon", "", "Mường Bon")
FULL = InspectionMinutesForm(
    business_name="Nhà nghỉ Hoa Ban",
    business_type="Nhà nghỉ",
    address="Bản Mường Bon, xã Mường Bon, tỉnh Sơn La",
    commune_name="Xã Mường Bon",
    owner_name="Nguyễn Thị Hằng",
    owner_id_number="014186001234",
    owner_phone="0912 345 678",
    registration_number="24A8001234",
    registration_date=date(2021, 4, 12),
    team_name="Đội kiểm tra liên ngành 178 xã Mường Bon",
    plan_number="12/KH-UBND",
    plan_date=date(2026, 3, 2),
    visit_date=date(2026, 3, 17),
    visit_time="14:30",
    kind_label="Định kỳ",
    members=("Lò Văn Hùng – Đội trưởng", "Quàng Văn Tú – Công an xã"),
    checklist=tuple(CHECKLIST.values()),
    minutes_number="07/BB-ĐKT",
)
BLANK = InspectionMinutesForm(
    business_name="Karaoke Ánh Dương",
    business_type="",
    address="",
    commune_name="",
    owner_name="",
    owner_id_number="",
    owner_phone="",
    registration_number="",
    registration_date=None,
    team_name="",
    plan_number="",
    plan_date=None,
    visit_date=None,
    visit_time="",
    kind_label="Đột xuất",
    members=(),
    checklist=tuple(CHECKLIST.values()),
)


def _require(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (apt-get install -y poppler-utils)"
    return path


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = [_require("pdftotext"), "-layout"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def _pages(pdf: Path) -> int:
    out = subprocess.run([_require("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def minutes_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("minutes") / "bien-ban.pdf"
    write_inspection_minutes(target, OFFICE, [FULL, BLANK])
    return target


def test_minutes_print_what_the_register_knows(minutes_pdf: Path) -> None:
    text = _text(minutes_pdf, 1, 2)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "ĐỘI KIỂM TRA LIÊN NGÀNH 178",
        "Số: 07/BB-ĐKT",
        "Mường Bon, ngày 17 tháng 3 năm 2026",
        "BIÊN BẢN KIỂM TRA",
        "Căn cứ Pháp lệnh Phòng, chống mại dâm số 10/2003/PL-UBTVQH11 ngày 17 tháng 3 năm 2003;",
        "Căn cứ Quyết định số ……",  # the decision that set up the team: not recorded, by hand
        "về việc thành lập Đội kiểm tra liên ngành;",
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 02/03/2026,",
        "Hôm nay, vào hồi 14 giờ 30 phút, ngày 17 tháng 3 năm 2026, tại cơ sở Nhà nghỉ Hoa Ban, "
        "Đội kiểm tra liên ngành 178 xã Mường Bon tiến hành kiểm tra",
        "(hình thức kiểm tra: định kỳ)",
        "1. Lò Văn Hùng – Đội trưởng",
        "2. Quàng Văn Tú – Công an xã",
        "Tên cơ sở kinh doanh: Nhà nghỉ Hoa Ban",
        "Số Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh: 24A8001234; ngày cấp: 12/04/2021",
        "Số CCCD: 014186001234; Điện thoại: 0912 345 678",
        "ĐẠI DIỆN CƠ SỞ",
        "ĐỘI TRƯỞNG",
        "THÀNH VIÊN ĐỘI KIỂM TRA",
        "Nguyễn Thị Hằng",
    ):
        assert expected in text, expected
    for item in CHECKLIST.values():  # the checklist rows, to tick by hand (a long one wraps in its cell)
        assert " ".join(item.split()[:4]) in text, item
    assert "Đoàn" not in text and "ĐOÀN" not in text  # one word for the team: Đội


def test_blank_fields_print_dotted_lines(minutes_pdf: Path) -> None:
    text = _text(minutes_pdf, 3, 4)
    assert text.count("Ông (bà): ……") == 4  # member lines to fill by hand
    assert "Loại hình kinh doanh: ……" in text
    assert "Căn cứ Kế hoạch (quyết định) kiểm tra số ……" in text
    assert "vào hồi ……… giờ ……… phút, ngày ……… tháng ……… năm ………" in text
    assert "Đội kiểm tra liên ngành tiến hành kiểm tra" in text
    assert "Số: ……/BB-……" in text  # no number, no office symbol: blanks
    assert "(hình thức kiểm tra: đột xuất)" in text
    assert "Nhà nghỉ Hoa Ban" not in text


def test_each_minutes_starts_on_a_new_page(minutes_pdf: Path) -> None:
    assert _pages(minutes_pdf) == 4
    assert "Nhà nghỉ Hoa Ban" in _text(minutes_pdf, 1)
    third = _text(minutes_pdf, 3)
    assert third.startswith("ỦY BAN NHÂN DÂN") and "Karaoke Ánh Dương" in third
    assert _text(minutes_pdf, 2).startswith("2 ")  # numbered from the second page of each minutes
    assert not third.startswith("3")


def test_fonts_are_embedded(minutes_pdf: Path) -> None:
    out = subprocess.run(
        [_require("pdffonts"), str(minutes_pdf)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line for line in out.splitlines() if "LiberationSerif" in line]
    assert rows and all(" yes " in row for row in rows)
    assert "Helvetica" not in out


def test_progress_cancel_and_nothing_to_print(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_inspection_minutes(tmp_path / "a.pdf", OFFICE, [FULL, BLANK], lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2), (1, 2), (2, 2)]

    target = tmp_path / "b.pdf"
    done: list[int] = []
    with pytest.raises(Cancelled):
        write_inspection_minutes(
            target, OFFICE, [FULL, BLANK, FULL], lambda d, t: done.append(d), lambda: len(done) >= 2
        )
    assert not target.exists()
    with pytest.raises(ExportError, match=r"Không có lượt kiểm tra nào để in biên bản\."):
        write_inspection_minutes(tmp_path / "c.pdf", OFFICE, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_legal_grounds_come_from_the_editable_template(tmp_path: Path) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "inspection_minutes.txt").write_text(
        "# của đơn vị\nCăn cứ Quyết định số 01/QĐ-UBND thành lập ${doi_kiem_tra};\n\nCăn cứ ${ke_hoach}.\n",
        encoding="utf-8",
    )
    target = tmp_path / "bien-ban.pdf"
    write_inspection_minutes(target, OFFICE, [FULL], templates_dir=templates)
    text = _text(target)
    assert "Căn cứ Quyết định số 01/QĐ-UBND thành lập Đội kiểm tra liên ngành 178 xã Mường Bon;" in text
    assert "Căn cứ Kế hoạch số 12/KH-UBND ngày 02/03/2026." in text
    assert "Pháp lệnh" not in text and "của đơn vị" not in text


def test_service_prints_minutes_for_planned_visits(office: Services, tmp_path: Path) -> None:
    inspections = InspectionService(office.db, now=FixedClock(datetime(2026, 11, 23, 9, 0)))
    commune = next(c.id for c in office.office.communes() if c.name == "Xã Mường Bon")
    business = office.businesses.create(
        sample_input(office, name="Karaoke Sao Mai", registration_number="000062", commune_id=commune)
    )
    round_id = inspections.create_round(
        RoundInput(
            plan_number="31/KH-ĐKT",
            plan_date="15/11/2026",
            team_name="Đội kiểm tra liên ngành 178 xã Mường Bon",
            team_level=LEVEL_COMMUNE,
            starts_on="20/11/2026",
            ends_on="20/12/2026",
            members="Lò Văn Hùng – Đội trưởng",
        )
    )
    visit = inspections.record_visit(
        VisitInput(business, "27/11/2026", round_id=round_id, visit_time="08:15", result=RESULT_PLANNED)
    )
    target = tmp_path / "bien-ban.pdf"
    assert inspections.print_minutes(target, [visit]) == 1
    text = _text(target)
    assert "Căn cứ Kế hoạch số 31/KH-ĐKT ngày 15/11/2026," in text
    assert "vào hồi 08 giờ 15 phút, ngày 27 tháng 11 năm 2026, tại cơ sở Karaoke Sao Mai" in text
    assert "1. Lò Văn Hùng – Đội trưởng" in text


# ---- Legal basis, header, number, leader, checklist (#16) ------------------------------------------------

DISTRICT_OFFICE = FormOffice(
    "Phòng Văn hóa – Xã hội",
    "Ủy ban nhân dân huyện Mai Sơn",
    "Mai Sơn",
    document_symbol="VHXH",
    province_name="Tỉnh Sơn La",
)


def test_a_commune_team_works_under_the_commune_people_committee(tmp_path: Path) -> None:
    target = tmp_path / "xa.pdf"
    commune_team = replace(FULL, team_level=LEVEL_COMMUNE, minutes_number="")
    district_team = replace(FULL, team_level=LEVEL_DISTRICT, minutes_number="")
    write_inspection_minutes(target, DISTRICT_OFFICE, [commune_team, district_team])
    first, other = _text(target, 1), _text(target, 3)
    assert first.startswith("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM XÃ MƯỜNG BON")
    assert "PHÒNG VĂN HÓA" not in first  # not the office that prints it
    assert other.startswith("PHÒNG VĂN HÓA – XÃ HỘI")
    assert "Số: ……/BB-VHXH" in first and "Số: ……/BB-VHXH" in other  # the office's symbol


def test_leader_is_prefilled_and_the_checklist_has_the_licences_and_registers(tmp_path: Path) -> None:
    target = tmp_path / "doi-truong.pdf"
    write_inspection_minutes(target, DISTRICT_OFFICE, [replace(FULL, checklist=minutes_checklist(()))])
    assert _pages(target) == 2  # the whole minutes on two pages, the signatures with the closing lines
    text = _text(target)
    assert "ĐỘI TRƯỞNG (Ký, ghi rõ họ tên)" in text
    assert text.rstrip().endswith("(Ký, ghi rõ họ tên) (Ký, ghi rõ họ tên)")
    assert "Nguyễn Thị Hằng Lò Văn Hùng" in text  # owner and leader names under their blocks
    for words in (
        "Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh",  # (a long item wraps in its cell)
        "2 Giấy chứng nhận đủ điều kiện về an ninh, trật tự",
        "3 Sổ theo dõi khách lưu trú; thông báo lưu trú",
        "4 Danh sách người lao động; thẻ (biển tên) nhân viên",
    ):
        assert words in text, words
    assert "Bản Mường Bon, xã Mường Bon, tỉnh Sơn La" in text


@pytest.mark.parametrize(
    ("members", "leader"),
    [
        (("Lò Văn Hùng – Đội trưởng", "Quàng Văn Tú – Công an xã"), "Lò Văn Hùng"),
        (("A – Công an xã, Đội phó", "Cà Thị Lan – Phó Chủ tịch UBND xã, Đội trưởng"), "Cà Thị Lan"),
        (("A – Công an xã, Đội phó",), ""),
        ((), ""),
    ],
)
def test_team_leader_is_the_member_recorded_as_doi_truong(members: tuple[str, ...], leader: str) -> None:
    assert team_leader(members) == leader


def test_minutes_number_keeps_a_recorded_number_else_the_office_symbol() -> None:
    assert minutes_number("07/BB-ĐKT", "UBND") == "07/BB-ĐKT"
    assert minutes_number("", "UBND") == "……/BB-UBND"
    assert minutes_number(" ", "") == "……/BB-……"


# ---- The decision that set up the team (#16) -------------------------------------------------------------


def test_the_decision_that_set_up_the_team_is_printed_when_the_round_records_it(tmp_path: Path) -> None:
    known = replace(
        FULL, team_level=LEVEL_COMMUNE, decision_number="12/QĐ-UBND", decision_date=date(2026, 3, 3)
    )
    texts = []
    for i, form in enumerate((known, replace(known, decision_date=None), BLANK)):
        write_inspection_minutes(tmp_path / f"{i}.pdf", OFFICE, [form])
        texts.append(_text(tmp_path / f"{i}.pdf"))
    first, half, blank = texts
    assert (
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 03/03/2026 của Chủ tịch Ủy ban nhân dân xã Mường Bon về việc "
        "thành lập Đội kiểm tra liên ngành 178 xã Mường Bon;" in first
    )
    assert "Căn cứ Quyết định số 12/QĐ-UBND ngày …" in half  # the date not recorded: by hand
    assert "Căn cứ Quyết định số …" in blank and "về việc thành lập Đội kiểm tra liên ngành;" in blank


def test_a_district_team_decision_names_no_commune_chairman(tmp_path: Path) -> None:
    target = tmp_path / "huyen.pdf"
    district = replace(
        FULL, team_level=LEVEL_DISTRICT, decision_number="45/QĐ-UBND", decision_date=date(2026, 2, 20)
    )
    write_inspection_minutes(target, DISTRICT_OFFICE, [district])
    text = _text(target)
    assert (
        "Căn cứ Quyết định số 45/QĐ-UBND ngày 20/02/2026 về việc thành lập Đội kiểm tra liên ngành 178"
        in text
    )
    assert "Chủ tịch Ủy ban nhân dân xã" not in text


def test_an_office_template_override_gets_the_decision_too(tmp_path: Path) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "inspection_minutes.txt").write_text("Theo ${quyet_dinh}.\n", encoding="utf-8")
    target = tmp_path / "bien-ban.pdf"
    known = replace(FULL, decision_number="12/QĐ-UBND", decision_date=date(2026, 3, 3))
    write_inspection_minutes(target, OFFICE, [known], templates_dir=templates)
    assert "Theo Quyết định số 12/QĐ-UBND ngày 03/03/2026 về việc thành lập Đội kiểm tra liên ngành 178" in (
        _text(target)
    )


def test_service_prints_the_round_decision(office: Services, tmp_path: Path) -> None:
    inspections = InspectionService(office.db, now=FixedClock(datetime(2026, 11, 23, 9, 0)))
    business = office.businesses.create(
        sample_input(office, name="Karaoke Sao Mai", registration_number="62")
    )
    round_id = inspections.create_round(
        RoundInput(
            plan_number="31/KH-ĐKT",
            plan_date="15/11/2026",
            team_name="Đội kiểm tra liên ngành 178 xã Mường Bon",
            team_level=LEVEL_COMMUNE,
            starts_on="20/11/2026",
            ends_on="20/12/2026",
            decision_number=" 12/QĐ-UBND ",
            decision_date="03/11/2026",
        )
    )
    saved = inspections.round(round_id)
    assert (saved.decision_number, saved.decision_date) == ("12/QĐ-UBND", date(2026, 11, 3))
    visit = inspections.record_visit(
        VisitInput(business, "27/11/2026", round_id=round_id, result=RESULT_PLANNED)
    )
    target = tmp_path / "bien-ban.pdf"
    inspections.print_minutes(target, [visit])
    assert "Quyết định số 12/QĐ-UBND ngày 03/11/2026 của Chủ tịch Ủy ban nhân dân xã Mường Bon" in _text(
        target
    )


@pytest.mark.parametrize(
    ("number", "day", "field", "message"),
    [
        ("12/QĐ-UBND", "21/11/2026", "decision_date", "trước hoặc trùng ngày bắt đầu"),
        ("x" * 51, "", "decision_number", "quá dài"),
        ("12/QĐ-UBND", "31/02/2026", "decision_date", "Ngày không hợp lệ"),
    ],
)
def test_a_wrong_decision_is_refused_beside_its_field(
    number: str, day: str, field: str, message: str
) -> None:
    data = RoundInput(
        "31/KH", None, "Đội 178", LEVEL_COMMUNE, "20/11/2026", "20/12/2026", decision_number=number
    )
    with pytest.raises(ValidationErrors) as caught:
        replace(data, decision_date=day or None).validated()
    assert set(caught.value.errors) == {field} and message in caught.value.errors[field]
