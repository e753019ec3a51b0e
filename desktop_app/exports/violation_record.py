"""A record of an administrative violation (biên bản vi phạm hành chính) from a visit, in the NĐ 30 layout.

The acts cited come from the visit (with the catalogue's text of each); what the register does not know
(witnesses, the offender's statement, the hours) prints as dotted lines to complete on site. The wording
around them is the editable template `violation_record.txt`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from desktop_app.domain.dates import format_date
from desktop_app.domain.forms import (
    TEAM_DEFAULT,
    FormOffice,
    ViolationRecordForm,
    full_address,
    team_leader,
)
from desktop_app.domain.text import nfc
from desktop_app.exports import pdf_layout as layout
from desktop_app.exports.atomic import CancelCheck, ExportError
from desktop_app.exports.commitment_forms import commune_in_sentence, fill, read_template
from desktop_app.exports.inspection_minutes import LEVEL_COMMUNE

TEMPLATE = "violation_record.txt"
NO_RECORDS = "Không có lượt kiểm tra có vi phạm nào để lập biên bản vi phạm hành chính."
TITLE = "BIÊN BẢN VI PHẠM HÀNH CHÍNH"
SEPARATOR = "---"
WITNESS_LINES = 2
STATEMENT_LINES = 3
ORGANISATION = "organisation"
SIGNING_SPACE = 17 * mm

SECTION_STYLE = layout.body_style("vr-section", fontName=layout.FONT_BOLD, alignment=TA_LEFT)
LABEL_STYLE = layout.body_style("vr-label", alignment=TA_LEFT)


def split_template(paragraphs: Sequence[str]) -> tuple[list[str], list[str]]:
    """(grounds, closing): the paragraphs before and after the '---' line. Raises ExportError without it."""
    if SEPARATOR not in paragraphs:
        raise ExportError(
            f"Mẫu «{TEMPLATE}» thiếu dòng «{SEPARATOR}» ngăn phần căn cứ với phần cuối biên bản; "
            "hãy thêm dòng đó (xem ghi chú đầu tệp)."
        )
    at = paragraphs.index(SEPARATOR)
    return list(paragraphs[:at]), list(paragraphs[at + 1 :])


def _time_words(visit_time: str) -> str:
    hours, _, minutes = visit_time.strip().partition(":")
    if hours.isdigit() and minutes.isdigit():
        return f"{int(hours):02d} giờ {int(minutes):02d} phút"
    return f"{layout.DOT * 3} giờ {layout.DOT * 3} phút"


def _dotted(count: int) -> list[Flowable]:
    return [Paragraph(layout.dots_for(layout.TEXT_WIDTH - 4), layout.FIELD_STYLE) for _ in range(count)]


def _header_parent(form: ViolationRecordForm, office: FormOffice) -> str:
    if form.team_level == LEVEL_COMMUNE and nfc(form.commune_name).strip():
        return f"Ủy ban nhân dân {commune_in_sentence(form.commune_name)}"
    return office.issuing_unit


def _record(
    form: ViolationRecordForm, office: FormOffice, grounds: Sequence[str], closing: Sequence[str]
) -> list[Flowable]:
    team = nfc(form.team_name).strip() or TEAM_DEFAULT
    address = full_address(form.address, form.commune_name, office.province_name)
    organisation = form.offender_kind == ORGANISATION
    values = {"doi_kiem_tra": team, "ten_co_so": form.business_name, "ngay_lap": format_date(form.visit_date)}
    number = nfc(form.record_number).strip() or f"……/BB-VPHC-{nfc(office.document_symbol).strip() or '……'}"
    members = [nfc(m).strip() for m in form.members if nfc(m).strip()]
    offender = "ĐẠI DIỆN TỔ CHỨC VI PHẠM" if organisation else "NGƯỜI VI PHẠM"
    story: list[Flowable] = [
        layout.header_block(_header_parent(form, office), team, office.place_name, form.visit_date, number),
        layout.title_block(TITLE),
        *[layout.paragraph(text) for text in fill(grounds, values)],
        layout.paragraph(
            f"Hôm nay, hồi {_time_words(form.visit_time)}, {layout.vn_date_words(form.visit_date)}, "
            f"tại {nfc(form.business_name).strip() or layout.BLANK}, {address or layout.BLANK}."
        ),
        Paragraph("Chúng tôi gồm:", SECTION_STYLE),
        *(
            [layout.numbered(i, m, LABEL_STYLE) for i, m in enumerate(members, start=1)]
            if members
            else [layout.field_pair(("Ông (bà)", ""), ("Chức vụ, đơn vị", ""), split=0.5)]
        ),
        Paragraph("Với sự chứng kiến của:", SECTION_STYLE),
        *[
            layout.field_pair(("Ông (bà)", ""), ("Nghề nghiệp, nơi ở / đơn vị", ""), split=0.45)
            for _ in range(WITNESS_LINES)
        ],
        Paragraph(
            "Tiến hành lập biên bản vi phạm hành chính đối với "
            + ("tổ chức:" if organisation else "ông (bà):"),
            SECTION_STYLE,
        ),
    ]
    if organisation:
        story += [
            layout.field_line("Tên tổ chức (cơ sở kinh doanh)", form.business_name),
            layout.field_line("Địa chỉ trụ sở", address),
            layout.field_pair(
                (layout.REGISTRATION_LABEL, form.registration_number),
                ("ngày cấp", format_date(form.registration_date) if form.registration_date else ""),
                split=0.72,
            ),
            layout.field_pair(("Người đại diện theo pháp luật", form.owner_name), ("Chức danh", "")),
        ]
    else:
        story += [
            layout.field_pair(("Họ và tên", form.owner_name), ("Ngày sinh", ""), split=0.62),
            layout.field_pair(("Số CCCD", form.owner_id_number), ("Nghề nghiệp", "")),
            layout.field_line("Nơi ở", ""),
        ]
    acts = [nfc(a).strip() for a in form.acts if nfc(a).strip()]
    story += [
        Paragraph("Đã có hành vi vi phạm hành chính:", SECTION_STYLE),
        *(
            [layout.numbered(i, act, LABEL_STYLE) for i, act in enumerate(acts, start=1)]
            if acts
            else _dotted(2)
        ),
        *(
            [layout.paragraph(f"Tình tiết ghi nhận: {nfc(form.findings).strip()}")]
            if form.findings.strip()
            else []
        ),
        Paragraph(
            "Ý kiến trình bày của "
            + ("người đại diện tổ chức vi phạm:" if organisation else "người vi phạm:"),
            SECTION_STYLE,
        ),
        *_dotted(STATEMENT_LINES),
        Paragraph("Ý kiến trình bày của người chứng kiến (nếu có):", SECTION_STYLE),
        *_dotted(1),
        *[layout.paragraph(text) for text in fill(closing, values)],
        KeepTogether(
            [
                layout.signature_table(
                    layout.Signer((offender,), "(Ký, ghi rõ họ tên)", form.owner_name),
                    layout.Signer(("NGƯỜI LẬP BIÊN BẢN",), "(Ký, ghi rõ họ tên)", team_leader(form.members)),
                    signing_space=SIGNING_SPACE,
                ),
                layout.signature_table(
                    layout.Signer(("NGƯỜI CHỨNG KIẾN",), "(Ký, ghi rõ họ tên)"),
                    layout.Signer(("THÀNH VIÊN ĐỘI KIỂM TRA",), "(Ký, ghi rõ họ tên)"),
                    space_before=14.0,
                    signing_space=SIGNING_SPACE,
                ),
            ]
        ),
    ]
    return story


def write_violation_records(
    target: Path,
    office: FormOffice,
    forms: Sequence[ViolationRecordForm],
    progress: layout.Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    templates_dir: Path | None = None,
) -> None:
    """One PDF with a pre-filled violation record per visit, each from a new page. Any thread.

    Raises ExportError (nothing to print, unreadable or malformed template, file not writable) or Cancelled.
    """
    if not forms:
        raise ExportError(NO_RECORDS)
    grounds, closing = split_template(read_template(TEMPLATE, templates_dir))
    layout.write_parts(
        target,
        "Biên bản vi phạm hành chính",
        forms,
        lambda form: _record(form, office, grounds, closing),
        progress,
        cancelled,
        NO_RECORDS,
    )
