"""The report PDF's tables read back whole: no word broken inside a syllable, no number wrapped in its cell,
at realistic maxima (fines of 10^10 đ, 40 communes with long names, five-digit counts)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.domain.report_templates import table_rows
from desktop_app.exports import pdf_layout as layout
from desktop_app.exports import pdf_tables as tables
from desktop_app.services.app_services import Services
from desktop_app.services.reports import default_template
from tests.unit.report_maxima import report_at_maxima
from tests.unit.test_reports import _configure

NUMBER = re.compile(r"^\d[\d.,]*$")
HEADING_NUMBER = re.compile(r"^\d\.$")  # «Biểu 1.»
WHOLE_VALUES = {"99.999", "10.000.000.000", "100,0"}


def _words(path: Path) -> list[str]:
    """The words of section II (the tables), as pdftotext reads them in layout order."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    tables = text[text.index("II. SỐ LIỆU CHI TIẾT") : text.index("III. CÁCH TÍNH")]
    return tables.split()


def _printed_words(text: str) -> list[str]:
    return [w.strip("()") for w in text.split() if w.strip("()")]


@pytest.fixture
def office(services: Services) -> Services:
    _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    return services


def test_every_default_table_at_its_maxima_reads_back_whole(office: Services, tmp_path: Path) -> None:
    report = report_at_maxima(office, parse_period("2026S1"))
    pdf = office.reports.write_pdf(report, tmp_path / "bao-cao.pdf")
    words = _words(pdf)
    found = set(words) | {w.strip("()") for w in words}
    template = default_template()
    expected: set[str] = set()
    for table in template.tables:
        labels = [table.row_header, *(c.label for c in table.columns), *(g[0] for g in table.header_groups)]
        if table.by is None:
            labels.append(table.value_label)
        labels += [grid.label for grid in table_rows(table, report.values)]
        for label in labels:
            expected.update(_printed_words(label))
    missing = sorted(w for w in expected if w not in found)
    assert not missing, f"words broken or lost: {missing}"
    for broken in ("Ngừn", "Lượ", "đ", "p", "Nhắ", "Chu"):  # the fragments seen before
        assert broken not in found
    numbers = {w for w in words if NUMBER.match(w) and ("." in w or "," in w) and not HEADING_NUMBER.match(w)}
    assert numbers <= WHOLE_VALUES, sorted(numbers - WHOLE_VALUES)
    assert words.count("10.000.000.000") >= 41  # Biểu 2: the total and each of the 40 communes


def test_a_wide_template_shrinks_its_font_before_breaking_a_word(office: Services, tmp_path: Path) -> None:
    indicators = [
        "inspection_visits",
        "businesses_inspected",
        "violations",
        "reminders",
        "penalties",
        "referrals_police",
        "fines_vnd",
        "hotspots_found",
        "hotspots_eliminated",
        "communication_events",
        "communication_participants",
        "businesses_active_end",
        "businesses_new",
        "businesses_closed",
    ]
    template = {
        "format": 1,
        "id": "mau-rong",
        "name": "Mẫu rộng",
        "tables": [
            {
                "id": "rong",
                "title": "Biểu rộng",
                "rows": {"by": "commune", "total_label": "Tổng cộng"},
                "columns": [
                    {"label": f"Chỉ tiêu {n} thường xuyên", "indicator": i} for n, i in enumerate(indicators)
                ],
            }
        ],
    }
    path = tmp_path / "mau.json"
    path.write_text(json.dumps(template, ensure_ascii=False), encoding="utf-8")
    office.reports.import_template(path)
    report = report_at_maxima(office, parse_period("2026"))
    words = _words(office.reports.write_pdf(report, tmp_path / "rong.pdf"))
    assert {"Chỉ", "tiêu", "thường", "xuyên", "Tổng", "cộng"} <= set(words)
    assert {str(n) for n in range(len(indicators))} <= set(words)
    numbers = {w for w in words if NUMBER.match(w) and ("." in w or "," in w) and not HEADING_NUMBER.match(w)}
    assert numbers <= WHOLE_VALUES, sorted(numbers - WHOLE_VALUES)
    assert words.count("10.000.000.000") >= 41


def test_columns_fit_their_widest_number_and_word() -> None:
    layout.register_fonts()
    columns = [
        tables.ColumnContent(words=[("STT", True)], whole=[("40", False)]),
        tables.ColumnContent(words=[("Xã, phường", True), ("Xã Mường Chiên Huổi Một", False)], stretch=True),
        tables.ColumnContent(words=[("Tiền phạt (đồng)", True)], whole=[("10.000.000.000", True)]),
        tables.ColumnContent(words=[("Ngừng", True)], whole=[("99.999", False)]),
    ]
    fit = tables.fit_columns(columns, 150)
    assert fit.fits and fit.size < tables.TABLE_SIZES[0]  # too narrow at 9 pt: smaller
    assert abs(sum(fit.widths) - 150) < 0.01
    pad = 2 * tables.CELL_PADDING
    assert fit.widths[2] >= layout.pdfmetrics.stringWidth("10.000.000.000", layout.FONT_BOLD, fit.size) + pad
    assert fit.widths[3] >= layout.pdfmetrics.stringWidth("Ngừng", layout.FONT_BOLD, fit.size) + pad
    roomy = tables.fit_columns(columns, 460)
    assert roomy.size == tables.TABLE_SIZES[0] and roomy.widths[1] == max(roomy.widths)
