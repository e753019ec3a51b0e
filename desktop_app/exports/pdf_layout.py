"""Nghị định 30/2020/NĐ-CP layout on reportlab: fonts, A4 margins, headings, date line, signatures."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import Cancelled
from desktop_app.domain.text import nfc
from desktop_app.exports.atomic import CancelCheck, ExportError, atomic_target
from desktop_app.paths import resource

FONT = "PcmdSerif"
FONT_BOLD = "PcmdSerif-Bold"
FONT_ITALIC = "PcmdSerif-Italic"
FONT_BOLD_ITALIC = "PcmdSerif-BoldItalic"
# Liberation Serif has the metrics of Times New Roman (which NĐ 30 names) and covers every Vietnamese letter.
_FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    FONT_BOLD: "LiberationSerif-Bold.ttf",
    FONT_ITALIC: "LiberationSerif-Italic.ttf",
    FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
DOT = "…"  # one "…" per blank to fill by hand
BLANK = DOT * 12

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

BODY_SIZE = 13.0
HEADING_SIZE = 12.0  # Quốc hiệu and agency names: 12–13
MOTTO_SIZE = 13.0  # Tiêu ngữ: one point above the Quốc hiệu
TITLE_SIZE = 14.0
LEADING = 1.2  # line height as a multiple of the font size: single spacing
PARAGRAPH_GAP = 6.0  # NĐ 30: paragraphs at least 6 pt apart
FIRST_LINE_INDENT = 10 * mm
SIGNING_SPACE = 22 * mm  # 3–4 blank lines for the signature and the seal
UNIT_SHARE = 0.4  # the agency column of the header; the national column takes the rest
RULE_WIDTH = 0.6

_fonts_lock = threading.Lock()
_fonts_registered: set[str] = set()


def register_fonts() -> None:
    """Register the PcmdSerif family (regular, bold, italic, bold italic) once; safe from any thread.

    Raises ExportError when a bundled font file is missing (a damaged installation).
    """
    with _fonts_lock:
        if _fonts_registered:
            return
        for name, file_name in _FONT_FILES.items():
            path = resource("fonts", file_name)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except OSError as err:
                raise ExportError(
                    f"Thiếu phông chữ «{file_name}» của chương trình; hãy cài đặt lại PCMD Desk."
                ) from err
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered.update(_FONT_FILES)


# ---- Text helpers ---------------------------------------------------------------------------------------


def vn_date_words(day: date | None) -> str:
    """'ngày 05 tháng 3 năm 2026': NĐ 30 pads a day below 10 and the months 1 and 2 with a zero; no date
    gives blanks to fill by hand."""
    if day is None:
        blank = DOT * 3
        return f"ngày {blank} tháng {blank} năm {blank}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_date_line(place: str, day: date | None) -> str:
    """'Mai Sơn, ngày 05 tháng 3 năm 2026' (see vn_date_words)."""
    return f"{nfc(place) or BLANK}, {vn_date_words(day)}"


def markup(text: str) -> str:
    """Plain text (NFC) made safe for a reportlab Paragraph."""
    return escape(nfc(text))


def dots_for(width: float, size: float = BODY_SIZE, font: str = FONT) -> str:
    """As many '…' as fit in `width` points: a blank to fill in by hand."""
    one = pdfmetrics.stringWidth(DOT, font, size)
    return DOT * max(3, int(width // one))


def width_of(text: str, size: float = BODY_SIZE, font: str = FONT) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


# ---- Styles ---------------------------------------------------------------------------------------------


def body_style(name: str = "body", **overrides: Any) -> ParagraphStyle:
    """13 pt serif, single spacing, justified, 6 pt before; override any ParagraphStyle attribute."""
    options: dict[str, Any] = {
        "fontName": FONT,
        "fontSize": BODY_SIZE,
        "leading": BODY_SIZE * LEADING,
        "alignment": TA_JUSTIFY,
        "spaceBefore": PARAGRAPH_GAP,
        "allowWidows": 0,
        "allowOrphans": 0,
    }
    options.update(overrides)
    return ParagraphStyle(name, **options)


FIELD_STYLE = body_style("field", alignment=TA_LEFT, spaceBefore=2.0)
CLAUSE_STYLE = body_style("clause", firstLineIndent=FIRST_LINE_INDENT)
PARAGRAPH_STYLE = body_style("paragraph", firstLineIndent=FIRST_LINE_INDENT)
CENTERED_STYLE = body_style("centered", alignment=TA_CENTER, spaceBefore=PARAGRAPH_GAP * 2)
ADDRESSEE_STYLE = body_style(  # "Kính gửi: …": 14 pt, centred, set apart from the body
    "addressee",
    alignment=TA_CENTER,
    fontSize=TITLE_SIZE,
    leading=TITLE_SIZE * LEADING,
    spaceBefore=PARAGRAPH_GAP * 2,
    spaceAfter=PARAGRAPH_GAP,
)


def paragraph(text: str, style: ParagraphStyle = PARAGRAPH_STYLE) -> Paragraph:
    """A paragraph of plain text (escaped here: never pass markup)."""
    return Paragraph(markup(text), style)


def numbered(number: int, text: str, style: ParagraphStyle = CLAUSE_STYLE) -> Paragraph:
    """'1. text': a numbered clause, first line indented, justified."""
    return Paragraph(f"{number}. {markup(text)}", style)


def field_line(
    label: str, value: str, width: float = TEXT_WIDTH, style: ParagraphStyle = FIELD_STYLE
) -> Paragraph:
    """'Label: value'; an empty value becomes a dotted line to the right margin, to be filled by hand."""
    prefix = f"{nfc(label)}: "
    value = nfc(value).strip()
    if value:
        return Paragraph(escape(prefix) + markup(value), style)
    size = style.fontSize
    return Paragraph(escape(prefix) + dots_for(width - width_of(prefix, size) - 4, size), style)


def field_pair(
    first: tuple[str, str],
    second: tuple[str, str],
    width: float = TEXT_WIDTH,
    split: float = 0.56,
    style: ParagraphStyle = FIELD_STYLE,
) -> Paragraph:
    """Two 'Label: value' items on one line; the first takes `split` of the width when it is blank."""
    parts: list[str] = []
    room = (width * split, width * (1 - split))
    for (label, value), share in zip((first, second), room, strict=True):
        prefix = f"{nfc(label)}: "
        shown = nfc(value).strip()
        size = style.fontSize
        text = markup(shown) if shown else dots_for(share - width_of(prefix, size) - 8, size)
        parts.append(escape(prefix) + text)
    return Paragraph(";&nbsp;&nbsp;".join(parts), style)


# A capitalised unit name breaks before its level word: "ỦY BAN NHÂN DÂN / TỈNH SƠN LA".
_LEVEL_WORDS = frozenset(("tỉnh", "thành", "xã", "phường", "thị", "đặc", "huyện", "quận"))


class BusinessOnForm(Protocol):
    """The business details every pre-filled form prints (commitments, inspection minutes)."""

    @property
    def business_name(self) -> str: ...
    @property
    def business_type(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def registration_number(self) -> str: ...
    @property
    def registration_date(self) -> date | None: ...
    @property
    def owner_name(self) -> str: ...
    @property
    def owner_id_number(self) -> str: ...
    @property
    def owner_phone(self) -> str: ...


REGISTRATION_LABEL = "Số Giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh"


def business_fields(form: BusinessOnForm, owner_label: str) -> list[Paragraph | Table]:
    """Name, type, address, registration, owner and contact lines; empty values as dotted lines."""
    registration_date = format_date(form.registration_date) if form.registration_date else ""
    return [
        field_line("Tên cơ sở kinh doanh", form.business_name),
        field_line("Loại hình kinh doanh", form.business_type),
        field_line("Địa chỉ", form.address),
        field_pair(
            (REGISTRATION_LABEL, form.registration_number),
            ("ngày cấp", registration_date),
            split=0.72,
        ),
        field_line(owner_label, form.owner_name),
        field_pair(("Số CCCD", form.owner_id_number), ("Điện thoại", form.owner_phone)),
    ]


def _level_break(text: str, font: str, size: float, width: float) -> tuple[str, str] | None:
    words = text.split(" ")
    for i in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        fits = max(width_of(head, size, font), width_of(tail, size, font)) <= width
        if words[i].lower() in _LEVEL_WORDS and fits:
            return head, tail
    return None


@lru_cache(maxsize=4096)  # headings repeat on every form
def balanced_split(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Wrap into as few lines as a greedy wrap needs, but with lines of even length, as headings are set:
    'ỦY BAN NHÂN DÂN / XÃ MƯỜNG BON' rather than 'ỦY BAN NHÂN DÂN XÃ MƯỜNG / BON'."""
    greedy: list[str] = simpleSplit(text, font, size, width) or [""]
    if len(greedy) < 2:
        return tuple(greedy)
    if len(greedy) == 2 and text.isupper():
        level = _level_break(text, font, size, width)
        if level is not None:
            return level
    low, high = width / len(greedy), width
    best = greedy
    for _ in range(12):  # bisect the narrowest width that still needs no more lines
        middle = (low + high) / 2
        trial: list[str] = simpleSplit(text, font, size, middle)
        if len(trial) <= len(greedy) and all(width_of(x, size, font) <= middle + 0.01 for x in trial):
            best, high = trial, middle
        else:
            low = middle
    return tuple(best)


