"""Importing an office's lists of communication events and of training classes: columns, and each row checked
into an event or a class; a row the register (or an earlier row of the file) already has is a duplicate."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.activities import (
    COMMUNICATION_HEADERS,
    FORM_CONFERENCE,
    FORM_LABELS,
    FORM_LEAFLET,
    FORM_LOUDSPEAKER,
    FORM_ONLINE,
    FORM_OTHER,
    FORM_PANEL,
    FORM_PERFORMANCE,
    TRAINING_HEADERS,
    CommunicationInput,
    TrainingInput,
    ValidCommunication,
    ValidTraining,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError, ValidationErrors
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.businesses import Catalogs, _Matcher
from desktop_app.imports.columns import IGNORE, ColumnSpec, RegisterSpec
from desktop_app.imports.outcomes import DUPLICATE, ERROR, IGNORED, OK, ImportRow, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text

_ROW_NUMBER = ColumnSpec(IGNORE, "STT", ("tt", "so tt", "so thu tu"))
_COMMUNICATION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "commune": ("xa", "phuong", "xa phuong thi tran", "dia ban", "don vi", "xa phuong to chuc"),
    "held_on": ("ngay", "thoi gian", "ngay tuyen truyen", "ngay thuc hien"),
    "form": ("hinh thuc tuyen truyen", "loai hinh"),
    "title": ("chu de", "noi dung tuyen truyen", "ten hoat dong", "ten buoi tuyen truyen"),
    "participants": ("so nguoi", "so nguoi du", "so luot nguoi", "so nguoi tham du", "so luong"),
    "notes": (),
}
_TRAINING_SYNONYMS: dict[str, tuple[str, ...]] = {
    "held_on": ("ngay", "thoi gian", "ngay to chuc", "ngay mo lop"),
    "title": ("ten lop", "noi dung", "noi dung tap huan", "ten lop tap huan"),
    "organiser": ("don vi to chuc", "co quan to chuc", "to chuc", "don vi chu tri"),
    "participants": ("so nguoi", "so hoc vien", "so can bo", "so nguoi du", "so luong"),
    "commune": ("xa", "phuong", "xa phuong thi tran", "dia ban"),
    "notes": (),
}
COMMUNICATION_SPEC = RegisterSpec(
    "communication",
    (
        _ROW_NUMBER,
        *(
            ColumnSpec(f, header, _COMMUNICATION_SYNONYMS[f], required=f in ("commune", "held_on", "title"))
            for f, header in COMMUNICATION_HEADERS.items()
        ),
    ),
)
TRAINING_SPEC = RegisterSpec(
    "training",
    (
        _ROW_NUMBER,
        *(
            ColumnSpec(f, header, _TRAINING_SYNONYMS[f], required=f in ("held_on", "title"))
            for f, header in TRAINING_HEADERS.items()
        ),
    ),
)
COMMUNICATION_FIELD_LABELS: dict[str, str] = {
    c.field: c.header for c in COMMUNICATION_SPEC.columns if c.field != IGNORE
}
TRAINING_FIELD_LABELS: dict[str, str] = {
    c.field: c.header for c in TRAINING_SPEC.columns if c.field != IGNORE
}


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _form_key(text: str) -> str:
    """Words only: every dash (- – — ‑), comma, slash, "&" or "+" between them and any spacing read alike."""
    return " ".join(_NOT_WORD.sub(" ", search_key(text)).split())


# What offices write in the «hình thức» column, as keys.
_FORM_BY_KEY = {_form_key(label): code for code, label in FORM_LABELS.items()} | {
    "hoi nghi tuyen truyen": FORM_CONFERENCE,
    "hop": FORM_CONFERENCE,
    "hop dan": FORM_CONFERENCE,
    "toa dam": FORM_CONFERENCE,
    "loa": FORM_LOUDSPEAKER,
    "loa phat thanh": FORM_LOUDSPEAKER,
    "truyen thanh": FORM_LOUDSPEAKER,
    "dai truyen thanh": FORM_LOUDSPEAKER,
    "pa no": FORM_PANEL,
    "pano": FORM_PANEL,
    "ap phich": FORM_PANEL,
    "bang ron": FORM_PANEL,
    "khau hieu": FORM_PANEL,
    "pa no ap phich": FORM_PANEL,
    "pa no va ap phich": FORM_PANEL,
    "bang ron khau hieu": FORM_PANEL,
    "to roi": FORM_LEAFLET,
    "to gap": FORM_LEAFLET,
    "phat to roi": FORM_LEAFLET,
    "van nghe": FORM_PERFORMANCE,
    "san khau hoa": FORM_PERFORMANCE,
    "truc tuyen": FORM_ONLINE,
    "mang xa hoi": FORM_ONLINE,
    "zalo": FORM_ONLINE,
    "facebook": FORM_ONLINE,
    "khac": FORM_OTHER,
}


def form_code(text: str) -> str | None:
    """'Hội nghị', 'loa', 'Pa-nô, áp phích', 'Tờ rơi' → the form's code; unknown → None."""
    return _FORM_BY_KEY.get(_form_key(text))


def _date_input(value: Cell) -> str | date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return parse_date(value)
        except DomainError:
            return str(value)
    return cell_text(value)


def _participants_input(value: Cell) -> int | str | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return cell_text(value)


@dataclass(frozen=True, slots=True)
class ImportedCommunication:
    event: ValidCommunication
    commune_name: str

    @property
    def name(self) -> str:
        return self.event.title


