"""A long table laid out page by page (pdf_tables.PagedTable), read back as a reader sees it: the header on
every page, every row once and in order, no row cut across a page, labels wrapped between words only."""

from __future__ import annotations

import subprocess
import unicodedata
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


VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _letters() -> list[str]:
    """Every Vietnamese vowel with every tone, small and capital, and the Russian and Greek alphabets: more
    glyphs than one of reportlab's font subsets (256) holds."""
    small = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)]
    others = [
        chr(c)
        for c in (*range(0x410, 0x450), *range(0x391, 0x3A2), *range(0x3A3, 0x3AA), *range(0x3B1, 0x3CA))
    ]
    return [*small, *(letter.upper() for letter in small), "đ", "Đ", *others]


def test_repeated_figures_read_back_right_across_font_subsets_pages_and_documents(tmp_path: Path) -> None:
    # Each line's PDF code is formatted once and reused: after the labels have filled reportlab's first font
    # subset, the same figures are drawn with other subsets current, in bold and regular, on every page.
    letters = _letters()
    assert len(letters) > 256
    words = ["".join(letters[i : i + 6]) for i in range(0, len(letters), 6)]
    style = layout.body_style("h", fontName=layout.FONT_BOLD, alignment=1, firstLineIndent=0)
    header = [[Paragraph(t, style) for t in ("STT", "Chữ", "Số", "Tỷ lệ")]]
    body = [[str(i), words[i % len(words)], "1.234", "—" if i % 3 else "12,5"] for i in range(1, 301)]
    table = tables.PagedTable(
        header,
        [("GRID", (0, 0), (-1, -1), 0.5, "black")],
        body,
        [40.0, 200.0, 80.0, 80.0],
        tables.BodyStyle(
            aligns=["CENTER", "LEFT", "RIGHT", "RIGHT"],
            wrap=[False, True, False, False],
            size=9,
            leading=10.8,
        ),
        bold_rows=list(range(0, 300, 4)),
    )
    for name in ("mot.pdf", "hai.pdf"):  # the same table in a second document: its own subsets and forms
        path = tmp_path / name
        document = layout.Nd30Document(path, "Chữ và số")
        document.build([document.part_start(), table])
        rows = [
            line.split()
            for page in _pages(path)
            for line in page.splitlines()
            if len(line.split()) >= 4 and line.split()[0].isdigit()
        ]
        assert [int(row[0]) for row in rows] == list(range(1, 301))
        for row in rows:
            number = int(row[0])
            assert row[1:] == [words[number % len(words)], "1.234", "—" if number % 3 else "12,5"], row
        assert all("STT" in page and "Tỷ lệ" in page for page in _pages(path))
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        subsets = [line.split()[0] for line in fonts.splitlines() if line.endswith("0")]
        assert sum(name.endswith("+LiberationSerif") for name in subsets) >= 2, fonts  # the regular font's
