"""Vietnamese text: NFC normalisation, diacritic-free search keys, dictionary sort keys, number formats."""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from desktop_app.domain import slices

if TYPE_CHECKING:
    from _codecs import _EncodingMap

    _CharMap = dict[int, int] | _EncodingMap

_normalize = unicodedata.normalize
_charmap_encode = codecs.charmap_encode


# Invisible characters no typed text needs: C0 controls other than white space (NUL…), DEL, C1 controls, and
# the bidirectional marks, embeddings, overrides and isolates (U+202E shows "Nhà nghỉ" as "ỉhgn àhN").
# C0 controls break every Excel file written afterwards; bidi controls make a name read differently.
# The white-space controls (tab, new line, \x0b, \x0c, \x1c-\x1f, NEL) are folded like spaces by nfc().
_HIDDEN = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_hidden(s: str) -> bool:
    """True when `s` holds a control character or a bidirectional control (see strip_hidden)."""
    return _HIDDEN.search(s) is not None


def strip_hidden(s: str) -> str:
    """`s` without control characters (white space apart) and bidirectional controls."""
    return _HIDDEN.sub("", s) if _HIDDEN.search(s) else s


def nfc(s: str | None) -> str:
    """NFC, trimmed, with every run of white space (tabs, non-breaking spaces…) folded to one space, and
    without invisible control characters (strip_hidden)."""
    if not s:
        return ""
    # str.split() splits on the same white space as the regex \s (Unicode), and drops the ends.
    return " ".join(_normalize("NFC", strip_hidden(s)).split())


# ---- Shared character sets ---------------------------------------------------------------------------

_TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng: also their secondary order
_LETTER_MARKS = "\u0306\u0302\u031b"  # breve (ă) < circumflex (â ê ô) < horn (ơ ư)
_OTHER_MARKS = "\u0304\u0307\u0308\u030a\u030b\u030c\u030f\u0311\u0327\u0328"  # ā ȧ ä å ő č ȁ ȃ ç ą
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xa0\u2002\u2003\u2007\u2009\u202f\u3000"


# ---- Search keys ---------------------------------------------------------------------------------------
# Fast path: after casefold + NFD, almost every Vietnamese text is ASCII + combining marks + đ. Such text is
# encoded through a one-byte charmap, marks are deleted and đ becomes d with one bytes.translate. Text
# with any other character takes the slow path, which gives the same result character by character.


def _search_tables() -> tuple[_CharMap, bytes, bytes]:
    decoding = [chr(b) for b in range(128)] + ["\ufffe"] * 128
    extra = "đð" + _TONES + _LETTER_MARKS + _OTHER_MARKS + "".join(c for c in _SPACES if not c.isascii())
    for i, ch in enumerate(extra):
        decoding[0x80 + i] = ch
    table = bytearray(range(256))
    for ch in _SPACES:
        table[decoding.index(ch)] = ord(" ")
    table[decoding.index("đ")] = table[decoding.index("ð")] = ord("d")
    delete = bytes(decoding.index(m) for m in _TONES + _LETTER_MARKS + _OTHER_MARKS)
    return codecs.charmap_build("".join(decoding)), bytes(table), delete


_SEARCH_MAP, _SEARCH_TABLE, _SEARCH_DELETE = _search_tables()


def _search_key_slow(decomposed: str) -> str:
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.replace("đ", "d").replace("ð", "d").split())


def search_key(s: str | None) -> str:
    """Lower case, no diacritics, đ → d, white space folded: 'CƠ SỞ ĐỨC HƯNG' → 'co so duc hung'.

    Equal for NFC and NFD input. Case is removed with str.casefold (lower case, also for ß and the like).
    """
    if not s:
        return ""
    decomposed = _normalize("NFD", s.casefold())
    try:
        encoded = _charmap_encode(decomposed, "strict", _SEARCH_MAP)[0]
    except UnicodeEncodeError:
        return _search_key_slow(decomposed)
    return b" ".join(encoded.translate(_SEARCH_TABLE, _SEARCH_DELETE).split()).decode("ascii")


# ---- Vietnamese collation (ICU/CLDR 'vi') --------------------------------------------------------------
# A key is  primary \0 secondary \0 tertiary , compared as a plain string:
#   primary:   letters a ă â b c d đ e ê … z, case and tones ignored. Text is decomposed (NFD) so that
#              ă = a + breve; the letter marks weigh more than any letter: "a" + anything < "ă" < "â" < "b".
#              White space < punctuation and symbols < digits < letters.
#   secondary: the same, plus the tones, which weigh more than anything that can follow a letter: no tone <
#              huyền < hỏi < ngã < sắc < nặng, compared left to right.
#   tertiary:  the text's own bytes, in which each lower-case letter is encoded just below its capital.
# The text is encoded with a one-byte charmap (C speed), and the levels come from two precomputed
# bytes.translate tables. str.translate looks every non-ASCII character up in a dict: 100,000 strings of
# 30 characters took 260 ms that way, and take about 110 ms this way (the target is 150 ms).
#
# Characters outside the charmap (other scripts, rare symbols) are replaced by stand-ins (a letter after z,
# or a symbol), combining marks and control characters are dropped, and "\0" + the text is appended so
# that different texts still get different keys.