@dataclass(frozen=True, slots=True)
class ImportedTraining:
    training: ValidTraining

    @property
    def name(self) -> str:
        return self.training.title


class _RowReader:
    """What both parsers share: the communes, today, and turning a row's cells into text."""

    def __init__(self, communes: Sequence[tuple[int, str]], today: date) -> None:
        self._communes = _Matcher(Catalogs(communes, ()))
        self._commune_names = dict(communes)
        self._today = today

    @staticmethod
    def _text(source: SourceRow, name: str) -> str:
        return nfc(cell_text(source.cells.get(name))).strip()

    def _commune(self, source: SourceRow, problems: list[Problem], required: bool) -> int | None:
        text = self._text(source, "commune")
        if not text:
            if required:
                problems.append(Problem(source.row, ERROR, "commune", None, "Thiếu xã, phường."))
            return None
        commune_id, message = self._communes.commune(text)
        if commune_id is None:
            problems.append(Problem(source.row, ERROR, "commune", text, message))
        return commune_id

    def _rule_problems(
        self, source: SourceRow, err: ValidationErrors, labels: dict[str, str]
    ) -> list[Problem]:
        problems = []
        for name, message in err.errors.items():
            column = "commune" if name == "commune_id" else name
            raw = self._text(source, column) if column in labels else ""
            problems.append(Problem(source.row, ERROR, column, raw or None, message))
        return problems


class CommunicationRowParser(_RowReader):
    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        existing: Iterable[tuple[int, date, str, str]],  # commune, date, form, title search key
        today: date,
    ) -> None:
        super().__init__(communes, today)
        self._existing = set(existing)
        self._seen: dict[tuple[int, date, str, str], int] = {}

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        commune_id = self._commune(source, problems, required=True)
        form_text = self._text(source, "form")
        form = form_code(form_text) if form_text else FORM_OTHER
        if form is None:
            known = ", ".join(FORM_LABELS.values())
            problems.append(
                Problem(
                    row,
                    ERROR,
                    "form",
                    form_text,
                    f"Hình thức «{form_text}» không rõ; dùng một trong: {known}.",
                )
            )
        data = CommunicationInput(
            commune_id=commune_id if commune_id is not None else 0,
            held_on=_date_input(source.cells.get("held_on")),
            form=form or FORM_OTHER,
            title=self._text(source, "title"),
            participants=_participants_input(source.cells.get("participants")),
            notes=self._text(source, "notes"),
        )
        valid: ValidCommunication | None = None
        try:
            valid = data.validated(self._today)
        except ValidationErrors as err:
            problems += self._rule_problems(source, err, COMMUNICATION_FIELD_LABELS)
        if valid is None or commune_id is None or any(p.severity == ERROR for p in problems):
            return ImportRow(row, ERROR, problems=problems, original=source.original)
        key = (valid.commune_id, valid.held_on, valid.form, search_key(valid.title))
        if key in self._existing:
            problems.append(Problem(row, DUPLICATE, "title", None, "Buổi tuyên truyền này đã có trong sổ."))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        if key in self._seen:
            problems.append(
                Problem(row, DUPLICATE, "title", None, f"Trùng với dòng {self._seen[key]} của tệp.")
            )
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen[key] = row
        record = ImportedCommunication(valid, self._commune_names.get(commune_id, ""))
        return ImportRow(row, OK, record=record, problems=problems, original=source.original)


class TrainingRowParser(_RowReader):
    def __init__(
        self,
        communes: Sequence[tuple[int, str]],
        existing: Iterable[tuple[date, str, int | None]],  # date, title search key, commune
        today: date,
    ) -> None:
        super().__init__(communes, today)
        self._existing = set(existing)
        self._seen: dict[tuple[date, str, int | None], int] = {}

    def parse(self, sources: Iterable[SourceRow]) -> list[ImportRow]:
        return [self.parse_one(s) for s in sources]

    def parse_one(self, source: SourceRow) -> ImportRow:
        if source.kind != "data":
            return ImportRow(source.row, IGNORED, original=source.original)
        row = source.row
        problems = list(source.problems)
        commune_id = self._commune(source, problems, required=False)
        data = TrainingInput(
            held_on=_date_input(source.cells.get("held_on")),
            title=self._text(source, "title"),
            organiser=self._text(source, "organiser"),
            participants=_participants_input(source.cells.get("participants")),
            commune_id=commune_id,
            notes=self._text(source, "notes"),
        )
        valid: ValidTraining | None = None
        try:
            valid = data.validated(self._today)
        except ValidationErrors as err:
            problems += self._rule_problems(source, err, TRAINING_FIELD_LABELS)
        if valid is None or any(p.severity == ERROR for p in problems):
            return ImportRow(row, ERROR, problems=problems, original=source.original)
        key = (valid.held_on, search_key(valid.title), valid.commune_id)
        if key in self._existing:
            problems.append(Problem(row, DUPLICATE, "title", None, "Lớp tập huấn này đã có trong sổ."))
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        if key in self._seen:
            problems.append(
                Problem(row, DUPLICATE, "title", None, f"Trùng với dòng {self._seen[key]} của tệp.")
            )
            return ImportRow(row, DUPLICATE, problems=problems, original=source.original)
        self._seen[key] = row
        return ImportRow(row, OK, record=ImportedTraining(valid), problems=problems, original=source.original)
