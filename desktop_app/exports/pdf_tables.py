"""Report tables in a PDF: column widths from their content (numbers never wrap, headings wrap between words
only, the font shrinks before a word would break) and long tables laid out page by page."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Table, TableStyle

from desktop_app.exports.pdf_layout import FONT, FONT_BOLD, TEXT_HEIGHT

_FORMS = itertools.count(1)  # names of the header forms, unique within a process

# ---- Table columns sized from their content ------------------------------------------------------------
CELL_PADDING = 3.0  # left and right padding of a table cell, points each side
TABLE_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5)  # the font sizes a table may shrink to before it turns


@dataclass(frozen=True, slots=True)
class ColumnContent:
    """What one table column holds: text that may wrap between words (headings, labels) and text that never
    wraps (numbers), each with whether it is bold."""

    words: Sequence[tuple[str, bool]] = ()
    whole: Sequence[tuple[str, bool]] = ()
    stretch: bool = False  # takes the room left once every column has what it needs


@dataclass(frozen=True, slots=True)
class ColumnFit:
    widths: list[float]
    size: float
    fits: bool  # False: even the smallest size needs more than the width given


def fit_columns(columns: Sequence[ColumnContent], available: float) -> ColumnFit:
    """Column widths from the content: each column at least as wide as its longest word and its widest
    number (so numbers never wrap and headings wrap only between words), the font shrunk step by step
    (TABLE_SIZES) until that fits; the space left goes to the columns whose text would otherwise wrap."""
    size = TABLE_SIZES[0]
    least: list[float] = []
    most: list[float] = []
    for size in TABLE_SIZES:
        least, most = _column_needs(columns, size)
        if sum(least) <= available:
            break
    spare = available - sum(least)
    if spare < 0:  # a template with more columns than a page holds: scaled down, words may break
        return ColumnFit([w * available / sum(least) for w in least], size, False)
    wants = [m - w for m, w in zip(most, least, strict=True)]
    wanted = sum(wants)
    if wanted >= spare:
        widths = [w + spare * want / wanted for w, want in zip(least, wants, strict=True)]
    else:
        stretching = (
            [c.stretch for c in columns] if any(c.stretch for c in columns) else [True] * len(columns)
        )
        share = (spare - wanted) / sum(stretching)
        widths = [m + (share if s else 0.0) for m, s in zip(most, stretching, strict=True)]
    return ColumnFit(widths, size, True)


def _column_needs(columns: Sequence[ColumnContent], size: float) -> tuple[list[float], list[float]]:
    """(narrowest, widest useful) width of each column at `size`, padding included."""
    widths: dict[tuple[str, bool], float] = {}  # numbers and words repeat down a column

    def width(text: str, bold: bool) -> float:
        found = widths.get((text, bold))
        if found is None:
            found = float(pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size))
            widths[text, bold] = found
        return found

    pad = 2 * CELL_PADDING + 1.0  # a point more than the padding: rounding in the line breaker
    least: list[float] = []
    most: list[float] = []
    for column in columns:
        whole = [width(text, bold) for text, bold in column.whole]
        words = [width(word, bold) for text, bold in column.words for word in text.split()]
        lines = [width(text, bold) for text, bold in column.words]
        narrowest = max([0.0, *whole, *words]) + pad
        least.append(narrowest)
        most.append(max([narrowest, *[line + pad for line in lines]]))
    return least, most


class _BodyText(PDFTextObject):  # type: ignore[misc]
    """reportlab's text object, with `show` writing a line at the text origin as `textOut` does, but each
    distinct line formatted once (a report's numbers repeat down its columns) and without measuring it
    again to move the cursor (every line is placed with setTextOrigin).

    A line's PDF code depends on the font, its size and leading and the font subset in use before it; the
    code and the subset after it are kept under that key. Codes are valid for one document only (reportlab
    numbers a TrueType font's subsets per document): `codes` belongs to the canvas it was made on."""

    _curSubset: int  # noqa: N815 (reportlab's name: the font subset current after the last line; -1: none)

    def __init__(self, canvas: object, codes: dict[tuple[object, ...], tuple[str, int]]) -> None:
        super().__init__(canvas)
        self._codes = codes

    def show(self, line: str) -> None:
        key = (line, self._fontname, self._fontsize, self._leading, self._curSubset)
        found = self._codes.get(key)
        if found is None:
            found = self._codes[key] = (self._formatText(line), self._curSubset)
        self._code.append(found[0])
        self._curSubset = found[1]


class _TextCodes:
    """The formatted lines of one table (shared by the parts it splits into), for one canvas at a time."""

    def __init__(self) -> None:
        self.canvas: object = None
        self.codes: dict[tuple[object, ...], tuple[str, int]] = {}

    def text(self, canvas: object) -> _BodyText:
        if canvas is not self.canvas:
            self.canvas, self.codes = canvas, {}
        return _BodyText(canvas, self.codes)


@dataclass(frozen=True, slots=True)
class BodyStyle:
    """How the body rows of a PagedTable are drawn: one font size, vertical centring, a thin grid."""

    aligns: Sequence[str]  # per column: "LEFT", "CENTER" or "RIGHT"
    wrap: Sequence[bool]  # per column: wraps between words at the column's width (a word never breaks)
    size: float
    leading: float
    padding: tuple[float, float, float, float] = (2.0, 2.0, CELL_PADDING, CELL_PADDING)  # top, bottom, l, r
    grid: float = 0.5


class PagedTable(Flowable):  # type: ignore[misc]
    """A table of any length laid out page by page in linear time, its header rows repeated on each page.

    reportlab's Table re-measures every remaining row at each page break and, with spans in its header,
    walks every remaining cell too; a consolidated report's thousands of commune rows took minutes. Here
    the header is a reportlab Table (spans, wrapped headings), laid out once, and the body rows are plain
    text drawn straight onto the page: each row's lines and height are worked out once, a page takes as
    many rows as fit and the rest becomes a PagedTable for the next page. `bold_rows` are body rows
    (0-based) drawn in FONT_BOLD.
    """

    def __init__(
        self,
        header: Sequence[Sequence[object]],
        header_style: Sequence[tuple[object, ...]],
        body: Sequence[Sequence[str]],
        widths: Sequence[float],
        style: BodyStyle,
        bold_rows: Sequence[int] = (),
    ) -> None:
        super().__init__()
        self._widths = list(widths)
        self._s = style
        self._header = Table([list(row) for row in header], colWidths=self._widths)
        self._header.setStyle(TableStyle(list(header_style)))
        self._header_height = float(self._header.wrap(sum(self._widths), TEXT_HEIGHT)[1])
        self._form = f"PcmdTableHeader{next(_FORMS)}"  # the header drawn once, shown on every page
        self._codes = _TextCodes()
        bold = set(bold_rows)
        line_widths: dict[tuple[str, bool], float] = {}  # numbers repeat down a column: each measured once
        self._rows = [self._measure(row, index in bold, line_widths) for index, row in enumerate(body)]
        self._body_height = sum(height for _, height, _ in self._rows)

    def _measure(
        self, row: Sequence[str], bold: bool, known: dict[tuple[str, bool], float]
    ) -> tuple[bool, float, list[list[tuple[str, float]]]]:
        """(bold, height, each cell's lines with their widths) of one body row."""
        top, bottom, left, right = self._s.padding
        font, size = (FONT_BOLD if bold else FONT), self._s.size

        def measured(lines: list[str]) -> list[tuple[str, float]]:
            out: list[tuple[str, float]] = []
            for line in lines:
                line_width = known.get((line, bold))
                if line_width is None:
                    line_width = known[line, bold] = pdfmetrics.stringWidth(line, font, size)
                out.append((line, line_width))
            return out

        cells: list[list[tuple[str, float]]] = []
        for text, width, wraps in zip(row, self._widths, self._s.wrap, strict=True):
            room = width - left - right
            lines = measured(text.split("\n"))
            if wraps and any(line_width > room for _, line_width in lines):
                lines = measured(simpleSplit(text, font, size, room) or [""])
            cells.append(lines)
        return bold, max(len(c) for c in cells) * self._s.leading + top + bottom, cells

    def _part(self, rows: list[tuple[bool, float, list[list[tuple[str, float]]]]]) -> PagedTable:
        part = PagedTable.__new__(PagedTable)
        Flowable.__init__(part)
        part._widths, part._s = self._widths, self._s
        part._header, part._header_height, part._form = self._header, self._header_height, self._form
        part._codes = self._codes
        part._rows = rows
        part._body_height = sum(height for _, height, _ in rows)
        return part

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return sum(self._widths), self._header_height + self._body_height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used, fit = self._header_height, 0
        for _, height, _ in self._rows:
            if used + height > avail_height:
                break
            used, fit = used + height, fit + 1
        if fit == 0:
            return []  # not even one row here: the frame moves the table to the next page
        if fit >= len(self._rows):
            return [self]
        return [self._part(self._rows[:fit]), self._part(self._rows[fit:])]

    def _draw_header(self, y: float) -> None:
        """The header rows at `y`: laid out and drawn once per document into a form (an XObject), which each
        page then shows; reportlab's Table draws its cells' paragraphs again at every call."""
        canvas = self.canv
        if not canvas.hasForm(self._form):
            grid = 2.0  # the form is clipped to its box: room for the half of a rule outside the cells
            canvas.beginForm(self._form, -grid, -grid, sum(self._widths) + grid, self._header_height + grid)
            self._header.drawOn(canvas, 0, 0)
            canvas.endForm()
        canvas.saveState()
        canvas.translate(0, y)
        canvas.doForm(self._form)
        canvas.restoreState()

    def draw(self) -> None:
        canvas = self.canv
        top, bottom, left, right = self._s.padding
        size, leading = self._s.size, self._s.leading
        body_height = self._body_height
        self._draw_header(body_height)
        edges = [0.0]
        for width in self._widths:
            edges.append(edges[-1] + width)
        text = self._codes.text(canvas)
        text.setFillColorRGB(0, 0, 0)
        current: bool | None = None
        rules = []
        y = body_height
        for bold, height, cells in self._rows:
            y -= height
            if bold != current:
                text.setFont(FONT_BOLD if bold else FONT, size, leading)
                current = bold
            for (x0, x1), align, lines in zip(itertools.pairwise(edges), self._s.aligns, cells, strict=True):
                baseline = y + (bottom + height - top + len(lines) * leading) / 2.0 - size
                for line, width in lines:
                    if align == "RIGHT":
                        x = x1 - right - width
                    elif align == "CENTER":
                        x = (x0 + x1 + left - right - width) / 2.0
                    else:
                        x = x0 + left
                    text.setTextOrigin(x, baseline)
                    text.show(line)
                    baseline -= leading
            rules.append((0.0, y, edges[-1], y))
        canvas.drawText(text)
        rules += [(x, 0.0, x, body_height) for x in edges]
        canvas.setLineWidth(self._s.grid)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.lines(rules)
