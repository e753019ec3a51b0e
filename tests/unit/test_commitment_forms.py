"""Commitment forms PDF: Vietnamese text as printed, one form per page run, atomic writing, templates."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.errors import Cancelled
from desktop_app.domain.forms import (
    EmployeeCommitmentForm,
    FormOffice,
    OwnerCommitmentForm,
    bars_minors,
    full_address,
)
from desktop_app.exports.atomic import ExportError
from desktop_app.exports.commitment_forms import (
    commune_in_sentence,
    parse_clauses,
    select_clauses,
    write_employee_forms,
    write_owner_forms,
)
from desktop_app.exports.pdf_layout import vn_date_line
from desktop_app.services.app_services import Services
from tests.conftest import sample_input

OFFICE = FormOffice("Ủy ban nhân dân xã Mường Bon", "", "Mai Sơn")
DAY = date(2026, 3, 5)
CLAUSE_1 = (
    "1. Chấp hành nghiêm các quy định của pháp luật; kinh doanh đúng ngành, nghề đã đăng ký và bảo đảm "
    "đủ các điều kiện đối với ngành, nghề kinh doanh có điều kiện."
)
FULL = OwnerCommitmentForm(
    commune_name="Xã Mường Bon",
    business_name="Nhà nghỉ Hoa Ban",
    business_type="Nhà nghỉ",
    address="Bản Mường Bon, xã Mường Bon, tỉnh Sơn La",
    owner_name="Nguyễn Thị Hằng",
    owner_id_number="014186001234",
    owner_phone="0912345678",
    registration_number="24A8001234",
    registration_date=date(2021, 4, 12),
    valid_from=date(2026, 3, 5),
    valid_to=date(2026, 12, 31),
)
MISSING = OwnerCommitmentForm(
    commune_name="Thị trấn Hát Lót",
    business_name="Karaoke Ánh Dương",
    business_type="",
    address="",
    owner_name="",
    owner_id_number="",
    owner_phone="",
    registration_number="",
    registration_date=None,
    valid_from=None,
    valid_to=date(2026, 12, 31),
)
OPEN_ENDED = OwnerCommitmentForm(
    commune_name="Phường Tô Hiệu",
    business_name="Xoa bóp Đức Thịnh",
    business_type="Xoa bóp",
    address="Tổ 3, phường Tô Hiệu",
    owner_name="Lò Văn Ứng",
    owner_id_number="014090004321",
    owner_phone="0987654321",
    registration_number="24B1000099",
    registration_date=date(2019, 1, 2),
    valid_from=date(2026, 1, 2),
    valid_to=None,
    representative_name="Trần Đức Thịnh",
    representative_position="Phó Chủ tịch UBND",
)
NAMES = ("Nhà nghỉ Hoa Ban", "Karaoke Ánh Dương", "Xoa bóp Đức Thịnh")


def _require(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (apt-get install -y poppler-utils)"
    return path


def _text(pdf: Path, page: int | None = None) -> str:
    """The text of the PDF (or one page of it), white space folded so wrapped lines read as one."""
    args = [_require("pdftotext"), "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def _pages(pdf: Path) -> int:
    out = subprocess.run([_require("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def owner_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("forms") / "cam-ket.pdf"
    write_owner_forms(target, OFFICE, [FULL, MISSING, OPEN_ENDED], DAY)
    return target


def test_owner_forms_print_the_vietnamese_text(owner_pdf: Path) -> None:
    text = _text(owner_pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mai Sơn, ngày 05 tháng 3 năm 2026",
        "BẢN CAM KẾT",
        "Về việc không để xảy ra hoạt động mại dâm tại cơ sở kinh doanh dịch vụ",
        "Kính gửi: Ủy ban nhân dân xã Mường Bon",
        "Kính gửi: Ủy ban nhân dân thị trấn Hát Lót",
        "Kính gửi: Ủy ban nhân dân phường Tô Hiệu",
        "Tên cơ sở kinh doanh: Nhà nghỉ Hoa Ban",
        "Họ và tên chủ cơ sở: Nguyễn Thị Hằng",
        "Số CCCD: 014186001234",
        "Điện thoại: 0912345678",
        "24A8001234; ngày cấp: 12/04/2021",
        CLAUSE_1,
        "Bản cam kết có hiệu lực từ ngày 05/03/2026 đến ngày 31/12/2026.",
        "Bản cam kết có hiệu lực từ ngày 02/01/2026 đến khi thay đổi chủ cơ sở.",
        "CHỦ CƠ SỞ",
        "(Ký, ghi rõ họ tên, đóng dấu nếu có)",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Đức Thịnh",
        "Lò Văn Ứng",
    ):
        assert expected in text, expected
    assert "\ufffd" not in text and "■" not in text
    assert "${" not in text


def test_missing_fields_print_dotted_lines(owner_pdf: Path) -> None:
    text = _text(owner_pdf)
    assert "Loại hình kinh doanh: ………" in text
    assert "Địa chỉ: ………" in text
    assert "Họ và tên chủ cơ sở: ………" in text
    assert "Bản cam kết có hiệu lực từ ngày ……/……/……… đến ngày 31/12/2026." in text


def test_each_form_starts_on_a_new_page(owner_pdf: Path) -> None:
    pages = _pages(owner_pdf)
    assert pages == 3  # one A4 page per business
    first_pages: list[int] = []
    for page in range(1, pages + 1):
        text = _text(owner_pdf, page)
        shown = [name for name in NAMES if f"Tên cơ sở kinh doanh: {name}" in text]
        assert len(shown) <= 1, f"page {page} holds two forms"
        if shown:
            assert text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), page
            first_pages.append(page)
    assert first_pages == [1, 2, 3]


def test_fonts_are_embedded(owner_pdf: Path) -> None:
    out = subprocess.run(
        [_require("pdffonts"), str(owner_pdf)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line for line in out.splitlines() if "LiberationSerif" in line]
    assert rows
    assert all(" yes " in row for row in rows)  # embedded (and subset)
    assert "Helvetica" not in out


def test_progress_is_reported_per_form(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_owner_forms(tmp_path / "a.pdf", OFFICE, [FULL, OPEN_ENDED], DAY, lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "cam-ket.pdf"
    done: list[int] = []

    with pytest.raises(Cancelled):
        write_owner_forms(
            target,
            OFFICE,
            [FULL, MISSING, OPEN_ENDED],
            DAY,
            lambda d, t: done.append(d),
            lambda: len(done) >= 2,
        )
    assert done == [0, 1]
    assert list(tmp_path.iterdir()) == []


def test_cancel_before_start_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "cam-ket.pdf"
    target.write_bytes(b"old")
    with pytest.raises(Cancelled):
        write_owner_forms(target, OFFICE, [FULL], DAY, cancelled=lambda: True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cam-ket.pdf"]


def test_no_forms_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"Không có cơ sở nào để in bản cam kết\."):
        write_owner_forms(tmp_path / "a.pdf", OFFICE, [], DAY)
    with pytest.raises(ExportError, match=r"Không có cơ sở nào để in bản cam kết\."):
        write_employee_forms(tmp_path / "b.pdf", OFFICE, [], DAY)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        write_owner_forms(tmp_path / "no" / "a.pdf", OFFICE, [FULL], DAY)


def test_template_override_is_used(tmp_path: Path) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "commitment_owner.txt").write_text(
        "# ghi chú không in\n"
        "Cơ sở ${ten_co_so} (${loai_hinh}) của ông/bà ${chu_co_so} cam kết với Ủy ban nhân dân ${xa}\n"
        "từ ${hieu_luc_tu} đến ${hieu_luc_den}.\n"
        "\n"
        "Điều khoản riêng của xã; chỗ lạ ${khong_co} giữ nguyên.\n",
        encoding="utf-8",
    )
    target = tmp_path / "a.pdf"
    write_owner_forms(target, OFFICE, [OPEN_ENDED], DAY, templates_dir=templates)
    text = _text(target)
    assert (
        "1. Cơ sở Xoa bóp Đức Thịnh (Xoa bóp) của ông/bà Lò Văn Ứng cam kết với Ủy ban nhân dân "
        "phường Tô Hiệu từ 02/01/2026 đến khi thay đổi chủ cơ sở." in text
    )
    assert "2. Điều khoản riêng của xã; chỗ lạ ${khong_co} giữ nguyên." in text
    assert "ghi chú không in" not in text
    assert "Chấp hành nghiêm chỉnh" not in text


def test_template_folder_without_the_file_falls_back_to_the_bundled_one(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    write_owner_forms(target, OFFICE, [FULL], DAY, templates_dir=tmp_path / "empty")
    assert CLAUSE_1 in _text(target)


def test_unreadable_template_is_an_export_error(tmp_path: Path) -> None:
    (tmp_path / "commitment_owner.txt").write_bytes(b"\xd0i\xea\xd2u kho\xe1n")  # cp1258, not UTF-8
    with pytest.raises(ExportError, match="UTF-8"):
        write_owner_forms(tmp_path / "a.pdf", OFFICE, [FULL], DAY, templates_dir=tmp_path)
    (tmp_path / "commitment_owner.txt").write_text("# chỉ có ghi chú\n\n", encoding="utf-8")
    with pytest.raises(ExportError, match="không có điều khoản"):
        write_owner_forms(tmp_path / "a.pdf", OFFICE, [FULL], DAY, templates_dir=tmp_path)
    assert not (tmp_path / "a.pdf").exists()


def test_parse_clauses() -> None:
    text = "\ufeff# a\n\nMột\nhai  dòng\n\n\n  # b\nBa\n"
    assert parse_clauses(text) == ["Một hai dòng", "Ba"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 5), "Mai Sơn, ngày 05 tháng 3 năm 2026"),
        (date(2026, 1, 9), "Mai Sơn, ngày 09 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Mai Sơn, ngày 28 tháng 02 năm 2026"),
        (date(2025, 12, 10), "Mai Sơn, ngày 10 tháng 12 năm 2025"),
        (date(2025, 10, 1), "Mai Sơn, ngày 01 tháng 10 năm 2025"),
    ],
)
def test_vn_date_line_pads_as_nd30_says(day: date, expected: str) -> None:
    assert vn_date_line("Mai Sơn", day) == expected


def test_vn_date_line_without_place_leaves_a_blank() -> None:
    assert vn_date_line("", date(2026, 3, 5)).endswith("…, ngày 05 tháng 3 năm 2026")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Xã Mường Bon", "xã Mường Bon"),
        ("Thị trấn Hát Lót", "thị trấn Hát Lót"),
        ("Phường Tô Hiệu", "phường Tô Hiệu"),
        ("XÃ Chiềng Mung", "xã Chiềng Mung"),
        ("Đặc khu Phú Quốc", "đặc khu Phú Quốc"),
        ("TT. Mường Tè", "thị trấn Mường Tè"),
        ("Xà Phìn", "Xà Phìn"),
        ("Mường Bon", "Mường Bon"),
    ],
)
def test_commune_in_sentence(name: str, expected: str) -> None:
    assert commune_in_sentence(name) == expected


def test_employee_forms(tmp_path: Path) -> None:
    known = EmployeeCommitmentForm(
        business_name="Nhà nghỉ Hoa Ban",
        address="Bản Mường Bon, xã Mường Bon",
        commune_name="Xã Mường Bon",
        owner_name="Nguyễn Thị Hằng",
        employee_name="Lường Thị Mai",
        employee_birth_date=date(2001, 2, 7),
        employee_id_number="014301009876",
        position="Lễ tân",
    )
    blank = EmployeeCommitmentForm(
        "Nhà nghỉ Hoa Ban", "Bản Mường Bon, xã Mường Bon", "Xã Mường Bon", "Nguyễn Thị Hằng"
    )
    target = tmp_path / "nld.pdf"
    write_employee_forms(target, OFFICE, [known, blank], date(2026, 1, 9))

    assert _pages(target) == 2  # one page each
    first, second = _text(target, 1), _text(target, 2)
    for text in (first, second):
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Mai Sơn, ngày 09 tháng 01 năm 2026",
            "BẢN CAM KẾT CỦA NGƯỜI LAO ĐỘNG",
            "Kính gửi: Chủ cơ sở Nhà nghỉ Hoa Ban",
            "1. Chấp hành nghiêm chỉnh các quy định của pháp luật về phòng, chống mại dâm; không bán dâm",
            "tại cơ sở Nhà nghỉ Hoa Ban",
            "CHỦ CƠ SỞ",
            "NGƯỜI CAM KẾT",
            "Nguyễn Thị Hằng",
        ):
            assert expected in text, expected
    for expected in (
        "Họ và tên người lao động: Lường Thị Mai",
        "Ngày sinh: 07/02/2001",
        "Số CCCD: 014301009876",
        "Vị trí công việc: Lễ tân",
    ):
        assert expected in first, expected
    for expected in (
        "Họ và tên người lao động: ………",
        "Ngày sinh: ………",
        "Số CCCD: ………",
        "Vị trí công việc: ………",
    ):
        assert expected in second, expected
    assert "Lường Thị Mai" not in second


def test_markup_characters_in_data_are_printed_as_typed(tmp_path: Path) -> None:
    form = OwnerCommitmentForm(
        "Xã Mường Bon",
        "Karaoke A&B <VIP>",
        "Karaoke",
        "Số 5 & 7",
        "Đỗ Văn Dũng",
        "",
        "",
        "",
        None,
        None,
        None,
    )
    target = tmp_path / "a.pdf"
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "commitment_owner.txt").write_text("Không để xảy ra mại dâm tại cơ sở ${ten_co_so};\n")
    write_owner_forms(target, OFFICE, [form], DAY, templates_dir=templates)
    text = _text(target)
    assert "Tên cơ sở kinh doanh: Karaoke A&B <VIP>" in text
    assert "tại cơ sở Karaoke A&B <VIP>;" in text
    assert "Địa chỉ: Số 5 & 7" in text


# ---- The legal basis, the owner's identity, the minors clause, one page (#16) ---------------------------

PROVINCE_OFFICE = FormOffice(
    "Ủy ban nhân dân xã Mường Bon", "", "Mường Bon", document_symbol="UBND", province_name="Tỉnh Sơn La"
)
LONG = OwnerCommitmentForm(
    commune_name="Xã Mường Bon",
    business_name="Nhà nghỉ, khách sạn và karaoke Hoa Ban Tây Bắc Mường Bon Sơn La số 2",
    business_type="Massage, xông hơi, xoa bóp",
    address="Số nhà 128, tổ dân phố 14, tiểu khu Chiềng Sinh, đường Lò Văn Giá kéo dài",
    owner_name="Nguyễn Thị Thanh Hằng Phương",
    owner_id_number="014186001234",
    owner_phone="0912345678",
    registration_number="24A8001234567",
    registration_date=date(2021, 4, 12),
    valid_from=date(2026, 3, 5),
    valid_to=date(2026, 12, 31),
    representative_name="Trần Đức Thịnh Vượng",
    representative_position="Phó Chủ tịch UBND",
    minors_barred=True,
)


def test_a_long_owner_form_fits_one_a4_page_so_477_forms_print_477_pages(tmp_path: Path) -> None:
    target = tmp_path / "dai.pdf"
    forms = [LONG, replace(LONG, minors_barred=False), MISSING]
    write_owner_forms(target, PROVINCE_OFFICE, forms, DAY)
    assert _pages(target) == len(forms)
    for page in (1, 2):  # everything down to the signatures is on the form's own page
        text = _text(target, page)
        assert "Căn cứ Pháp lệnh" in text and "CHỦ CƠ SỞ" in text and "Nguyễn Thị Thanh Hằng Phương" in text


def test_owner_form_has_the_legal_basis_the_owner_identity_and_the_full_address(tmp_path: Path) -> None:
    target = tmp_path / "can-cu.pdf"
    write_owner_forms(target, PROVINCE_OFFICE, [LONG], DAY)
    text = _text(target)
    assert "Căn cứ Pháp lệnh Phòng, chống mại dâm số 10/2003/PL-UBTVQH11 ngày 17/3/2003" in text
    assert "Nghị định số 178/2004/NĐ-CP ngày 15/10/2004" in text
    assert "Số Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh: 24A8001234567" in text
    assert "đăng ký kinh doanh:" not in text
    assert "Ngày sinh: ………" in text and "Nơi cư trú: ………" in text  # not known: by hand
    assert "đường Lò Văn Giá kéo dài, xã Mường Bon, tỉnh Sơn La" in text


def test_owner_birth_date_and_residence_are_printed_when_known(tmp_path: Path) -> None:
    target = tmp_path / "chu-co-so.pdf"
    known = replace(LONG, owner_birth_date=date(1986, 7, 9), owner_residence="Bản Nà Sài, xã Mường Bon")
    write_owner_forms(target, PROVINCE_OFFICE, [known], DAY)
    text = _text(target)
    assert "Ngày sinh: 09/07/1986" in text
    assert "Nơi cư trú: Bản Nà Sài, xã Mường Bon" in text
    assert "Ngày sinh: ………" not in text and "Nơi cư trú: ………" not in text


def test_service_fills_the_owner_birth_date_and_residence(office: Services) -> None:
    known = office.businesses.create(
        sample_input(
            office,
            name="Nhà nghỉ Sao",
            registration_number="A1",
            owner_birth_date="09/07/1986",
            owner_residence="Tổ 2, phường Tô Hiệu",
        )
    )
    unknown = office.businesses.create(sample_input(office, name="Nhà nghỉ Trăng", registration_number="A2"))
    forms = office.commitments.owner_forms([known, unknown], date(2026, 3, 5))
    assert (forms[0].owner_birth_date, forms[0].owner_residence) == (date(1986, 7, 9), "Tổ 2, phường Tô Hiệu")
    assert (forms[1].owner_birth_date, forms[1].owner_residence) == (None, "")


def test_minors_clause_follows_labour_code_147_only_for_the_types_it_names(tmp_path: Path) -> None:
    target = tmp_path / "tre-em.pdf"
    write_owner_forms(target, PROVINCE_OFFICE, [LONG, replace(LONG, minors_barred=False)], DAY)
    barred, other = _text(target, 1), _text(target, 2)
    assert "Không sử dụng người chưa đủ 18 tuổi làm việc tại cơ sở dưới bất kỳ hình thức nào" in barred
    assert "điểm d khoản 2 Điều 147 Bộ luật Lao động năm 2019" in barred
    assert "mà Điều 147 Bộ luật Lao động năm 2019 cấm" not in barred
    assert "bất kỳ hình thức nào" not in other
    assert "Không sử dụng người chưa đủ 18 tuổi làm các công việc, ở các nơi làm việc mà Điều 147" in other
    assert "{cam_duoi_18}" not in barred + other and "{khong_cam_duoi_18}" not in barred + other


def test_select_clauses_keeps_tagged_clauses_only_when_they_apply() -> None:
    clauses = ["Chung.", "{cam_duoi_18} Cấm hẳn.", "{khong_cam_duoi_18} Theo Điều 147.", "Cuối."]
    assert select_clauses(clauses, True) == ["Chung.", "Cấm hẳn.", "Cuối."]
    assert select_clauses(clauses, False) == ["Chung.", "Theo Điều 147.", "Cuối."]


@pytest.mark.parametrize(
    ("code", "barred"),
    [
        *[(code, True) for code in ("KS", "NN", "KAR", "BAR", "MSG", "kar")],
        *[(code, False) for code in ("CF", "NH", "NT", "CTG", "KHAC", "")],
    ],
)
def test_the_types_labour_code_147_bars_minors_from(code: str, barred: bool) -> None:
    assert bars_minors(code) is barred


@pytest.mark.parametrize(
    ("address", "commune", "province", "expected"),
    [
        ("Bản Nà Sài", "Xã Mường Bon", "Tỉnh Sơn La", "Bản Nà Sài, xã Mường Bon, tỉnh Sơn La"),
        ("Tổ 3, phường Tô Hiệu", "Phường Tô Hiệu", "Tỉnh Sơn La", "Tổ 3, phường Tô Hiệu, tỉnh Sơn La"),
        ("Số 5, xã Mường Bon, tỉnh Sơn La", "Xã Mường Bon", "Tỉnh Sơn La", "Số 5, xã Mường Bon, tỉnh Sơn La"),
        ("", "Đặc khu Vân Đồn", "Tỉnh Quảng Ninh", "…" * 12 + ", đặc khu Vân Đồn, tỉnh Quảng Ninh"),
        ("", "", "", ""),
        ("Số 1", "Phường Ba Đình", "Thành phố Hà Nội", "Số 1, phường Ba Đình, thành phố Hà Nội"),
        ("Số 1", "", "", "Số 1"),
    ],
)
def test_full_address_adds_the_commune_and_the_province(
    address: str, commune: str, province: str, expected: str
) -> None:
    assert full_address(address, commune, province) == expected


def test_service_marks_the_forms_of_types_that_bar_minors(office: Services) -> None:
    types = {t.code: t.id for t in office.office.business_types()}
    hotel = office.businesses.create(sample_input(office, name="Nhà nghỉ Sao", registration_number="A1"))
    cafe = office.businesses.create(
        sample_input(office, name="Cà phê Gió", registration_number="A2", type_id=types["CF"])
    )
    forms = office.commitments.owner_forms([hotel, cafe], date(2026, 3, 5))
    assert [f.minors_barred for f in forms] == [True, False]
    assert office.commitments.bars_minors(hotel) and not office.commitments.bars_minors(cafe)


def test_a_hamlet_named_like_its_commune_still_gets_the_commune() -> None:
    assert full_address("Bản Mường Bon", "Xã Mường Bon", "") == "Bản Mường Bon, xã Mường Bon"