# ---- Centred lines with NĐ 30 rules ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One centred line of a heading; long text wraps. `rule` draws a solid line under it, as a share of
    the (last) text line's width: 1.0 for the Tiêu ngữ, about 0.4 under an agency name or a trích yếu."""

    text: str
    font: str = FONT
    size: float = BODY_SIZE
    rule: float = 0.0
    space_before: float = 0.0


class CenteredLines(Flowable):  # type: ignore[misc]
    """A block of centred lines drawn directly on the canvas (rules with `canvas.line`, never underline)."""

    RULE_GAP = 5.0  # room taken by a rule under its line

    def __init__(self, lines: Sequence[Line], space_after: float = 0.0) -> None:
        super().__init__()
        self._lines = [Line(nfc(x.text), x.font, x.size, x.rule, x.space_before) for x in lines]
        self._space_after = space_after
        self._rows: list[tuple[str, Line, bool, bool]] = []  # (text, line, first row, last row)
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._rows = []
        height = self._space_after
        for line in self._lines:
            pieces = balanced_split(line.text, line.font, line.size, avail_width)
            height += line.space_before + len(pieces) * line.size * LEADING
            if line.rule:
                height += self.RULE_GAP
            last = len(pieces) - 1
            self._rows.extend((piece, line, i == 0, i == last) for i, piece in enumerate(pieces))
        self.width, self.height = avail_width, height
        return avail_width, height

    def draw(self) -> None:
        canvas = self.canv
        middle = self._width / 2
        top = self.height
        for text, line, first, last in self._rows:
            if first:
                top -= line.space_before
            top -= line.size * LEADING
            baseline = top + line.size * 0.25
            canvas.setFont(line.font, line.size)
            canvas.drawCentredString(middle, baseline, text)
            if last and line.rule:
                half = width_of(text, line.size, line.font) * line.rule / 2
                y = baseline - line.size * 0.4
                canvas.setLineWidth(RULE_WIDTH)
                canvas.line(middle - half, y, middle + half, y)
                top -= self.RULE_GAP

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a heading never splits: it moves to the next page whole


