"""The periodic report as a PDF in the Nghị định 30/2020 layout: header block, "Số: …/BC-…", place and date,
title, the main results in words, a chart against the programme targets, the tables, "Nơi nhận" and the
signature block; page numbers from page 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.collection import held_collection
from desktop_app.domain.dates import format_date
from desktop_app.domain.forms import document_header, report_office, signature_block
from desktop_app.domain.inspections import format_target
from desktop_app.domain.report_templates import (
    ReportTable,
    ReportTemplate,
    format_value,
    summary_rows,
    table_rows,
)
from desktop_app.domain.reports import DEMO_MARK, Report, closing_line
from desktop_app.domain.text import format_int, format_vnd
from desktop_app.exports import pdf_layout as layout
from desktop_app.exports import pdf_tables as tables
from desktop_app.exports.atomic import atomic_target

TABLE_SIZE = 9.0


def write_report_pdf(target: Path, report: Report, template: ReportTemplate, day: date) -> int:
    """Write the PDF atomically; returns its number of tables."""
    with held_collection(), atomic_target(target) as part:
        title = f"Báo cáo {report.period.label}" + (" (dữ liệu mẫu)" if report.demo else "")
        document = layout.Nd30Document(part, title)
        story: list[Flowable] = [document.part_start()]
        story.extend(_story(report, template, day))
        document.build(story)
    return len(template.tables)


def _p(text: str, **style: Any) -> Paragraph:
    """A paragraph of plain text (escaped once, in layout.paragraph)."""
    return layout.paragraph(text, layout.body_style(**style) if style else layout.PARAGRAPH_STYLE)


def _h(text: str, style: Any) -> Paragraph:
    """A table header cell of plain text."""
    return Paragraph(layout.markup(text), style)


def _heading(text: str) -> Paragraph:
    style = layout.body_style("h", fontName=layout.FONT_BOLD, spaceBefore=8, keepWithNext=1)
    return Paragraph(layout.markup(text), style)


def _story(report: Report, template: ReportTemplate, day: date) -> list[Flowable]:
    v = report.values
    symbol = report.document_symbol.strip()
    number = f"{layout.DOT * 4}/{symbol if symbol.startswith('BC-') else 'BC-' + (symbol or layout.DOT * 3)}"
    if report.issue is not None:  # an issued report carries its own number
        number = report.issue.number
    header = document_header(report_office(report))
    story: list[Flowable] = [
        layout.header_block(header.parent, header.issuing, report.place_name, day, number),
        layout.title_block(
            "Báo cáo",
            f"Kết quả công tác phòng, chống mại dâm {report.period.label[0].lower()}{report.period.label[1:]}",
        ),
        Spacer(1, 8),
        *([_demo_mark()] if report.demo else []),
        _p(
            f"{report.unit.name or 'Đơn vị'} báo cáo kết quả công tác phòng, chống mại dâm từ ngày "
            f"{format_date(report.period.start)} đến ngày {format_date(report.period.end)} như sau:"
        ),
        # the office's closing days moved the dates: say so, with the rule (calendar dates are in the line above)
        *([_p(closing_line(report.period))] if report.period.named else []),
    ]
    if report.replaces is not None:
        story.append(_p(f"Báo cáo này thay thế {report.replaces.label}.", fontName=layout.FONT_ITALIC))
    if report.consolidated:  # by label: two communes' «Phòng Văn hóa – Xã hội» read apart
        names = "; ".join(u.label for u in report.units) if len(report.units) <= 5 else "danh sách ở mục IV"
        story.append(_p(f"Số liệu tổng hợp từ báo cáo của {len(report.units)} đơn vị: {names}."))

    def n(indicator: str) -> str:
        return format_int(int(v.value(indicator) or 0))

    def pct(indicator: str) -> str:
        return format_value(v.value(indicator), "pct")

    story += [
        _heading("I. KẾT QUẢ CHỦ YẾU"),
        _p(
            f"1. Quản lý cơ sở kinh doanh: cuối kỳ có {n('businesses_active_end')} cơ sở kinh doanh dịch vụ dễ "
            f"bị lợi dụng hoạt động mại dâm đang hoạt động ({n('businesses_new')} cơ sở mới, "
            f"{n('businesses_closed')} cơ sở ngừng hoạt động trong kỳ) với {n('employees_total')} người lao động "
            f"({n('employees_female')} nữ). {n('commitments_covered_end')} cơ sở có bản cam kết còn hiệu lực, "
            f"đạt {pct('commitments_coverage_pct')} % "
            f"(chỉ tiêu {format_target(report.targets['commitments_coverage_pct'])} %); "
            f"{n('employee_commitments_signed')} người lao động đã ký cam kết."
        ),
        _p(
            f"2. Kiểm tra liên ngành: {n('inspection_visits')} lượt kiểm tra tại {n('businesses_inspected')} cơ sở; "
            f"tỷ lệ cơ sở đang hoạt động được kiểm tra {pct('businesses_inspected_pct')} % "
            f"({_inspected_target(report)}). Phát hiện {n('violations')} lượt vi phạm: nhắc nhở {n('reminders')}, "
            f"xử phạt {n('penalties')} với tổng số tiền {format_vnd(int(v.value('fines_vnd') or 0))}, chuyển cơ "
            f"quan công an {n('referrals_police')}. Phát hiện {n('hotspots_found')} tụ điểm, xóa bỏ "
            f"{n('hotspots_eliminated')} tụ điểm."
        ),
        _p(
            f"3. Hỗ trợ người bán dâm hoàn lương: tiếp nhận {n('cases_new')} hồ sơ mới; {n('cases_supported')} "
            f"người được hỗ trợ, trong đó {n('people_trained')} người học nghề, {n('people_employed')} người được "
            f"giới thiệu việc làm, {n('loans_count')} lượt vay vốn "
            f"({format_vnd(int(v.value('loans_amount_vnd') or 0))})."
        ),
        _p(
            f"4. Tuyên truyền, tập huấn: {n('communication_events')} buổi tuyên truyền với "
            f"{n('communication_participants')} lượt người dự; {n('communes_with_communication')}/"
            f"{n('communes_total')} xã, phường có tuyên truyền ({pct('communes_communication_pct')} %); "
            f"{n('staff_trained')} lượt cán bộ được tập huấn; {n('communes_healthy_recognised')} xã, phường được "
            f"công nhận lành mạnh không có tệ nạn mại dâm."
        ),
        _target_chart(report),
        _heading("II. SỐ LIỆU CHI TIẾT"),
    ]
    for table in template.tables:
        story.extend(_table(table, report))
    story.extend(_definitions(template, report))
    if report.consolidated or report.missing or report.rejected:
        story.extend(_units(report))
    story += [Spacer(1, 10), _closing(report)]
    if report.demo:
        story.append(_demo_mark())
    return story


def _demo_mark() -> Paragraph:
    """A report computed from demo data says so at its top and its end."""
    style = layout.body_style(
        "demo",
        fontName=layout.FONT_BOLD,
        textColor=colors.HexColor("#C00000"),
        alignment=1,
        firstLineIndent=0,
    )
    return Paragraph(layout.markup(DEMO_MARK), style)


def _definitions(template: ReportTemplate, report: Report) -> list[Flowable]:
    """How each indicator of the tables is counted, in the order the tables use them."""
    used = list(dict.fromkeys(i for t in template.tables for i in _table_indicators(t)))
    out: list[Flowable] = [_heading("III. CÁCH TÍNH CÁC CHỈ TIÊU")]
    small = {"fontSize": 10.5, "spaceBefore": 0, "spaceAfter": 1, "firstLineIndent": 0}
    known = report.values.indicator
    out += [_p(f"- {known(i).label}: {known(i).definition}", **small) for i in used]
    return out


def _table_indicators(table: ReportTable) -> list[str]:
    return [c.indicator for c in table.columns] + [line.indicator for line in (*table.lines, *table.summary)]


def _units(report: Report) -> list[Flowable]:
    """Who a consolidated report adds up, who is missing, which files were left out and why."""
    out: list[Flowable] = [_heading("IV. ĐƠN VỊ TỔNG HỢP")]
    included = [u.label for u in report.units]
    rejected = [f"{name}: {reason}" for name, reason in report.rejected]
    for title, lines in (
        ("Đơn vị đã tổng hợp", included),
        ("Đơn vị chưa gửi báo cáo", list(report.missing)),
        ("Tệp không dùng được", rejected),
    ):
        out.append(_p(f"{title}: {len(lines)}" + (":" if lines else ".")))
        out += [_p(f"- {line}", spaceBefore=0, spaceAfter=0, firstLineIndent=0) for line in lines]
    return out


def _inspected_target(report: Report) -> str:
    """«chỉ tiêu ≥ 20 %/năm» for a year; for a shorter period the prorated target, and the year's."""
    annual = report.annual_targets["businesses_inspected_pct"]
    target = report.targets["businesses_inspected_pct"]
    if target == annual:
        return f"chỉ tiêu ≥ {annual} %/năm"
    return f"chỉ tiêu của kỳ ≥ {format_target(target)} %, tức {annual} %/năm tính theo độ dài của kỳ"


