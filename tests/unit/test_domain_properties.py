"""Property-based (Hypothesis) tests of domain invariants: the fast and slow paths of search_key agree, period
codes convert to periods and back, and adding up units' values does not depend on their order."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain import text as text_module
from desktop_app.domain.indicators import DIMENSION_LABELS, INDICATORS, IndicatorValues, add_up
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.text import search_key

FAST = settings(max_examples=300, deadline=None)

# ---- search_key: what the fast path (one-byte charmap) takes, and what only the slow path can read

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđbcdghklmnpqrstvx"
FAST_CHARS = (
    VIETNAMESE
    + VIETNAMESE.upper()
    + "ðÐ0123456789 .,-/()'\"&%_"
    + "\t\n\x0b\x0c\r\x1c\x1f\xa0\u2002\u2003\u202f\u3000"  # white space the fast path folds
    + "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u0308\u030c"  # loose combining marks
    + "ñçāåőčąÅ"  # Latin letters with other marks
)
SLOW_LETTERS = "–ßẞøŁıæœ€№…«»™αβΩжЖ中文"  # outside the charmap: only the slow path reads them
SLOW_CHARS = SLOW_LETTERS + "\u2028\u2029\u1680\u205f\u0331\u20dd"  # and white space, combining marks

fast_text = st.text(alphabet=st.sampled_from(FAST_CHARS), max_size=40)
any_text = st.text(alphabet=st.sampled_from(FAST_CHARS + SLOW_CHARS), max_size=40)


def _slow(s: str) -> str:
    return text_module._search_key_slow(unicodedata.normalize("NFD", s.casefold()))


@FAST
@given(any_text)
def test_search_key_fast_path_agrees_with_the_slow_path(s: str) -> None:
    assert search_key(s) == _slow(s)


@FAST
@given(fast_text, st.sampled_from(SLOW_LETTERS))
def test_one_character_outside_the_charmap_changes_nothing_else(s: str, other: str) -> None:
    """The same text through the fast path and, with one more word the charmap lacks, the slow path."""
    other_key = search_key(other)
    assert other_key  # none of these is dropped
    assert search_key(f"{s} {other}") == f"{search_key(s)} {other_key}".strip()
    assert search_key(f"{other} {s}") == f"{other_key} {search_key(s)}".strip()


@FAST
@given(any_text)
def test_search_key_is_plain_lower_case_ascii_words_for_vietnamese_text(s: str) -> None:
    key = search_key(s)
    assert key == search_key(unicodedata.normalize("NFC", s)) == search_key(unicodedata.normalize("NFD", s))
    assert key == " ".join(key.split())  # white space folded, ends trimmed
    assert "đ" not in key and "Đ" not in key and "ð" not in key
    assert not any(unicodedata.combining(ch) for ch in key)
    assert search_key(key) == key  # a key is its own key
    if all(ch in FAST_CHARS for ch in s):
        assert key.isascii() and key == key.lower()


# ---- Periods: every code ↔ Period

years = st.integers(min_value=1900, max_value=2200)


@st.composite
def period_codes(draw: st.DrawFn) -> tuple[str, Period]:
    year = draw(years)
    kind = draw(st.sampled_from(["year", "half", "quarter", "month", "range"]))
    if kind == "year":
        return f"{year}", Period.year(year)
    if kind == "half":
        half = draw(st.integers(1, 2))
        return f"{year}S{half}", Period.half(year, half)
    if kind == "quarter":
        quarter = draw(st.integers(1, 4))
        return f"{year}Q{quarter}", Period.quarter(year, quarter)
    if kind == "month":
        month = draw(st.integers(1, 12))
        return f"{year}{month:02d}", Period.month(year, month)
    start = draw(st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31)))
    end = start + timedelta(days=draw(st.integers(0, 800)))
    return f"{start:%Y%m%d}-{end:%Y%m%d}", Period(start, end)


@FAST
@given(period_codes(), st.booleans(), st.sampled_from(["", " ", "\t"]))
def test_every_code_names_its_period_and_the_period_gives_the_code_back(
    coded: tuple[str, Period], lower: bool, pad: str
) -> None:
    code, period = coded
    written = f"{pad}{code.lower() if lower else code}{pad}"  # as typed: "2026q3", " 2026S1"
    assert parse_period(written) == period
    assert parse_period(period.code) == period
    if "-" not in code:  # a named period: its code is the shortest, the one it was written with
        assert period.code == code
    assert parse_period(period.code).code == period.code
    assert period.label


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 1000))
def test_any_range_of_days_converts_to_a_code_and_back(start: date, days: int) -> None:
    period = Period(start, start + timedelta(days=days))
    assert parse_period(period.code) == period
    assert parse_period(period.code).code == period.code


# ---- Adding up units' values

COUNTED = [i for i in INDICATORS.values() if i.ratio is None]
MEMBER_CODES = ["2025:04105", "2025:04108", "legacy:04105", "ten:Xã Mai Sơn", "NN", "KS"]
LABELS = ["Xã Mai Sơn", "Thị trấn Hát Lót", "Xã Chiềng Sung", "Nhà nghỉ", ""]


@st.composite
def indicator_values(draw: st.DrawFn) -> IndicatorValues:
    values = IndicatorValues()
    for indicator in draw(st.lists(st.sampled_from(COUNTED), max_size=6, unique_by=lambda i: i.id)):
        values.totals[indicator.id] = draw(st.integers(0, 10**6))
        for dimension in indicator.dimensions:
            codes = draw(st.lists(st.sampled_from(MEMBER_CODES), max_size=4, unique=True))
            flag_values = st.integers(0, 1) if indicator.flag else st.integers(0, 10**6)
            by = values.by.setdefault(dimension, {}).setdefault(indicator.id, {})
            for code in codes:
                by[code] = draw(flag_values)
                values.members.setdefault(dimension, {})[code] = draw(st.sampled_from(LABELS))
    return values


@settings(max_examples=150, deadline=None)
@given(
    st.lists(indicator_values(), max_size=5).flatmap(
        lambda parts: st.permutations(parts).map(lambda order: (parts, order))
    )
)
def test_adding_up_does_not_depend_on_the_order_of_the_units(
    pair: tuple[list[IndicatorValues], list[IndicatorValues]],
) -> None:
    parts, order = pair
    first, second = add_up(parts), add_up(order)
    assert first.totals == second.totals
    assert first.by == second.by
    assert first.flat() == second.flat()
    for dimension in DIMENSION_LABELS:  # the same members; a label is the first one met (see add_up)
        assert set(first.members.get(dimension, {})) == set(second.members.get(dimension, {}))