_LEVEL = "\x00"  # sorts below every weight, so a shorter primary key wins ("An" < "An Bình" < "Anh")
_OTHER_LETTER = "\uf8f0"  # stand-ins (private use) for characters outside the charmap
_OTHER_SYMBOL = "\uf8f1"
_VN_LETTERS = "abcdđefghijklmnopqrstuvwxyz"  # the base letters; ă â ê ô ơ ư are base + letter mark
_FOREIGN_LETTERS = "øØæÆœŒłŁþÞßẞı" + _OTHER_LETTER  # one shared weight, after z
_SYMBOLS = (
    string.punctuation  # in ASCII order
    + "–—‘’‚“”„…«»‹›•·°№×÷§©®™′″€£¥±¡¿¦¬¤¢"
    + _OTHER_SYMBOL
)
_TONE_WEIGHTS = 0xF1  # secondary weights of the five tones: 0xF1..0xF5, above every other weight


def _collation_tables() -> tuple[_CharMap, frozenset[str], bytes, bytes, bytes, bytes]:
    """Charmap, its characters, primary and secondary tables, and the bytes each level deletes."""
    # (character, primary weight or None to ignore it); characters listed in tertiary order.
    entries: list[tuple[str, int | None]] = [("\x00", None)]
    weight = 0x20
    entries += [(ch, weight) for ch in _SPACES]
    for ch in _SYMBOLS:
        weight += 1
        entries.append((ch, weight))
    for ch in string.digits:
        weight += 1
        entries.append((ch, weight))
    for letter in _VN_LETTERS:
        weight += 1
        entries += [(letter, weight), (letter.upper(), weight)]
        if letter == "đ":
            entries += [("ð", weight), ("Ð", weight)]
    weight += 1
    entries += [(ch, weight) for ch in _FOREIGN_LETTERS]
    for ch in _LETTER_MARKS:
        weight += 1
        entries.append((ch, weight))
    entries += [(ch, None) for ch in _TONES + _OTHER_MARKS]
    assert weight < _TONE_WEIGHTS and len(entries) <= 256

    decoding = ["\ufffe"] * 256  # byte -> character; byte 0 must stay "\0" for a fast EncodingMap
    primary = bytearray(256)
    for byte, (ch, w) in enumerate(entries):
        decoding[byte] = ch
        primary[byte] = w or 0
    secondary = bytearray(primary)
    for i, tone in enumerate(_TONES):
        secondary[decoding.index(tone)] = _TONE_WEIGHTS + i
    ignored = bytes(b for b, (_, w) in enumerate(entries) if w is None)
    ignored_by_both = bytes(b for b in ignored if decoding[b] not in _TONES)
    charmap = codecs.charmap_build("".join(decoding))
    return (
        charmap,
        frozenset(ch for ch, _ in entries),
        bytes(primary),
        bytes(secondary),
        ignored,
        ignored_by_both,
    )


_COLLATION_MAP, _MAPPED, _PRIMARY, _SECONDARY, _PRIMARY_DELETE, _SECONDARY_DELETE = _collation_tables()


def _stand_in(ch: str) -> str:
    if ch in _MAPPED:
        return ch
    if ch.isspace():
        return " "
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf"):
        return ""
    return _OTHER_LETTER if ch.isalpha() else _OTHER_SYMBOL


def _collation_bytes(s: str) -> tuple[bytes, str]:
    """`s` decomposed and encoded with the collation charmap, and the tie-break suffix ("" for most text)."""
    decomposed = _normalize("NFD", s)
    try:
        return _charmap_encode(decomposed, "strict", _COLLATION_MAP)[0], ""
    except UnicodeEncodeError:
        stand_ins = "".join(map(_stand_in, decomposed))
        return _charmap_encode(stand_ins, "strict", _COLLATION_MAP)[0], _LEVEL + s


def _full_key(encoded: bytes, suffix: str) -> str:
    levels = (
        encoded.translate(_PRIMARY, _PRIMARY_DELETE),
        encoded.translate(_SECONDARY, _SECONDARY_DELETE),
        encoded,
    )
    key = b"\x00".join(levels).decode("latin-1")
    return key + suffix if suffix else key


