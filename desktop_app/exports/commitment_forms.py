"""Pre-filled commitment forms (bản cam kết) in one PDF to sign: owner ↔ commune, employee ↔ owner."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from string import Template

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from desktop_app.domain.dates import format_date
from desktop_app.domain.forms import (
    EmployeeCommitmentForm,
    FormOffice,
    OwnerCommitmentForm,
    full_address,
    is_deputy,
    signature_block,
)
from desktop_app.domain.text import nfc, strip_unit_prefix
from desktop_app.exports import pdf_layout as layout
from desktop_app.exports.atomic import CancelCheck, ExportError
from desktop_app.paths import resource

OWNER_TEMPLATE = "commitment_owner.txt"
GROUNDS_TEMPLATE = "commitment_grounds.txt"
# A clause starting with one of these tags prints only when its condition holds (see the template's header).
TAG_MINORS_BARRED = "{cam_duoi_18}"
TAG_MINORS_NOT_BARRED = "{khong_cam_duoi_18}"
EMPLOYEE_TEMPLATE = "commitment_employee.txt"
NO_FORMS = "Không có cơ sở nào để in bản cam kết."
UNTIL_OWNER_CHANGES = "khi thay đổi chủ cơ sở"
OWNER_TITLE = "BẢN CAM KẾT"
OWNER_SUBTITLE = "Về việc không để xảy ra hoạt động mại dâm tại cơ sở kinh doanh dịch vụ"
EMPLOYEE_TITLE = "BẢN CAM KẾT CỦA NGƯỜI LAO ĐỘNG"
EMPLOYEE_SUBTITLE = "Về việc không tham gia hoạt động mại dâm tại cơ sở kinh doanh dịch vụ"
BLANK_DATE = "……/……/………"

Progress = layout.Progress

# Unit prefixes as written inside a sentence ("Ủy ban nhân dân xã Mường Bon"); abbreviations are spelt out.
_PREFIX_WORDS = {
    "xã": "xã",
    "x.": "xã",
    "phường": "phường",
    "p.": "phường",
    "thị trấn": "thị trấn",
    "tt": "thị trấn",
    "tt.": "thị trấn",
    "đặc khu": "đặc khu",
}


# ---- Names and templates --------------------------------------------------------------------------------


def commune_in_sentence(name: str) -> str:
    """'Xã Mường Bon' → 'xã Mường Bon', 'Thị trấn Hát Lót' → 'thị trấn Hát Lót', 'P.Tô Hiệu' → 'phường Tô
    Hiệu'; a name without a unit prefix is kept as it is."""
    text = nfc(name).strip()
    bare = strip_unit_prefix(text)
    if bare == text:
        return text
    prefix = text[: len(text) - len(bare)].strip().lower()
    return f"{_PREFIX_WORDS.get(prefix, prefix)} {bare.strip()}"


def load_clauses(file_name: str, templates_dir: Path | None = None) -> list[str]:
    """The clauses of a form template (see read_template); raises ExportError when it has none."""
    clauses = read_template(file_name, templates_dir)
    if not clauses:
        raise ExportError(f"Mẫu «{file_name}» không có điều khoản nào.")
    return clauses


