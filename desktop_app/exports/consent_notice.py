"""The notice on processing a support case's personal data (Law 91/2025/QH15 Art. 9), on one A4 page to sign.

The items come from the office-adjustable template `consent_notice.txt`; the header (NĐ 30), the person's
lines (left blank: the name is written by hand, so the file holds no identity), the choice and the
signatures are laid out here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from desktop_app.domain.forms import FormOffice
from desktop_app.domain.text import nfc
from desktop_app.exports import pdf_layout as layout
from desktop_app.exports.commitment_forms import fill, load_clauses

TEMPLATE = "consent_notice.txt"
TITLE = "THÔNG BÁO"
SUBTITLE = "Về việc xử lý dữ liệu cá nhân trong hồ sơ hỗ trợ hòa nhập cộng đồng"
LAW = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"
BOX = "\u25a1"  # □, a box to tick by hand
NBSP = "\u00a0"  # keeps a box with its words
HEADING_MAX = 60  # a clause's bold name: the text before its first colon, when that is short
SIGNING_SPACE = 18 * mm  # the notice is signed, not sealed: less room than a form's 22 mm

# A little tighter than the commitment forms so the notice and its signatures stay on one page.
_ITEM_STYLE = layout.body_style("consent_item", firstLineIndent=layout.FIRST_LINE_INDENT, spaceBefore=3.0)
_TEXT_STYLE = layout.body_style("consent_text", firstLineIndent=layout.FIRST_LINE_INDENT, spaceBefore=4.0)
_FIELD_STYLE = layout.body_style("consent_field", alignment=0, spaceBefore=2.0)
_HEADER_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), layout.FONT, layout.BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 4),
    ]
)


@dataclass(frozen=True, slots=True)
class ConsentNotice:
    """What the notice is filled with: the case code, the retention time, the day it is printed."""

    case_code: str
    retention_years: int
    day: date


def _item(number: int, text: str) -> Paragraph:
    """'1. Name: text' with the name in bold (the text before the first colon, when it is short)."""
    head, colon, rest = text.partition(":")
    if colon and 0 < len(head) <= HEADING_MAX:
        return Paragraph(f"{number}. <b>{escape(nfc(head))}: </b>{escape(nfc(rest).lstrip())}", _ITEM_STYLE)
    return Paragraph(f"{number}. {escape(nfc(text))}", _ITEM_STYLE)


def _header(office: FormOffice, day: date) -> Table:
    """The NĐ 30 header grid: agency | Quốc hiệu–Tiêu ngữ, then the place and date under the motto (a
    notice carries no number)."""
    table = Table(
        [
            [layout.unit_heading(office.parent_unit, office.issuing_unit), layout.national_heading()],
            ["", layout.date_block(office.place_name, day)],
        ],
        colWidths=[layout.TEXT_WIDTH * layout.UNIT_SHARE, layout.TEXT_WIDTH * (1 - layout.UNIT_SHARE)],
    )
    table.setStyle(_HEADER_STYLE)
    return table


def _notice(office: FormOffice, notice: ConsentNotice, clauses: list[str]) -> list[Flowable]:
    controller = nfc(office.issuing_unit).strip() or layout.BLANK
    values = {
        "co_quan": controller,
        "ma_ho_so": notice.case_code,
        "so_nam_luu": f"{notice.retention_years:02d}",
    }
    officer = layout.Signer(("CÁN BỘ TIẾP NHẬN",), "(Ký, ghi rõ họ tên)")
    person = layout.Signer(("NGƯỜI ĐƯỢC THÔNG BÁO",), "(Ký, ghi rõ họ tên)")
    return [
        _header(office, notice.day),
        layout.title_block(TITLE, SUBTITLE, space_before=10.0),
        Paragraph(
            escape(
                f"Căn cứ Điều 4 và Điều 9 {LAW}, cơ quan thông báo để Ông/Bà biết rõ trước khi đồng ý "
                "hoặc không đồng ý cho xử lý dữ liệu cá nhân của mình:"
            ),
            _TEXT_STYLE,
        ),
        *[_item(i, text) for i, text in enumerate(fill(clauses, values), start=1)],
        KeepTogether(
            [
                Paragraph(
                    escape(
                        "Tôi đã đọc (hoặc được đọc cho nghe), hiểu rõ các nội dung trên và tự nguyện: "
                        f"{BOX}{NBSP}đồng{NBSP}ý; {BOX}{NBSP}không{NBSP}đồng{NBSP}ý cho xử lý dữ liệu "
                        "cá nhân như trên."
                    ),
                    _TEXT_STYLE,
                ),
                layout.field_pair(("Họ và tên", ""), ("Số CCCD", ""), split=0.6, style=_FIELD_STYLE),
                layout.signature_table(officer, person, space_before=4.0, signing_space=SIGNING_SPACE),
            ]
        ),
    ]


def write_consent_notice(
    target: Path, office: FormOffice, notice: ConsentNotice, *, templates_dir: Path | None = None
) -> None:
    """The notice as a one-page PDF, written atomically. Any thread. Raises ExportError (an unreadable
    template, a file that cannot be written)."""
    clauses = load_clauses(TEMPLATE, templates_dir)
    layout.write_parts(
        target,
        "Thông báo về việc xử lý dữ liệu cá nhân",
        [notice],
        lambda item: _notice(office, item, clauses),
        None,
        None,
        "Không có hồ sơ để in thông báo.",
    )