def vn_sort_key(s: str | None) -> str:
    """A key whose plain string order is Vietnamese dictionary order (letters, then tones, then case).

    sorted(["Đức", "Dung", "Ánh", "Anh", "Ân", "ăn"], key=vn_sort_key) → Anh Ánh ăn Ân Dung Đức.
    NFC and NFD input give the same key. White space is not folded: pass nfc() text.
    """
    if not s:
        return ""
    return _full_key(*_collation_bytes(s))


# ---- People: given name first --------------------------------------------------------------------------
# Key = given \x01 middle words joined by \x02 \x01 surname, each word keyed by vn_sort_key. Both separators
# sort below every weight, so the words are compared one by one, a name without a middle name comes before
# one with (for the same given name), and a shorter run of middle names before a longer one.

_GROUP = "\x01"
_WORD = "\x02"


def _person_key(words: list[str], word_key: Callable[[str], str]) -> str:
    if len(words) == 1:
        return word_key(words[0])
    middle = _WORD.join([word_key(w) for w in words[1:-1]])
    return _GROUP.join((word_key(words[-1]), middle, word_key(words[0])))


def person_sort_key(full_name: str | None) -> str:
    """Sort people by given name (last word), then middle name(s), then surname (first word).

    'Trần Văn An' < 'Nguyễn Thị Bình' < 'Lê Văn Bình' < 'Lê Văn Bính'.
    """
    words = _normalize("NFC", full_name).split() if full_name else []
    return _person_key(words, vn_sort_key) if words else ""


def sort_keys(texts: Iterable[str], person: bool = False) -> list[str]:
    """Sort keys of many texts: vn_sort_key of each (person_sort_key when `person`).

    Cheaper than keying each text on its own: repeated texts, and for people repeated words (a register
    has far fewer distinct surnames, middle and given names than people), are keyed once.
    """
    items = list(texts)
    keys: dict[str, str]
    unique = slices.first_seen(items)  # (100,000 texts in one dict.fromkeys would hold the GUI thread)
    if person:
        words_of = {text: _normalize("NFC", text).split() for text in unique}
        word_keys = {w: vn_sort_key(w) for w in {w for words in words_of.values() for w in words}}
        get = word_keys.__getitem__
        keys = {text: _person_key(words, get) if words else "" for text, words in words_of.items()}
    else:
        keys = {text: vn_sort_key(text) for text in unique}
    return [keys[text] for text in items]


# ---- Lengths of free text -----------------------------------------------------------------------------

NOTES_MAX_LENGTH = 2000  # a note, a need, a description: what a clerk types, well under Excel's cell limit


def check_length(
    errors: dict[str, str],
    field: str,
    text: str | None,
    what: str = "Ghi chú",
    maximum: int = NOTES_MAX_LENGTH,
) -> None:
    """Put a message into `errors[field]` when `text` (normalised) is longer than `maximum` characters."""
    length = len(nfc(text))
    if length > maximum:
        errors[field] = (
            f"{what} quá dài ({format_int(length)} ký tự, tối đa {format_int(maximum)}): hãy rút gọn."
        )


# ---- Numbers -------------------------------------------------------------------------------------------


def format_int(n: int | None) -> str:
    """1234567 → '1.234.567'; -1500 → '-1.500'; None → ''."""
    if n is None:
        return ""
    return f"{n:,}".replace(",", ".")


def format_vnd(n: int | None) -> str:
    """1234567 → '1.234.567 đ'; None → ''."""
    return "" if n is None else f"{format_int(n)} đ"


# ---- Administrative unit names -------------------------------------------------------------------------
# Each prefix word matches with its own diacritics or with none at all, in any case: "Xã", "XÃ", "xa" are
# the prefix, but "Xà" is not ("Xà Phìn" is a commune name), nor "Phương" ("Phương Trung").

_UNIT_PREFIXES: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset((word, search_key(word))) for word in prefix.split(" "))
    for prefix in ("thị trấn", "đặc khu", "xã", "phường", "tt", "tt.", "p.", "x.")
)
_GLUED_PREFIXES = ("tt.", "p.", "x.")  # "P.Bến Nghé", "TT.Mường Tè"


def _is_prefix_word(word: str, forms: frozenset[str]) -> bool:
    return word.lower() in forms


def strip_unit_prefix(name: str) -> str:
    """'Xã Mường Bon' → 'Mường Bon'; also Phường, Thị trấn, Đặc khu, TT, TT., P., X. (case and accents free).

    A name that is nothing but a prefix is returned unchanged (NFC, trimmed).
    """
    text = nfc(name)
    words = text.split(" ")
    for prefix in _UNIT_PREFIXES:
        if len(words) > len(prefix) and all(map(_is_prefix_word, words, prefix)):
            return " ".join(words[len(prefix) :])
    head = words[0].lower()
    for glued in _GLUED_PREFIXES:
        if head.startswith(glued) and len(head) > len(glued):
            return text[len(glued) :]
    return text