def _target_chart(report: Report) -> Drawing:
    """Bars of the three programme shares against their targets (a leader reads this first)."""
    v, t = report.values, report.targets
    rows = [
        (
            "Xã, phường có tuyên truyền",
            v.value("communes_communication_pct"),
            t["communes_communication_pct"],
        ),
        ("Cơ sở được kiểm tra", v.value("businesses_inspected_pct"), t["businesses_inspected_pct"]),
        ("Cơ sở có cam kết", v.value("commitments_coverage_pct"), t["commitments_coverage_pct"]),
    ]
    width, height = layout.TEXT_WIDTH, 62 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 48 * mm, 8 * mm, width - 62 * mm, height - 20 * mm
    chart.data = [[float(r[1] or 0) for r in rows], [float(r[2]) for r in rows]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = layout.FONT
    chart.categoryAxis.categoryNames = [r[0] for r in rows]
    chart.categoryAxis.labels.fontName = layout.FONT
    chart.categoryAxis.labels.fontSize = 9
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.bars[0].fillColor = colors.HexColor("#2f6db5")
    chart.bars[1].fillColor = colors.HexColor("#c9c9c9")
    chart.barLabelFormat = lambda value: f"{value:.1f}".replace(".", ",") + " %"
    chart.barLabels.fontName = layout.FONT
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(
        String(
            0,
            height - 8,
            "Kết quả so với chỉ tiêu (%): cột xanh là kết quả, cột xám là chỉ tiêu",
            fontName=layout.FONT_ITALIC,
            fontSize=10,
        )
    )
    return drawing


def _cell_style(bold: bool = False, align: str = "LEFT", size: float = TABLE_SIZE) -> object:
    return layout.body_style(
        f"cell-{size}",
        fontName=layout.FONT_BOLD if bold else layout.FONT,
        fontSize=size,
        leading=size * 1.2,
        alignment={"LEFT": 0, "CENTER": 1, "RIGHT": 2}[align],
        firstLineIndent=0,
        spaceAfter=0,
        spaceBefore=0,
        splitLongWords=0,  # a word too long for its cell overflows rather than breaks (widths prevent it)
    )


def _table(table: ReportTable, report: Report) -> list[Flowable]:
    """The table with its columns sized from their content: numbers on one line, headings and labels
    wrapped between words only, the font smaller for a table that would not fit otherwise."""
    grids = list(table_rows(table, report.values))
    body = [
        (grid, [format_value(value, unit) for value, unit in zip(grid.cells, grid.units, strict=True)])
        for grid in grids
    ]
    if table.by is None:
        labels = [table.value_label]
        groups: list[tuple[str, int, int]] = []
    else:
        labels = [c.label for c in table.columns]
        groups = table.header_groups
    contents = [
        tables.ColumnContent(words=[("STT", True)], whole=[(grid.number, grid.total) for grid in grids]),
        tables.ColumnContent(
            words=[(table.row_header, True), *[(grid.label, grid.total) for grid in grids]], stretch=True
        ),
        *[
            tables.ColumnContent(
                words=[(label, True)], whole=[(texts[index], grid.total) for grid, texts in body]
            )
            for index, label in enumerate(labels)
        ],
    ]
    fit = tables.fit_columns(contents, layout.TEXT_WIDTH)
    size = fit.size
    header_style = _cell_style(True, "CENTER", size)
    rows_out: list[list[object]] = []
    style: list[tuple[object, ...]] = []
    if groups:
        top: list[object] = [_h("STT", header_style), _h(table.row_header, header_style)]
        bottom: list[object] = ["", ""]
        for index, label in enumerate(labels):
            group = next((g for g in groups if g[1] <= index <= g[2]), None)
            if group is None:
                top.append(_h(label, header_style))
                bottom.append("")
                style.append(("SPAN", (index + 2, 0), (index + 2, 1)))
            else:
                top.append(_h(group[0], header_style) if index == group[1] else "")
                bottom.append(_h(label, header_style))
        for _label, first, last in groups:
            style.append(("SPAN", (first + 2, 0), (last + 2, 0)))
        style += [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
        rows_out += [top, bottom]
    else:
        rows_out.append([_h(t, header_style) for t in ("STT", table.row_header, *labels)])
    # The body is plain text drawn page by page (tables.PagedTable): a consolidated report has thousands of
    # commune rows. Numbers never wrap (the widths come from them); a label wraps between words.
    pdf_table = tables.PagedTable(
        rows_out,
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eeeeee")),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), tables.CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), tables.CELL_PADDING),
            *style,
        ],
        [[grid.number, grid.label, *texts] for grid, texts in body],
        fit.widths,
        tables.BodyStyle(
            aligns=["CENTER", "LEFT", *["RIGHT"] * len(labels)],
            wrap=[False, True, *[False] * len(labels)],
            size=size,
            leading=size * 1.2,
        ),
        [index for index, (grid, _texts) in enumerate(body) if grid.total],
    )
    out: list[Flowable] = [_heading(table.title), pdf_table]
    for label, value, unit in summary_rows(table, report.values):
        out.append(_p(f"{label}: {format_value(value, unit)}", spaceBefore=2, spaceAfter=0))
    for note in table.notes:
        out.append(_p(f"Ghi chú: {note}", fontName=layout.FONT_ITALIC, fontSize=11, spaceBefore=2))
    return out


def recipients(text: str) -> list[str]:
    """The "Nơi nhận" lines: each recipient the profile names (separated by ";"), a dotted line to fill by
    hand when it names none, then the office's own archive."""
    named = [r.strip() for r in text.replace("\n", ";").split(";") if r.strip()]
    return [*(named or [layout.DOT * 20]), "Lưu: VT"]


def _closing(report: Report) -> Table:
    """ "Nơi nhận" (left, 12 pt bold italic, then 11 pt lines) beside the signature block (right)."""
    recipients_ = recipients(report.recipient)
    lines = [Paragraph("<i><b>Nơi nhận:</b></i>", layout.body_style("nn", fontSize=12, firstLineIndent=0))]
    lines += [
        Paragraph(
            layout.markup(f"- {r};" if i < len(recipients_) - 1 else f"- {r}."),
            layout.body_style("nn1", fontSize=11, firstLineIndent=0, spaceAfter=0, spaceBefore=0),
        )
        for i, r in enumerate(recipients_)
    ]
    block = signature_block(report_office(report))
    heading = [layout.Line(text, layout.FONT_BOLD, layout.BODY_SIZE) for text in block.headings]
    heading = heading or [layout.Line(layout.BLANK, layout.FONT_BOLD, layout.BODY_SIZE)]
    heading.append(layout.Line("(Ký, ghi rõ họ tên, đóng dấu)", layout.FONT_ITALIC, layout.BODY_SIZE))
    signature: list[Flowable] = [layout.CenteredLines(heading), Spacer(1, layout.SIGNING_SPACE)]
    if block.name.strip():
        signature.append(
            layout.CenteredLines([layout.Line(block.name.strip(), layout.FONT_BOLD, layout.BODY_SIZE)])
        )
    table = Table([[lines, signature]], colWidths=[layout.TEXT_WIDTH * 0.4, layout.TEXT_WIDTH * 0.6])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table
