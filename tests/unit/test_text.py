"""Vietnamese text: NFC, search keys, dictionary and person sort keys, number formats, unit prefixes.

Speed is measured by benchmarks/bench_register.py, not asserted here.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from desktop_app.domain.text import (
    format_int,
    format_vnd,
    nfc,
    person_sort_key,
    search_key,
    sort_keys,
    strip_unit_prefix,
    vn_sort_key,
)

VIETNAMESE_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z"
SAMPLE_WORDS = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Văn Thị Hữu Đức Minh Thanh "
    "Ngọc Anh Bình Cường Dũng Hà Hải Hạnh Hương Khánh Lan Linh Mai Nam Phương Quang Sơn Thảo Trang Tuấn "
    "Yến khách sạn nhà nghỉ karaoke Mường Bon Chiềng Mung quán cà phê số 12"
)

# ---- nfc


def test_nfc_composes_trims_and_folds_white_space() -> None:
    assert nfc("  Nha\u0300  nghi\u0309\u00a0\tHoa\nHồng  ") == "Nhà nghỉ Hoa Hồng"
    assert unicodedata.is_normalized("NFC", nfc("Nguye\u0302\u0303n"))
    assert nfc("Nguye\u0302\u0303n") == "Nguyễn"


@pytest.mark.parametrize("empty", [None, "", "   ", "\u00a0\t\n"])
def test_nfc_of_nothing_is_empty(empty: str | None) -> None:
    assert nfc(empty) == ""


# ---- search_key


def test_search_key_drops_case_and_diacritics() -> None:
    assert search_key("CƠ SỞ ĐỨC HƯNG") == "co so duc hung"
    assert search_key("Nhà nghỉ Hoàng Yến") == "nha nghi hoang yen"
    assert search_key("đường Đặng Thị Ấu") == "duong dang thi au"


def test_search_key_of_decomposed_text_equals_composed() -> None:
    assert search_key("Nha\u0300 nghi\u0309") == "nha nghi"
    assert search_key(unicodedata.normalize("NFD", "Phường Bến Nghé")) == search_key("Phường Bến Nghé")


def test_search_key_folds_white_space() -> None:
    assert search_key("  Karaoke\u00a0\u00a0 Hoa\tHồng \n") == "karaoke hoa hong"


def test_search_key_keeps_other_characters() -> None:
    assert search_key("Karaoke “Hoa Hồng” – 24/7") == "karaoke “hoa hong” – 24/7"
    assert search_key("Cà phê Ü & Ø") == "ca phe u & ø"
    assert search_key("ÐỖ VĂN AN") == "do van an"  # Icelandic eth left by legacy font conversions


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_search_key_of_nothing_is_empty(empty: str | None) -> None:
    assert search_key(empty) == ""


# ---- vn_sort_key


def _vn_sorted(texts: list[str]) -> list[str]:
    return sorted(texts, key=vn_sort_key)


def test_vn_sort_letters_in_vietnamese_alphabet_order() -> None:
    words = ["Đức", "Dung", "Duy", "Ánh", "Anh", "Ân", "Bình", "ăn"]
    assert _vn_sorted(words) == ["Anh", "Ánh", "ăn", "Ân", "Bình", "Dung", "Duy", "Đức"]
    alphabet = VIETNAMESE_ALPHABET.split(" ")
    shuffled = alphabet[::-1]
    assert _vn_sorted(shuffled) == alphabet
    assert _vn_sorted([w.upper() for w in shuffled]) == [w.upper() for w in alphabet]


def test_vn_sort_modified_letters_come_after_every_word_of_the_base_letter() -> None:
    assert _vn_sorted(["ăn", "az", "an"]) == ["an", "az", "ăn"]
    assert _vn_sorted(["ơi", "ôm", "oz"]) == ["oz", "ôm", "ơi"]
    assert _vn_sorted(["đa", "dz", "e"]) == ["dz", "đa", "e"]
    assert _vn_sorted(["ưa", "uz", "v"]) == ["uz", "ưa", "v"]
    assert vn_sort_key("o") < vn_sort_key("ô") < vn_sort_key("ơ") < vn_sort_key("p")


def test_vn_sort_tones_order() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # không dấu, huyền, hỏi, ngã, sắc, nặng
    assert _vn_sorted(tones[::-1]) == tones
    keys = [vn_sort_key(t) for t in tones]
    assert keys == sorted(keys)
    assert _vn_sorted(["ặ", "ắ", "ẵ", "ẳ", "ằ", "ă"]) == ["ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"]
    assert _vn_sorted(["ộ", "ố", "ồ", "ô", "ợ", "ơ"]) == ["ô", "ồ", "ố", "ộ", "ơ", "ợ"]


def test_vn_sort_letters_before_tones_before_case() -> None:
    # A letter difference anywhere beats a tone difference; a tone difference anywhere beats case.
    assert vn_sort_key("Hà Nam") < vn_sort_key("Ha Noi")
    assert vn_sort_key("ha noi") < vn_sort_key("Hà nội")
    assert vn_sort_key("Ha noi") < vn_sort_key("ha nội")
    # Tones are compared from left to right.
    assert vn_sort_key("Hà Nội") < vn_sort_key("Hạ Nối")
    assert vn_sort_key("mà mạ") < vn_sort_key("má mà")


def test_vn_sort_lower_case_before_upper_case() -> None:
    assert _vn_sorted(["AN", "An", "an", "aN"]) == ["an", "aN", "An", "AN"]
    assert _vn_sorted(["Đa", "đa"]) == ["đa", "Đa"]
    assert _vn_sorted(["Ấn", "ấn"]) == ["ấn", "Ấn"]


def test_vn_sort_space_digits_and_punctuation_before_letters() -> None:
    assert _vn_sorted(["Anh", "An Bình", "An"]) == ["An", "An Bình", "Anh"]
    assert _vn_sorted(["a", "1", "-", " "]) == [" ", "-", "1", "a"]
    assert _vn_sorted(["Karaoke B", "Karaoke 2", "Karaoke (Mới)", "Karaoke “A”", "Karaoke"]) == [
        "Karaoke",
        "Karaoke (Mới)",
        "Karaoke “A”",
        "Karaoke 2",
        "Karaoke B",
    ]
    assert _vn_sorted(["a{", "a~", "ab"])[-1] == "ab"


def test_vn_sort_key_same_for_nfc_and_nfd() -> None:
    assert vn_sort_key("Nha\u0300 nghi\u0309") == vn_sort_key("Nhà nghỉ")
    assert vn_sort_key(unicodedata.normalize("NFD", "Đặng Thị Ấu")) == vn_sort_key("Đặng Thị Ấu")


def test_vn_sort_key_handles_any_text() -> None:
    texts = ["Москва", "北京", "Zoë", "Ørsted", "a\x07b", "ab", "😀", "Karaoke 🎤", "Straße", "Strasse"]
    keys = [vn_sort_key(t) for t in texts]
    assert len(set(keys)) == len(texts)  # different texts, different keys
    assert vn_sort_key("Zoë") < vn_sort_key("Zof")  # the diaeresis does not change the letters
    assert vn_sort_key("Zoe") < vn_sort_key("Zoë")
    assert vn_sort_key("z") < vn_sort_key("Москва")  # other scripts after Vietnamese letters
    assert vn_sort_key("Karaoke 🎤") < vn_sort_key("Karaoke A")  # unknown symbols before letters


def test_vn_sort_key_of_nothing_is_empty_and_first() -> None:
    assert vn_sort_key(None) == vn_sort_key("") == ""
    assert vn_sort_key("") < vn_sort_key(" ") < vn_sort_key("0") < vn_sort_key("a")


def _sample_texts(count: int) -> list[str]:
    words = SAMPLE_WORDS.split(" ")
    rng = random.Random(7)
    texts = []
    for _ in range(count):
        text = ""
        while len(text) < 30:
            text += rng.choice(words) + " "
        texts.append(text[:30].strip())
    return texts


# ---- person_sort_key


def _by_person(names: list[str]) -> list[str]:
    return sorted(names, key=person_sort_key)


def test_person_sort_by_given_then_middle_then_surname() -> None:
    names = ["Lê Văn Bình", "Nguyễn Thị Bình", "Trần Văn An"]
    assert _by_person(names) == ["Trần Văn An", "Nguyễn Thị Bình", "Lê Văn Bình"]
    an, thi_binh, van_binh = (person_sort_key(n) for n in ("Trần Văn An", "Nguyễn Thị Bình", "Lê Văn Bình"))
    assert an < thi_binh < van_binh
    # Same given and middle names: the surname decides.
    assert _by_person(["Trần Văn Bình", "Lê Văn Bình"]) == ["Lê Văn Bình", "Trần Văn Bình"]
    # The given name decides before anything else, tones included.
    assert _by_person(["Lê Văn Bính", "Trần Thị Bình"]) == ["Trần Thị Bình", "Lê Văn Bính"]
    assert _by_person(["Bùi Thị Hạ", "Vũ Thị Hà"]) == ["Vũ Thị Hà", "Bùi Thị Hạ"]
    assert _by_person(["Đỗ Đức Dũng", "Phạm Văn Đông"]) == ["Đỗ Đức Dũng", "Phạm Văn Đông"]


def test_person_sort_compares_word_by_word() -> None:
    # "An" is a whole given name: it comes before "Anh" whatever the other words are.
    assert _by_person(["Âu Anh", "Vũ Văn An"]) == ["Vũ Văn An", "Âu Anh"]
    # No middle name sorts before a middle name, and fewer middle names before more.
    assert _by_person(["Nguyễn Văn Hữu An", "Trần Văn An", "Vũ An", "An"]) == [
        "An",
        "Vũ An",
        "Trần Văn An",
        "Nguyễn Văn Hữu An",
    ]


def test_person_sort_key_normalises_the_name() -> None:
    assert person_sort_key("  Nguye\u0302\u0303n   Thị\u00a0Bình ") == person_sort_key("Nguyễn Thị Bình")
    assert person_sort_key(None) == person_sort_key("") == person_sort_key("  ") == ""


def test_bulk_sort_keys_order_like_single_keys() -> None:
    texts = [*_sample_texts(2_000), "Hà", "Hạ", "ha", "", "Москва", "Ấn", "An", "An"]
    bulk = sort_keys(texts)
    assert bulk == [vn_sort_key(t) for t in texts]
    people = [*texts, "Trần Văn An", "Lê Văn Bình", "  Nguyễn Thị  Bình", "Lê Văn Bính", "Đỗ An", "An"]
    assert sort_keys(people, person=True) == [person_sort_key(p) for p in people]


# ---- numbers


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0"), (999, "999"), (1000, "1.000"), (1234567, "1.234.567"), (-1234567, "-1.234.567"), (None, "")],
)
def test_format_int(n: int | None, text: str) -> None:
    assert format_int(n) == text


def test_format_vnd() -> None:
    assert format_vnd(1234567) == "1.234.567 đ"
    assert format_vnd(0) == "0 đ"
    assert format_vnd(-5000) == "-5.000 đ"
    assert format_vnd(None) == ""


# ---- strip_unit_prefix


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Xã Mường Bon", "Mường Bon"),
        ("xã mường bon", "mường bon"),
        ("XÃ MƯỜNG BON", "MƯỜNG BON"),
        ("Xa Muong Bon", "Muong Bon"),
        ("Phường Bến Nghé", "Bến Nghé"),
        ("PHUONG Ben Nghe", "Ben Nghe"),
        ("Phường 1", "1"),
        ("Thị trấn Hát Lót", "Hát Lót"),
        ("Thị Trấn Hát Lót", "Hát Lót"),
        ("thi tran Hat Lot", "Hat Lot"),
        ("TT Hát Lót", "Hát Lót"),
        ("TT. Hát Lót", "Hát Lót"),
        ("tt.Hát Lót", "Hát Lót"),
        ("P. Bến Nghé", "Bến Nghé"),
        ("P.Bến Nghé", "Bến Nghé"),
        ("X. Mường Bon", "Mường Bon"),
        ("X.Mường Bon", "Mường Bon"),
        ("Đặc khu Phú Quốc", "Phú Quốc"),
        ("Dac Khu Phu Quoc", "Phu Quoc"),
        ("  Xã\u00a0 Mường  Bon ", "Mường Bon"),
        ("Xa\u0303 Mu\u031bo\u031b\u0300ng Bon", "Mường Bon"),
    ],
)
def test_strip_unit_prefix(name: str, stripped: str) -> None:
    assert strip_unit_prefix(name) == stripped


@pytest.mark.parametrize(
    "name",
    [
        "Mường Bon",
        "Xà Phìn",  # a commune name, not the prefix "Xã"
        "Xá Lượng",
        "Phương Trung",  # not "Phường"
        "Phượng Cách",
        "Thị Cầu",
        "Ttrấn",
        "Xã",  # nothing left: keep the name
        "Phường",
        "P.",
    ],
)
def test_strip_unit_prefix_leaves_other_names(name: str) -> None:
    assert strip_unit_prefix(name) == name


def test_strip_unit_prefix_strips_one_prefix_only() -> None:
    assert strip_unit_prefix("Xã Xà Phìn") == "Xà Phìn"
    assert strip_unit_prefix("Phường Phương Liệt") == "Phương Liệt"