def read_template(file_name: str, templates_dir: Path | None = None) -> list[str]:
    """The clauses of a form template: `templates_dir/file_name` when it exists, else the bundled one.

    One clause per paragraph (blank lines between), lines starting with '#' are comments, a paragraph's
    lines are joined with spaces. Raises ExportError when the file cannot be read.
    """
    path = templates_dir / file_name if templates_dir is not None else None
    if path is None or not path.is_file():
        path = resource("form_templates", file_name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ExportError(f"Mẫu «{file_name}» không phải văn bản UTF-8; hãy lưu lại dạng UTF-8.") from err
    except OSError as err:
        raise ExportError(f"Không đọc được mẫu «{file_name}» ({path.parent}).") from err
    return parse_clauses(text)


def load_grounds(file_name: str, templates_dir: Path | None = None) -> list[str]:
    """The 'Căn cứ …' lines of a form (may be none: an office can delete them all). Raises ExportError."""
    return read_template(file_name, templates_dir)


def parse_clauses(text: str) -> list[str]:
    clauses: list[str] = []
    current: list[str] = []
    for raw in text.removeprefix("\ufeff").splitlines():
        line = nfc(raw)
        if line.startswith("#"):
            continue
        if line:
            current.append(line)
        elif current:
            clauses.append(" ".join(current))
            current = []
    if current:
        clauses.append(" ".join(current))
    return clauses


def fill(clauses: Iterable[str], values: dict[str, str]) -> list[str]:
    """Substitute ${name} placeholders; a blank value prints as dots, an unknown name stays as written."""
    filled = {key: nfc(value).strip() or layout.BLANK for key, value in values.items()}
    return [Template(clause).safe_substitute(filled) for clause in clauses]


def select_clauses(clauses: Iterable[str], minors_barred: bool) -> list[str]:
    """The clauses for one business: a tagged clause is kept (without its tag) only when its condition
    holds; untagged clauses always."""
    chosen: list[str] = []
    for clause in clauses:
        for tag, wanted in ((TAG_MINORS_BARRED, True), (TAG_MINORS_NOT_BARRED, False)):
            if clause.startswith(tag):
                if minors_barred == wanted:
                    chosen.append(clause.removeprefix(tag).strip())
                break
        else:
            chosen.append(clause)
    return chosen


def _date_or_blank(day: date | None) -> str:
    return format_date(day) if day is not None else BLANK_DATE


def _numbered_clauses(clauses: Sequence[str]) -> list[Flowable]:
    return [layout.numbered(i, clause) for i, clause in enumerate(clauses, start=1)]


def _date_row(office: FormOffice, form_date: date, number: str = "") -> Flowable:
    left = layout.CenteredLines([layout.Line(f"Số: {number}")]) if number.strip() else None
    return layout.columns(left, layout.date_block(office.place_name, form_date), space_before=6.0)


def _addressee(text: str) -> Flowable:
    return layout.paragraph(f"Kính gửi: {text}", layout.ADDRESSEE_STYLE)


# ---- Owner form -----------------------------------------------------------------------------------------


def _people_committee_signer(form: OwnerCommitmentForm, commune_upper: str) -> layout.Signer:
    """TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH when a vice-chair signs."""
    deputy = is_deputy(nfc(form.representative_position).strip())  # "Phó Chủ tịch UBND" → a vice-chair
    committee = FormOffice(
        issuing_unit=f"Ủy ban nhân dân {commune_in_sentence(form.commune_name)}",
        parent_unit="",
        place_name="",
        signer_name=form.representative_name,
        signer_position="Phó Chủ tịch" if deputy else "Chủ tịch",
        signer_authority="KT." if deputy else "TM.",
    )
    block = signature_block(committee)
    return layout.Signer(
        headings=(f"XÁC NHẬN CỦA UBND {commune_upper}".strip(), *block.headings),
        note="(Ký, ghi rõ họ tên, đóng dấu)",
        name=block.name,
    )


# The owner form is set in 12 pt, tighter than a letter, so that it fits one A4 page with its signatures
# (477 businesses print 477 pages); the heading, title and signatures keep the NĐ 30 sizes.
OWNER_SIZE = 12.0
OWNER_CLAUSE_STYLE = layout.body_style(
    "owner-clause",
    firstLineIndent=layout.FIRST_LINE_INDENT,
    spaceBefore=0.0,
    fontSize=OWNER_SIZE,
    leading=OWNER_SIZE * 1.1,
)
OWNER_FIELD_STYLE = layout.body_style(
    "owner-field", alignment=TA_LEFT, spaceBefore=0.5, fontSize=OWNER_SIZE, leading=OWNER_SIZE * 1.1
)
OWNER_SIGNING_SPACE = 15 * mm
OWNER_ADDRESSEE_STYLE = layout.body_style(
    "owner-addressee", alignment=TA_CENTER, fontSize=13.0, leading=15.6, spaceBefore=3.0, spaceAfter=2.0
)


def _owner_fields(form: OwnerCommitmentForm, address: str) -> list[Flowable]:
    registration_date = format_date(form.registration_date) if form.registration_date else ""
    birth_date = format_date(form.owner_birth_date) if form.owner_birth_date else ""
    style = OWNER_FIELD_STYLE
    return [
        layout.field_line("Tên cơ sở kinh doanh", form.business_name, style=style),
        layout.field_line("Loại hình kinh doanh", form.business_type, style=style),
        layout.field_line("Địa chỉ", address, style=style),
        layout.field_pair(
            (layout.REGISTRATION_LABEL, form.registration_number),
            ("ngày cấp", registration_date),
            split=0.72,
            style=style,
        ),
        layout.field_pair(
            ("Họ và tên chủ cơ sở", form.owner_name), ("Ngày sinh", birth_date), split=0.62, style=style
        ),
        layout.field_pair(("Số CCCD", form.owner_id_number), ("Điện thoại", form.owner_phone), style=style),
        layout.field_line("Nơi cư trú", form.owner_residence, style=style),
    ]


def _owner_form(
    form: OwnerCommitmentForm,
    office: FormOffice,
    day: date,
    clauses: Sequence[str],
    grounds: Sequence[str] = (),
) -> list[Flowable]:
    commune = commune_in_sentence(form.commune_name) or layout.BLANK
    committee = f"Ủy ban nhân dân {commune}"
    valid_from = _date_or_blank(form.valid_from)
    valid_to = format_date(form.valid_to) if form.valid_to is not None else UNTIL_OWNER_CHANGES
    validity = (
        f"Bản cam kết có hiệu lực từ ngày {valid_from} đến ngày {valid_to}."
        if form.valid_to is not None
        else f"Bản cam kết có hiệu lực từ ngày {valid_from} đến {UNTIL_OWNER_CHANGES}."
    )
    address = full_address(form.address, form.commune_name, office.province_name)
    values = {
        "ten_co_so": form.business_name,
        "loai_hinh": form.business_type,
        "dia_chi": address,
        "chu_co_so": form.owner_name,
        "xa": commune,
        "hieu_luc_tu": valid_from,
        "hieu_luc_den": valid_to,
    }
    commune_upper = nfc(form.commune_name).strip().upper()
    owner = layout.Signer(("CHỦ CƠ SỞ",), "(Ký, ghi rõ họ tên, đóng dấu nếu có)", form.owner_name)
    chosen = select_clauses(clauses, form.minors_barred)
    return [
        layout.national_heading(),
        _date_row(office, day, form.document_number),
        layout.title_block(OWNER_TITLE, OWNER_SUBTITLE, space_before=3.0),
        layout.paragraph(f"Kính gửi: {committee}", OWNER_ADDRESSEE_STYLE),
        *_owner_fields(form, address),
        *[layout.paragraph(text, OWNER_CLAUSE_STYLE) for text in fill(grounds, values)],
        layout.paragraph(
            f"Tôi xin cam kết với {committee} thực hiện nghiêm các nội dung sau:", OWNER_CLAUSE_STYLE
        ),
        *[layout.numbered(i, c, OWNER_CLAUSE_STYLE) for i, c in enumerate(fill(chosen, values), start=1)],
        KeepTogether(
            [
                layout.paragraph(
                    f"{validity} Bản cam kết được lập thành 02 bản có giá trị như nhau: chủ cơ sở giữ "
                    f"01 bản, {committee} giữ 01 bản.",
                    OWNER_CLAUSE_STYLE,
                ),
                layout.signature_table(
                    _people_committee_signer(form, commune_upper),
                    owner,
                    space_before=4.0,
                    signing_space=OWNER_SIGNING_SPACE,
                    size=OWNER_SIZE,
                ),
            ]
        ),
    ]


# ---- Employee form --------------------------------------------------------------------------------------


def _employee_form(
    form: EmployeeCommitmentForm, office: FormOffice, day: date, clauses: Sequence[str]
) -> list[Flowable]:
    business = nfc(form.business_name).strip() or layout.BLANK
    values = {
        "ten_co_so": form.business_name,
        "dia_chi": form.address,
        "chu_co_so": form.owner_name,
        "xa": commune_in_sentence(form.commune_name),
        "nguoi_lao_dong": form.employee_name,
        "vi_tri": form.position,
    }
    birth = format_date(form.employee_birth_date) if form.employee_birth_date else ""
    owner = layout.Signer(("CHỦ CƠ SỞ",), "(Ký, ghi rõ họ tên, đóng dấu nếu có)", form.owner_name)
    employee = layout.Signer(("NGƯỜI CAM KẾT",), "(Ký, ghi rõ họ tên)", form.employee_name)
    return [
        layout.national_heading(),
        _date_row(office, day),
        layout.title_block(EMPLOYEE_TITLE, EMPLOYEE_SUBTITLE),
        _addressee(f"Chủ cơ sở {business}"),
        layout.field_line("Họ và tên người lao động", form.employee_name),
        layout.field_pair(("Ngày sinh", birth), ("Số CCCD", form.employee_id_number), split=0.45),
        layout.field_line("Vị trí công việc", form.position),
        layout.field_line("Nơi làm việc (tên cơ sở)", form.business_name),
        layout.field_line("Địa chỉ cơ sở", form.address),
        layout.paragraph(
            "Sau khi được chủ cơ sở phổ biến các quy định của pháp luật về phòng, chống mại dâm, "
            "tôi xin cam kết thực hiện nghiêm các nội dung sau:"
        ),
        *_numbered_clauses(fill(clauses, values)),
        KeepTogether(
            [
                layout.paragraph(
                    "Bản cam kết được lập thành 02 bản có giá trị như nhau: người lao động giữ 01 bản, "
                    "chủ cơ sở giữ 01 bản."
                ),
                layout.signature_table(owner, employee),
            ]
        ),
    ]


# ---- Writing --------------------------------------------------------------------------------------------


def write_owner_forms(
    target: Path,
    office: FormOffice,
    forms: Sequence[OwnerCommitmentForm],
    form_date: date,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    templates_dir: Path | None = None,
) -> None:
    """One PDF with an owner ↔ commune commitment per business, ready to sign. Any thread.

    Raises ExportError (nothing to print, unreadable template, file not writable) or Cancelled.
    """
    if not forms:
        raise ExportError(NO_FORMS)
    clauses = load_clauses(OWNER_TEMPLATE, templates_dir)
    grounds = load_grounds(GROUNDS_TEMPLATE, templates_dir)
    layout.write_parts(
        target,
        "Bản cam kết của chủ cơ sở",
        forms,
        lambda f: _owner_form(f, office, form_date, clauses, grounds),
        progress,
        cancelled,
        NO_FORMS,
    )


def write_employee_forms(
    target: Path,
    office: FormOffice,
    forms: Sequence[EmployeeCommitmentForm],
    form_date: date,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    templates_dir: Path | None = None,
) -> None:
    """One PDF with an employee ↔ owner commitment per form (blank lines where nothing is known). Any thread.

    Raises ExportError (nothing to print, unreadable template, file not writable) or Cancelled.
    """
    if not forms:
        raise ExportError(NO_FORMS)
    clauses = load_clauses(EMPLOYEE_TEMPLATE, templates_dir)
    layout.write_parts(
        target,
        "Bản cam kết của người lao động",
        forms,
        lambda f: _employee_form(f, office, form_date, clauses),
        progress,
        cancelled,
        NO_FORMS,
    )