# ---- Blocks ---------------------------------------------------------------------------------------------


def national_heading(size: float = HEADING_SIZE) -> CenteredLines:
    """Quốc hiệu (bold, capitals) and Tiêu ngữ (bold, one point larger) with a rule as long as the motto."""
    return CenteredLines([Line(QUOC_HIEU, FONT_BOLD, size), Line(TIEU_NGU, FONT_BOLD, size + 1, rule=1.0)])


def unit_heading(parent_unit: str, issuing_unit: str, size: float = HEADING_SIZE) -> CenteredLines:
    """The agency block: parent agency (capitals, regular) over the issuing agency (capitals, bold, rule)."""
    lines = [Line(nfc(parent_unit).upper(), FONT, size)] if parent_unit.strip() else []
    lines.append(Line(nfc(issuing_unit).upper() or BLANK, FONT_BOLD, size, rule=0.4))
    return CenteredLines(lines)


def date_block(place: str, day: date | None, size: float = BODY_SIZE) -> CenteredLines:
    return CenteredLines([Line(vn_date_line(place, day), FONT_ITALIC, size)])


def columns(
    left: Flowable | Sequence[Flowable] | None,
    right: Flowable | Sequence[Flowable] | None,
    left_share: float = UNIT_SHARE,
    width: float = TEXT_WIDTH,
    space_before: float = 0.0,
) -> Table:
    """Two borderless, unpadded, top-aligned columns (NĐ 30 header rows, signature rows)."""
    cells = [[_cell(left), _cell(right)]]
    table = Table(cells, colWidths=[width * left_share, width * (1 - left_share)], hAlign="CENTER")
    table.setStyle(_PLAIN)
    table.spaceBefore = space_before
    return table


