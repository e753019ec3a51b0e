"""Vietnamese text: NFC normalisation, diacritic-free search keys, dictionary sort keys, number formats."""

from __future__ import annotations

import re
import unicodedata

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


# ---- Vietnamese collation (ICU 'vi'): letters a ă â b c d đ e ê … then tones
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_PRIMARY: dict[int, str] = {}
_SECONDARY: dict[int, str] = {}
_TERTIARY: dict[int, str] = {}


def _build_tables() -> None:
    base_weight = {letter: chr(0x4E00 + i) for i, letter in enumerate(_ALPHABET)}
    candidates = {chr(c) for c in range(0x20, 0x250)} | {chr(c) for c in range(0x1EA0, 0x1F00)}
    for ch in candidates:
        for variant in (ch,):
            decomposed = unicodedata.normalize("NFD", variant.lower())
            base = "".join(m for m in decomposed if not unicodedata.combining(m) or m in _LETTER_MARKS)
            base = unicodedata.normalize("NFC", base)
            if base == "đ" or variant.lower() == "đ":
                base = "đ"
            if base not in base_weight:
                continue
            tone = next((_TONES[m] for m in decomposed if m in _TONES), 0)
            _PRIMARY[ord(variant)] = base_weight[base]
            _SECONDARY[ord(variant)] = str(tone)
            _TERTIARY[ord(variant)] = "1" if variant.isupper() else "0"


_build_tables()
_SEPARATOR = "\x00"


def vn_sort_key(s: str | None) -> str:
    """A key whose plain string order is Vietnamese dictionary order (case-insensitive, tones second)."""
    if not s:
        return ""
    text = unicodedata.normalize("NFC", s)
    primary = text.translate(_PRIMARY)
    if primary.isascii():  # no letters at all: digits and punctuation only
        return primary
    secondary = "".join(_SECONDARY.get(ord(ch), "0") for ch in text)
    tertiary = "".join(_TERTIARY.get(ord(ch), "0") for ch in text)
    return f"{primary}{_SEPARATOR}{secondary}{_SEPARATOR}{tertiary}"


def person_sort_key(full_name: str | None) -> str:
    """Sort people by given name, then middle name(s), then surname, as Vietnamese lists do."""
    words = nfc(full_name).split(" ")
    if len(words) > 1:
        words = [words[-1], *words[1:-1], words[0]]
    return "\x01".join(vn_sort_key(w) for w in words)


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
