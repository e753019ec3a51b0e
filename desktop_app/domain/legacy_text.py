"""Text typed with legacy Vietnamese font encodings (TCVN3/ABC, VNI-Windows): detect and convert to Unicode.

Excel files made with .VnTime (TCVN3) or VNI-Times fonts hold Latin-1 look-alikes ("Nhµ nghØ", "Nhaø nghæ").
The TCVN3 table is TCVN 5712 (bytes 0x80-0xFF, as glibc's iconv maps them); the VNI table composes a base
letter with the mark characters VNI-Windows uses.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Unicode for TCVN3 bytes 0x80..0xFF.
_TCVN3_HIGH = (
    "\u00c0\u1ea2\u00c3\u00c1\u1ea0\u1eb6\u1eac\u00c8\u1eba\u1ebc\u00c9\u1eb8\u1ec6\u00cc\u1ec8\u0128"
    "\u00cd\u1eca\u00d2\u1ece\u00d5\u00d3\u1ecc\u1ed8\u1edc\u1ede\u1ee0\u1eda\u1ee2\u00d9\u1ee6\u0168"
    "\u00a0\u0102\u00c2\u00ca\u00d4\u01a0\u01af\u0110\u0103\u00e2\u00ea\u00f4\u01a1\u01b0\u0111\u1eb0"
    "\u0300\u0309\u0303\u0301\u0323\u00e0\u1ea3\u00e3\u00e1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4"
    "\u1eae\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\u00e8\u1ec2\u1ebb\u1ebd"
    "\u00e9\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\u00ec\u1ec9\u1ec4\u1ebe\u1ed2\u0129\u00ed\u1ecb\u00f2"
    "\u1ed4\u1ecf\u00f5\u00f3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\u00f9"
    "\u1ed6\u1ee7\u0169\u00fa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\u00fd\u1ef5\u1ed0"
)


def _byte_of(ch: str) -> int | None:
    """The Windows-1252 byte a character stands for in a legacy-font cell (C1 controls: themselves)."""
    code = ord(ch)
    if 0x80 <= code <= 0xFF:
        return code
    try:
        encoded = ch.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 1 and encoded[0] >= 0x80 else None


def tcvn3_to_unicode(text: str) -> str:
    out = []
    for ch in text:
        byte = _byte_of(ch)
        out.append(_TCVN3_HIGH[byte - 0x80] if byte is not None else ch)
    return unicodedata.normalize("NFC", "".join(out))


# ---- VNI-Windows: base letter + mark character(s)
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(seq: str, base: str, marks: str) -> None:
        composed = unicodedata.normalize("NFC", base + marks)
        table[seq] = composed
        table[seq.upper()] = composed.upper()

    for vowel in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(vowel + mark, vowel, tone)
    for vowel in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(vowel + mark, vowel, "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "a", "\u0306" + tone)
    for horn, base in (("ô", "o"), ("ö", "u")):  # ô alone is ơ, ö alone is ư in VNI
        add(horn, base, "\u031b")
        for mark, tone in _VNI_TONES.items():
            add(horn + mark, base, "\u031b" + tone)
    for single, letter in (
        ("í", "í"),
        ("ì", "ì"),
        ("æ", "ỉ"),
        ("ó", "ĩ"),
        ("ò", "ị"),
        ("î", "ỵ"),
        ("ñ", "đ"),
    ):
        add(single, letter, "")
    return table


_VNI = _vni_table()


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in _VNI:
            out.append(_VNI[pair])
            i += 2
            continue
        out.append(_VNI.get(text[i], text[i]))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


# ---- Detection
_VIETNAMESE_LETTERS = set(
    unicodedata.normalize(
        "NFC",
        "".join(
            base + mark
            for base in "aăâeêioôơuưy"
            for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
        ),
    )
)
_VIETNAMESE_LETTERS |= {c.upper() for c in _VIETNAMESE_LETTERS} | {"đ", "Đ"}
_ALLOWED_EXTRA = set("–—“”‘’…№°×")
_NUCLEI = [
    *("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây"),
    *("eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô"),
    *("uơ", "ưa", "ưi", "ưu", "ươ", "uy", "yê", "iêu", "oai", "oay", "oao", "oeo", "uôi", "ươi", "ươu"),
    *("uya", "uyê", "yêu", "uây", "uyu"),
]
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?("
    + "|".join(sorted(_NUCLEI, key=len, reverse=True))
    + r")(ch|ng|nh|[cmnpt])?$"
)
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def is_clean_vietnamese(text: str) -> bool:
    """True when every character is ASCII or a Vietnamese letter or common typographic punctuation."""
    return all(ch.isascii() or ch in _VIETNAMESE_LETTERS or ch in _ALLOWED_EXTRA for ch in text)


def syllable_score(text: str) -> int:
    """How many words of `text` are well-formed Vietnamese syllables (tones ignored)."""
    return sum(_is_syllable(word) for word in re.findall(r"[^\W\d_]+", text.lower()))


@functools.lru_cache(maxsize=16384)
def _is_syllable(word: str) -> bool:
    """One lower-case word: a well-formed Vietnamese syllable? (Words repeat across a list's cells.)"""
    bare = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word).translate(_TONE_MARKS))
    return _SYLLABLE.match(bare.replace("đ", "d")) is not None


def _accented_words_are_syllables(text: str) -> bool:
    """A real conversion yields Vietnamese words: every word with a diacritic must be a syllable."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii()]
    return all(syllable_score(w) == 1 for w in words)


def legacy_encoding(text: str) -> str | None:
    """'tcvn3' or 'vni' when `text` is legacy-font Vietnamese, None when it is plain Unicode (or unclear).

    A conversion is chosen only when its result is clean Vietnamese with more well-formed syllables than
    the text as it stands: real Unicode text ("Hoàng", where "oà" is also a VNI sequence) stays as it is.
    """
    clean = is_clean_vietnamese(text)
    if clean and _accented_words_are_syllables(text):
        return None  # proper Vietnamese already; its dashes and quotes are not legacy bytes
    best_score = syllable_score(text) if clean else -1
    best: str | None = None
    for name, converter in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        converted = converter(text)
        if (
            converted == text
            or not is_clean_vietnamese(converted)
            or not _accented_words_are_syllables(converted)
        ):
            continue
        score = syllable_score(converted)
        if score > best_score:
            best, best_score = name, score
    return best


class LegacyTextError(ValueError):
    """The text is neither clean Unicode Vietnamese nor convertible legacy-font text."""


@functools.lru_cache(maxsize=32768)
def to_unicode(text: str) -> tuple[str, str | None]:
    """(Unicode text, encoding converted from or None). Raises LegacyTextError for unreadable text.
    Cached: a list repeats its communes, types, streets and statuses in every row."""
    if text.isascii():  # legacy fonts put their letters in the bytes above 127: plain ASCII is never one
        return text, None
    encoding = legacy_encoding(text)
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text), encoding
    if encoding == "vni":
        return vni_to_unicode(text), encoding
    if not is_clean_vietnamese(text) and any(_byte_of(ch) is not None for ch in text):
        raise LegacyTextError(text)
    return text, None
