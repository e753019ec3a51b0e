"""Legal references as offices write them in a penalty's cell ("Điểm a khoản 1 Điều 32 Nghị định
282/2025/NĐ-CP", "Đ32 k1 NĐ 282/2025"): read, and looked up in the catalogue of legal bases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.inspections import LegalBasis
from desktop_app.domain.text import nfc

CELL_SEPARATORS = re.compile(r"[;\n]+")  # the items of a cell: ';' or new lines
# A legal reference as offices write it: "Điểm a khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP",
# "Đ32 k1 NĐ 282/2025".
_DECREE = re.compile(r"(\d{1,4})\s*/\s*(\d{4})")
_ARTICLE = re.compile(r"(?:điều|dieu)\s*\.?\s*(\d+[a-z]?)|\bđ\s*\.?\s*(\d+[a-z]?)\b")
_CLAUSE = re.compile(r"\b(?:khoản|khoan|k)\s*\.?\s*(\d+)")
_POINT = re.compile(r"\b(?:điểm|diem)\s*\.?\s*([a-zđ])\b")


@dataclass(frozen=True, slots=True)
class Reference:
    decree: str  # "282/2025"
    article: str
    clause: str
    point: str


def parse_references(text: str) -> tuple[list[Reference], list[str]]:
    """The legal references in a cell, separated by ';' or new lines; returns them and the parts not read."""
    found: list[Reference] = []
    unread: list[str] = []
    for raw in CELL_SEPARATORS.split(nfc(text)):
        part = raw.strip()
        if not part:
            continue
        low = part.lower()
        decree = _DECREE.search(low)
        article = _ARTICLE.search(low)
        if decree is None or article is None:
            unread.append(part)
            continue
        clause = _CLAUSE.search(low)
        point = _POINT.search(low)
        found.append(
            Reference(
                f"{int(decree.group(1))}/{decree.group(2)}",
                (article.group(1) or article.group(2)).lower(),
                clause.group(1) if clause else "",
                point.group(1) if point else "",
            )
        )
    return found, unread


def _decree_key(decree: str) -> str:
    match = _DECREE.search(decree)
    return f"{int(match.group(1))}/{match.group(2)}" if match else nfc(decree).strip().lower()


class LegalCatalogue:
    """The catalogue of legal bases, looked up by decree – article – clause – point."""

    def __init__(self, entries: Iterable[LegalBasis]) -> None:
        self._by_reference: dict[Reference, list[LegalBasis]] = {}
        for entry in entries:
            key = Reference(
                _decree_key(entry.decree),
                entry.article.strip().lower(),
                entry.clause.strip().lower(),
                entry.point.strip().lower(),
            )
            self._by_reference.setdefault(key, []).append(entry)

    def find(self, reference: Reference) -> LegalBasis | None:
        entries = self._by_reference.get(reference, [])
        active = [e for e in entries if e.active]
        chosen = active or entries
        return chosen[0] if chosen else None


def reference_text(reference: Reference) -> str:
    """A reference as the clerk reads it: "Điểm a khoản 1 Điều 32 Nghị định 282/2025"."""
    parts = []
    if reference.point:
        parts.append(f"điểm {reference.point}")
    if reference.clause:
        parts.append(f"khoản {reference.clause}")
    parts.append(f"Điều {reference.article} Nghị định {reference.decree}")
    text = " ".join(parts)
    return text[0].upper() + text[1:]
