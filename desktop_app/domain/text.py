"""Vietnamese text: NFC normalisation, diacritic-free search keys, dictionary sort keys, number formats."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")


def nfc(s: str | None) -> str:
    """NFC, trimmed, with every run of white space (tabs, non-breaking spaces…) folded to one space."""
    if not s:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", s)).strip()


def search_key(s: str | None) -> str:
    """Lower case, no diacritics, đ → d: 'CƠ SỞ ĐỨC HƯNG' → 'co so duc hung'."""
    if not s:
        return ""
    decomposed = unicodedata.normalize("NFD", s.casefold().replace("đ", "d").replace("Đ", "d"))
    return _SPACES.sub(" ", "".join(ch for ch in decomposed if not unicodedata.combining(ch))).strip()


# ---- Vietnamese collation (ICU 'vi'): letters a ă â b c d đ e ê … then tones, then case
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def _collation_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Three str.translate tables: letter weight, tone digit, case digit.

    Characters that are not letters map to themselves in all three, so two strings whose primary keys are
    equal have their non-letters at the same places and compare only on letters at the next levels.
    """
    base_weight = {letter: chr(0x4E00 + i) for i, letter in enumerate(_ALPHABET)}
    primary: dict[int, str] = {}
    secondary: dict[int, str] = {}
    tertiary: dict[int, str] = {}
    candidates = [chr(c) for c in range(0x41, 0x250)] + [chr(c) for c in range(0x1EA0, 0x1F00)]
    for ch in candidates:
        decomposed = unicodedata.normalize("NFD", ch.lower())
        base = (
            "đ"
            if ch.lower() == "đ"
            else "".join(m for m in decomposed if not unicodedata.combining(m) or m in _LETTER_MARKS)
        )
        base = unicodedata.normalize("NFC", base)
        if base not in base_weight:
            continue
        primary[ord(ch)] = base_weight[base]
        secondary[ord(ch)] = str(next((_TONES[m] for m in decomposed if m in _TONES), 0))
        tertiary[ord(ch)] = "1" if ch.isupper() else "0"
    return primary, secondary, tertiary


_PRIMARY, _SECONDARY, _TERTIARY = _collation_tables()
_LEVEL = "\x00"  # sorts below every character, so a shorter primary key wins ("An" < "Anh")


def _nfc_fast(s: str) -> str:
    return s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def vn_sort_key(s: str | None) -> str:
    """A key whose plain string order is Vietnamese dictionary order (letters, then tones, then case)."""
    if not s:
        return ""
    text = _nfc_fast(s)
    return text.translate(_PRIMARY) + _LEVEL + text.translate(_SECONDARY) + _LEVEL + text.translate(_TERTIARY)


def _given_name_first(full_name: str) -> str:
    words = full_name.split(" ")
    if len(words) > 1:
        words = [words[-1], *words[1:-1], words[0]]
    return " ".join(words)


def person_sort_key(full_name: str | None) -> str:
    """Sort people by given name, then middle name(s), then surname, as Vietnamese lists do."""
    return vn_sort_key(_given_name_first(nfc(full_name)))


def sort_keys(texts: Iterable[str], person: bool = False) -> list[str]:
    """Sort keys of many texts, in the order of vn_sort_key (person_sort_key when `person`).

    Cheaper than keying each text fully: a text whose letters (the primary level) no other text shares is
    keyed by its letters alone, which orders it the same way; tones and case are added only where two
    different texts have the same letters. Repeated texts are keyed once.
    """
    primary_of: dict[str, str] = {}
    owner: dict[str, str] = {}  # primary key -> the first text seen with it
    shared: set[str] = set()
    items = list(texts)
    for text in items:
        if text in primary_of:
            continue
        prepared = _nfc_fast(_given_name_first(text) if person else text)
        primary = prepared.translate(_PRIMARY)
        primary_of[text] = primary
        first = owner.setdefault(primary, text)
        if first != text:
            shared.add(primary)
    full: dict[str, str] = {}
    result: list[str] = []
    append = result.append
    for text in items:
        primary = primary_of[text]
        if primary not in shared:
            append(primary)
            continue
        key = full.get(text)
        if key is None:
            key = full[text] = vn_sort_key(_given_name_first(text) if person else text)
        append(key)
    return result


def format_int(n: int | None) -> str:
    """1234567 → '1.234.567'."""
    if n is None:
        return ""
    return f"{n:,}".replace(",", ".")


def format_vnd(n: int | None) -> str:
    """1234567 → '1.234.567 đ'."""
    return "" if n is None else f"{format_int(n)} đ"


_UNIT_PREFIX = re.compile(r"^(xa|phuong|thi tran|tt\.?|p\.|x\.|dac khu)\s+", re.IGNORECASE)


def strip_unit_prefix(name: str) -> str:
    """'Xã Mường Bon' → 'Mường Bon'; also Phường, Thị trấn, TT, P., X., Đặc khu."""
    text = nfc(name)
    match = _UNIT_PREFIX.match(search_key(text))
    if not match:
        return text
    # The prefix has the same number of characters in the text and in its search key.
    return text[len(match.group(0)) :].strip() or text
