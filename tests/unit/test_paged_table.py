"""A long table laid out page by page (pdf_tables.PagedTable), read back as a reader sees it: the header on
every page, every row once and in order, no row cut across a page, labels wrapped between words only."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reportlab.platypus import Paragraph

from desktop_app.exports import pdf_layout as layout
from desktop_app.exports import pdf_tables as tables

ROWS = 700


def _pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def _table(rows: int) -> tables.PagedTable:
    style = layout.body_style("h", fontName=layout.FONT_BOLD, alignment=1, firstLineIndent=0)
    header = [[Paragraph(t, style) for t in ("STT", "Xã, phường", "Lượt kiểm tra", "Tiền phạt (đồng)")]]
    body = [["", "Tổng cộng", "99.999", "10.000.000.000"]]
    for i in range(1, rows + 1):
        name = f"Xã Số{i:04d} Chiềng Mường Khiêng Nậm Lầu" if i % 7 == 0 else f"Xã Số{i:04d}"
        body.append([str(i), name, str(i * 3), f"{i}.000.000"])
    return tables.PagedTable(
        header,
        [("GRID", (0, 0), (-1, -1), 0.5, "black")],
        body,
        [40.0, 150.0, 80.0, 120.0],
        tables.BodyStyle(
            aligns=["CENTER", "LEFT", "RIGHT", "RIGHT"],
            wrap=[False, True, False, False],
            size=9,
            leading=10.8,
        ),
        bold_rows=[0],
    )


def test_a_long_table_repeats_its_header_and_keeps_every_row_whole_and_in_order(tmp_path: Path) -> None:
    path = tmp_path / "bang.pdf"
    document = layout.Nd30Document(path, "Bảng dài")
    document.build([document.part_start(), layout.paragraph("Bảng dài"), _table(ROWS)])
    pages = _pages(path)
    assert len(pages) > 10
    seen: list[int] = []
    for page in pages:
        assert "STT" in page and "Xã, phường" in page and "Tiền phạt" in page, "the header on every page"
        for line in page.splitlines():
            words = line.split()
            if len(words) >= 3 and words[0].isdigit():
                number = int(words[0])
                seen.append(number)
                # the row's number and its figures on one line: nothing wrapped or cut off
                assert words[-2:] == [str(number * 3), f"{number}.000.000"], line
    assert seen == list(range(1, ROWS + 1))
    text = "\n".join(pages)
    assert "Tổng cộng" in text and "10.000.000.000" in text
    # a long label wraps between words, never inside one: each word read back whole
    for word in ("Chiềng", "Mường", "Khiêng", "Nậm", "Lầu"):
        assert text.count(word) == ROWS // 7, word


def test_a_table_that_fits_is_one_piece_and_a_split_takes_only_what_fits() -> None:
    table = _table(40)
    width, height = table.wrap(layout.TEXT_WIDTH, layout.TEXT_HEIGHT)
    assert width == 390.0
    assert table.split(layout.TEXT_WIDTH, height + 1) == [table]
    first, rest = table.split(layout.TEXT_WIDTH, height / 2)
    assert first.wrap(layout.TEXT_WIDTH, height / 2)[1] <= height / 2
    # both pieces carry the header; together they hold every row once
    assert first.wrap(0, 0)[1] + rest.wrap(0, 0)[1] > height
    assert table.split(layout.TEXT_WIDTH, 20) == []  # not even the header and one row: the next page