def _cell(content: Flowable | Sequence[Flowable] | None) -> Any:
    if content is None:
        return ""
    if isinstance(content, Flowable):
        return [content]
    return list(content)


_PLAIN = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, BODY_SIZE),  # empty cells would otherwise pull in Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)


def header_block(
    parent_unit: str,
    issuing_unit: str,
    place: str,
    day: date | None,
    number: str = "",
    width: float = TEXT_WIDTH,
) -> Table:
    """The NĐ 30 header grid: agency | Quốc hiệu–Tiêu ngữ, then 'Số: …' | place and date, on one row."""
    number_block = CenteredLines([Line(f"Số: {nfc(number) or BLANK}", FONT, BODY_SIZE)])
    cells = [
        [unit_heading(parent_unit, issuing_unit), national_heading()],
        [number_block, date_block(place, day)],
    ]
    table = Table(cells, colWidths=[width * UNIT_SHARE, width * (1 - UNIT_SHARE)])
    table.setStyle(_PLAIN)
    table.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, 1), 4)]))
    return table


def title_block(title: str, subtitle: str = "", space_before: float = 14.0) -> CenteredLines:
    """Tên loại (bold capitals, 14 pt) and trích yếu (bold, 14 pt) with a short rule under it."""
    lines = [Line(nfc(title).upper(), FONT_BOLD, TITLE_SIZE, space_before=space_before)]
    if subtitle:
        lines.append(Line(subtitle, FONT_BOLD, TITLE_SIZE, rule=0.4))
    return CenteredLines(lines)


@dataclass(frozen=True, slots=True)
class Signer:
    """One signature block: bold capital headings (authority, position), an italic note, the signing
    space, then the signer's name in bold (left blank to be written by hand when empty)."""

    headings: Sequence[str]
    note: str = ""
    name: str = ""


def _signer_heading(signer: Signer | None, size: float = BODY_SIZE) -> Flowable | None:
    if signer is None:
        return None
    lines = [Line(nfc(h).upper(), FONT_BOLD, size) for h in signer.headings]
    if signer.note:
        lines.append(Line(signer.note, FONT_ITALIC, size))
    return CenteredLines(lines)


