"""Pre-filled inspection minutes (biên bản kiểm tra) for planned visits, in the Nghị định 30 layout.

The team takes the printed minutes to the business and completes the checklist, findings and signatures by
hand; what the register already knows (business, owner, plan, team, members, date) is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from desktop_app.domain.dates import format_date
from desktop_app.domain.forms import (
    TEAM_DEFAULT,
    FormOffice,
    InspectionMinutesForm,
    document_header,
    full_address,
    minutes_number,
    team_leader,
)
from desktop_app.domain.text import nfc
from desktop_app.exports import pdf_layout as layout
from desktop_app.exports.atomic import CancelCheck, ExportError
from desktop_app.exports.commitment_forms import commune_in_sentence, fill, load_clauses

TEMPLATE = "inspection_minutes.txt"
NO_MINUTES = "Không có lượt kiểm tra nào để in biên bản."
TITLE = "BIÊN BẢN KIỂM TRA"
SUBTITLE = "Việc chấp hành pháp luật về phòng, chống mại dâm tại cơ sở kinh doanh dịch vụ"
DEFAULT_TEAM = TEAM_DEFAULT
LEVEL_COMMUNE = "commune"  # domain.inspections.LEVEL_COMMUNE
BLANK_MEMBERS = 4  # member lines printed to fill by hand when none is known
FINDING_LINES = 3
OPINION_LINES = 2

SECTION_STYLE = layout.body_style(
    "section", fontName=layout.FONT_BOLD, alignment=TA_LEFT, spaceBefore=layout.PARAGRAPH_GAP * 1.5
)
LABEL_STYLE = layout.body_style("label", alignment=TA_LEFT)
CELL_STYLE = layout.body_style("cell", alignment=TA_LEFT, spaceBefore=0.0, fontSize=12.0, leading=14.4)
CELL_CENTER = layout.body_style(
    "cell-center", alignment=TA_CENTER, spaceBefore=0.0, fontSize=12.0, leading=14.4
)
HEAD_STYLE = layout.body_style(
    "cell-head",
    alignment=TA_CENTER,
    spaceBefore=0.0,
    fontName=layout.FONT_BOLD,
    fontSize=12.0,
    leading=14.4,
)
# STT | Nội dung kiểm tra | Đạt | Không đạt | Ghi chú
CHECK_COLUMNS = (14 * mm, layout.TEXT_WIDTH - 70 * mm, 13 * mm, 18 * mm, 25 * mm)
SIGNING_SPACE = 17 * mm


def _time_words(visit_time: str) -> str:
    """'14:30' → '14 giờ 30 phút'; no time gives blanks to fill by hand."""
    hours, _, minutes = visit_time.strip().partition(":")
    if hours.isdigit() and minutes.isdigit():
        return f"{int(hours):02d} giờ {int(minutes):02d} phút"
    blank = layout.DOT * 3
    return f"{blank} giờ {blank} phút"


def _plan_words(form: InspectionMinutesForm) -> str:
    number = nfc(form.plan_number).strip()
    if not number:
        return f"Kế hoạch (quyết định) kiểm tra số {layout.DOT * 6} ngày {layout.DOT * 6}"
    when = f" ngày {format_date(form.plan_date)}" if form.plan_date else ""
    return f"Kế hoạch số {number}{when}"


def _decision_words(form: InspectionMinutesForm) -> str:
    """The decision that set up the team, as the round records it; what it does not record is left as
    blanks to fill by hand. A commune team's decision is its commune chairman's."""
    number = nfc(form.decision_number).strip()
    blank = layout.DOT * 6
    if not number and form.decision_date is None:
        return f"Quyết định số {blank} ngày {blank} về việc thành lập Đội kiểm tra liên ngành"
    when = format_date(form.decision_date) if form.decision_date else blank
    commune = commune_in_sentence(form.commune_name)
    issuer = (
        f" của Chủ tịch Ủy ban nhân dân {commune}" if form.team_level == LEVEL_COMMUNE and commune else ""
    )
    team = nfc(form.team_name).strip() or "Đội kiểm tra liên ngành"
    return f"Quyết định số {number or blank} ngày {when}{issuer} về việc thành lập {team}"


def _header_parent(form: InspectionMinutesForm, office: FormOffice) -> str:
    """The body the team works under: a commune team's is the commune People's Committee (of the commune
    the business is in on the visit date), any other team's the office itself."""
    if form.team_level == LEVEL_COMMUNE and nfc(form.commune_name).strip():
        return f"Ủy ban nhân dân {commune_in_sentence(form.commune_name)}".upper()
    return document_header(office).issuing


def _dotted_lines(count: int) -> list[Flowable]:
    return [Paragraph(layout.dots_for(layout.TEXT_WIDTH - 4), layout.FIELD_STYLE) for _ in range(count)]


def _members(form: InspectionMinutesForm) -> list[Flowable]:
    members = [nfc(m).strip() for m in form.members if nfc(m).strip()]
    if members:
        return [layout.numbered(i, member, LABEL_STYLE) for i, member in enumerate(members, start=1)]
    return [
        layout.field_pair((f"{i}. Ông (bà)", ""), ("Chức vụ, đơn vị", ""), split=0.5)
        for i in range(1, BLANK_MEMBERS + 1)
    ]