def _signer_name(signer: Signer | None, size: float = BODY_SIZE) -> Flowable | None:
    if signer is None or not signer.name.strip():
        return None
    return CenteredLines([Line(signer.name.strip(), FONT_BOLD, size)])


def signature_table(
    left: Signer | None,
    right: Signer | None,
    width: float = TEXT_WIDTH,
    space_before: float = 12.0,
    signing_space: float = SIGNING_SPACE,
    size: float = BODY_SIZE,
) -> Table:
    """Two signature blocks side by side; the names sit on one line under an equal signing space."""
    cells = [
        [_cell(_signer_heading(left, size)), _cell(_signer_heading(right, size))],
        [_cell(_signer_name(left, size)), _cell(_signer_name(right, size))],
    ]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(_PLAIN)
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, 0), signing_space)]))
    table.spaceBefore = space_before
    return table


# ---- Document -------------------------------------------------------------------------------------------


class PartStart(Flowable):  # type: ignore[misc]
    """A zero-size marker at the start of one document part (one form): page numbers restart after it.
    `on_start` runs when the part is laid out, before any of it is drawn (progress, cancel checks)."""

    def __init__(self, document: Nd30Document, on_start: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._document = document
        self._on_start = on_start

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        if self._on_start is not None:
            self._on_start()
        self._document.first_page_of_part = self.canv.getPageNumber()


class Nd30Document:
    """An A4 portrait document with NĐ 30 margins. Page numbers (13 pt, centred in the top margin) start
    at 2 on each part's second page; a part begins with `part_start()` and the first page has none."""

    def __init__(self, path: Path, title: str, number_pages: bool = True) -> None:
        register_fonts()
        self.first_page_of_part = 1
        self._number_pages = number_pages
        self._doc = BaseDocTemplate(
            str(path),
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author="PCMD Desk",
            creator="PCMD Desk",
            initialFontName=FONT,
            initialFontSize=BODY_SIZE,
        )
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            TEXT_WIDTH,
            TEXT_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self._doc.addPageTemplates([PageTemplate(id="nd30", frames=[frame], onPageEnd=self._page_end)])

    def part_start(self, on_start: Callable[[], None] | None = None) -> PartStart:
        return PartStart(self, on_start)

    def _page_end(self, canvas: Any, _doc: Any) -> None:
        number = canvas.getPageNumber() - self.first_page_of_part + 1
        if self._number_pages and number >= 2:
            canvas.saveState()
            canvas.setFont(FONT, BODY_SIZE)
            canvas.drawCentredString(
                MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - MARGIN_TOP / 2 - 4, str(number)
            )
            canvas.restoreState()

    def build(self, story: list[Flowable]) -> None:
        """Lay out and write the file; exceptions raised by `on_start` callbacks propagate unchanged."""
        self._doc.build(story)


Progress = Callable[[int, int], None]
_Item = TypeVar("_Item")


def write_parts(
    target: Path,
    title: str,
    items: Sequence[_Item],
    build_part: Callable[[_Item], list[Flowable]],
    progress: Progress | None,
    cancelled: CancelCheck | None,
    empty_message: str,
) -> None:
    """Lay out one part (a form, a minutes) per item, each from a new page, and write the PDF atomically.

    Progress is reported as each part is laid out; cancelling between two parts raises Cancelled and
    leaves neither the target nor a `.part` file behind. No item raises ExportError(empty_message).
    """
    if not items:
        raise ExportError(empty_message)
    total = len(items)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()

    def starting(index: int) -> Callable[[], None]:
        def start() -> None:
            check()
            if progress is not None:
                progress(index, total)

        return start

    with atomic_target(target) as part:
        document = Nd30Document(part, title)
        story: list[Flowable] = []
        for index, item in enumerate(items):
            check()
            if index:
                story.append(PageBreak())
            story.append(document.part_start(starting(index)))
            story.extend(build_part(item))
        document.build(story)
    if progress is not None:
        progress(total, total)