def _checklist(items: Sequence[str]) -> Table:
    header = [
        Paragraph(text, HEAD_STYLE) for text in ("STT", "Nội dung kiểm tra", "Đạt", "Không đạt", "Ghi chú")
    ]
    rows: list[list[object]] = [header]
    for number, item in enumerate(items, start=1):
        rows.append(
            [Paragraph(str(number), CELL_CENTER), Paragraph(layout.markup(item), CELL_STYLE), "", "", ""]
        )
    table = Table(rows, colWidths=list(CHECK_COLUMNS), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), layout.FONT, 12.0),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    table.spaceBefore = layout.PARAGRAPH_GAP
    return table


def _minutes(form: InspectionMinutesForm, office: FormOffice, grounds: Sequence[str]) -> list[Flowable]:
    team = nfc(form.team_name).strip() or DEFAULT_TEAM
    business = nfc(form.business_name).strip() or layout.BLANK
    kind = nfc(form.kind_label).strip().lower() or layout.BLANK
    values = {"ke_hoach": _plan_words(form), "doi_kiem_tra": team, "quyet_dinh": _decision_words(form)}
    leader = layout.Signer(("ĐỘI TRƯỞNG",), "(Ký, ghi rõ họ tên)", team_leader(form.members))
    owner = layout.Signer(("ĐẠI DIỆN CƠ SỞ",), "(Ký, ghi rõ họ tên)", form.owner_name)
    members = layout.Signer(("THÀNH VIÊN ĐỘI KIỂM TRA",), "(Ký, ghi rõ họ tên)")
    writer = layout.Signer(("NGƯỜI LẬP BIÊN BẢN",), "(Ký, ghi rõ họ tên)")
    number = minutes_number(form.minutes_number, office.document_symbol)
    address = full_address(form.address, form.commune_name, office.province_name)
    return [
        layout.header_block(_header_parent(form, office), team, office.place_name, form.visit_date, number),
        layout.title_block(TITLE, SUBTITLE),
        *[layout.paragraph(text) for text in fill(grounds, values)],
        layout.paragraph(
            f"Hôm nay, vào hồi {_time_words(form.visit_time)}, {layout.vn_date_words(form.visit_date)}, "
            f"tại cơ sở {business}, {team} tiến hành kiểm tra việc chấp hành các quy định của pháp luật "
            f"về phòng, chống mại dâm tại cơ sở (hình thức kiểm tra: {kind}), cụ thể như sau:"
        ),
        Paragraph("I. THÀNH PHẦN ĐỘI KIỂM TRA", SECTION_STYLE),
        *_members(form),
        Paragraph("II. CƠ SỞ ĐƯỢC KIỂM TRA", SECTION_STYLE),
        *layout.business_fields(replace(form, address=address), "Họ và tên chủ cơ sở (người đại diện)"),
        Paragraph("III. NỘI DUNG KIỂM TRA", SECTION_STYLE),
        _checklist(form.checklist),
        Paragraph("IV. KẾT QUẢ KIỂM TRA", SECTION_STYLE),
        layout.paragraph("1. Những vi phạm phát hiện (nếu có):", LABEL_STYLE),
        *_dotted_lines(FINDING_LINES),
        layout.paragraph("2. Yêu cầu, kiến nghị của Đội kiểm tra:", LABEL_STYLE),
        *_dotted_lines(FINDING_LINES),
        layout.paragraph("3. Ý kiến của đại diện cơ sở:", LABEL_STYLE),
        *_dotted_lines(OPINION_LINES),
        KeepTogether(
            [
                layout.paragraph(
                    f"Buổi kiểm tra kết thúc vào hồi {_time_words('')} cùng ngày. Biên bản được lập "
                    "thành 02 bản có giá trị như nhau, Đội kiểm tra giữ 01 bản, cơ sở giữ 01 bản; biên bản "
                    "đã được đọc lại cho những người có tên trên cùng nghe, công nhận đúng và cùng ký tên."
                ),
                layout.signature_table(owner, leader, space_before=8.0, signing_space=SIGNING_SPACE),
                layout.signature_table(writer, members, space_before=14.0, signing_space=SIGNING_SPACE),
            ]
        ),
    ]


def write_inspection_minutes(
    target: Path,
    office: FormOffice,
    forms: Sequence[InspectionMinutesForm],
    progress: layout.Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    templates_dir: Path | None = None,
) -> None:
    """One PDF with pre-filled minutes per visit, each from a new page. Any thread.

    A blank field prints as a dotted line to fill by hand. Raises ExportError (nothing to print, unreadable
    template, file not writable) or Cancelled (nothing written).
    """
    if not forms:
        raise ExportError(NO_MINUTES)
    grounds = load_clauses(TEMPLATE, templates_dir)
    layout.write_parts(
        target,
        "Biên bản kiểm tra",
        forms,
        lambda form: _minutes(form, office, grounds),
        progress,
        cancelled,
        NO_MINUTES,
    )
