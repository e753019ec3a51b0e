"""Register search (any case, any accent, đ = d) and Vietnamese sort order, as the table uses them."""

from __future__ import annotations

from desktop_app.domain.businesses import (
    BusinessRow,
    RegisterFilter,
    RegisterIndex,
    business_search_key,
    column_sort_keys,
    dense_ranks,
    row_positions,
)
from desktop_app.domain.text import search_key


def _row(
    i: int,
    name: str,
    owner: str = "",
    status: str = "active",
    voided: bool = False,
    commune: int = 1,
    phone: str = "",
) -> BusinessRow:
    return BusinessRow(
        id=i,
        name=name,
        type_id=1,
        type_name="",
        commune_id=commune,
        commune_name="",
        address="Tiểu khu 3",
        owner_name=owner,
        owner_phone=phone,
        registration_number=f"24A8{i:06d}",
        status=status,
        voided=voided,
        search_key=business_search_key(name, owner, "Tiểu khu 3", f"24A8{i:06d}", phone),
    )


ROWS = [
    _row(0, "Nhà nghỉ Hoàng Long", "Trần Văn An"),
    _row(1, "Karaoke Đức Hưng", "Nguyễn Thị Bình", phone="0912345678"),
    _row(2, "NHÀ NGHỈ SAO MAI", "Lê Văn Bình", status="closed"),
    _row(3, "Massage Thảo Nguyên", "Đỗ Đức Dũng", voided=True),
    _row(4, "Dung Spa", "Phạm Văn Đông", commune=2),
]


def sorted_by(rows: list[BusinessRow], column: str) -> list[BusinessRow]:
    keys = column_sort_keys(rows, column)
    return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]


def names(flt: RegisterFilter) -> list[str]:
    return [ROWS[i].name for i in RegisterIndex(ROWS).filter(flt)]


def test_search_ignores_case_and_diacritics() -> None:
    assert names(RegisterFilter("nha nghi")) == ["Nhà nghỉ Hoàng Long", "NHÀ NGHỈ SAO MAI"]
    assert names(RegisterFilter("NHÀ NGHỈ")) == ["Nhà nghỉ Hoàng Long", "NHÀ NGHỈ SAO MAI"]
    assert names(RegisterFilter("duc hung")) == ["Karaoke Đức Hưng"]


def test_d_finds_d_stroke_and_words_match_in_any_order() -> None:
    assert names(RegisterFilter("đ")) == ["Karaoke Đức Hưng", "Dung Spa"]
    assert names(RegisterFilter("d")) == ["Karaoke Đức Hưng", "Dung Spa"]
    assert names(RegisterFilter("hung karaoke")) == ["Karaoke Đức Hưng"]


def test_search_covers_owner_phone_registration_and_address() -> None:
    assert names(RegisterFilter("binh")) == ["Karaoke Đức Hưng", "NHÀ NGHỈ SAO MAI"]
    assert names(RegisterFilter("0912345")) == ["Karaoke Đức Hưng"]
    assert names(RegisterFilter("24a8000004")) == ["Dung Spa"]
    assert len(names(RegisterFilter("tieu khu"))) == 4


def test_filters_and_voided() -> None:
    assert names(RegisterFilter(status="closed")) == ["NHÀ NGHỈ SAO MAI"]
    assert names(RegisterFilter(commune_id=2)) == ["Dung Spa"]
    assert "Massage Thảo Nguyên" not in names(RegisterFilter())
    assert "Massage Thảo Nguyên" in names(RegisterFilter(show_voided=True))


def test_vietnamese_sort_order_for_names_and_owners() -> None:
    by_name = sorted_by(ROWS, "name")
    assert [r.name for r in by_name] == [
        "Dung Spa",
        "Karaoke Đức Hưng",
        "Massage Thảo Nguyên",
        "Nhà nghỉ Hoàng Long",
        "NHÀ NGHỈ SAO MAI",
    ]
    by_owner = sorted_by(ROWS, "owner_name")
    # Given name first (An, Bình, Bình, Dũng, Đông), then middle name (Thị before Văn).
    assert [r.owner_name for r in by_owner] == [
        "Trần Văn An",
        "Nguyễn Thị Bình",
        "Lê Văn Bình",
        "Đỗ Đức Dũng",
        "Phạm Văn Đông",
    ]


def test_bulk_sort_keys_order_like_full_keys() -> None:
    from desktop_app.domain.text import person_sort_key, sort_keys, vn_sort_key

    texts = [
        "Hà",
        "Hạ",
        "ha",
        "Ha",
        "Hà Nội",
        "Hả",
        "Ấn",
        "An",
        "Ân",
        "An",
        "Đa",
        "Da",
        "da",
        "Hàn",
        "Hạn",
        "123",
        "",
    ]
    bulk = sort_keys(texts)
    assert sorted(texts, key=lambda t: bulk[texts.index(t)]) == sorted(texts, key=vn_sort_key)
    assert [texts[i] for i in sorted(range(len(texts)), key=bulk.__getitem__)] == sorted(
        texts, key=vn_sort_key
    )
    people = ["Trần Văn An", "Lê Văn Bình", "Nguyễn Thị Bình", "Lê Văn Bính", "Đỗ An", "An"]
    keys = sort_keys(people, person=True)
    assert [people[i] for i in sorted(range(len(people)), key=keys.__getitem__)] == sorted(
        people, key=person_sort_key
    )


# ---- The index at typing speed: stored-order matching, kept results, integer sort ranks


def _many() -> list[BusinessRow]:
    names = ("Nhà nghỉ Hoàng Long", "Karaoke Đức Hưng", "Quán Phở Hà Nội", "Massage Thảo Nguyên", "Dung Spa")
    owners = ("Trần Văn An", "Nguyễn Thị Bình", "Đỗ Đức Dũng", "Lê Thị Hà")
    return [
        _row(i, f"{names[i % 5]} {i}", owners[i % 4], voided=i % 11 == 0, phone=f"09{i:08d}")
        for i in range(400)
    ]


def _naive(rows: list[BusinessRow], query: str) -> list[int]:
    words = search_key(query).split()
    return [i for i, r in enumerate(rows) if not r.voided and all(w in r.search_key for w in words)]


class _CountingKeys(list[str]):
    """The index's search keys, counting how many it reads."""

    reads = 0

    def __getitem__(self, i: object) -> object:  # type: ignore[override]
        type(self).reads += 1
        return super().__getitem__(i)  # type: ignore[index]


def test_typing_backspacing_and_retyping_give_the_same_rows_as_a_fresh_search() -> None:
    rows = _many()
    index = RegisterIndex(rows)
    order = sorted(range(len(rows)), key=lambda i: rows[i].owner_name + rows[i].name)
    typed = ["n", "nh", "nha", "nha ", "nha n", "nha nghi", "nha ngh", "n", "", "0", "09", "0900000012", "0"]
    typed += ["đức", "Đức Hưng", "hưng đức", "phở hà", "pho ha noi 2", "x", "", "NHÀ NGHỈ"]
    for query in typed:
        expected = _naive(rows, query)
        assert index.filter(RegisterFilter(query)) == expected, query
        assert index.filter(RegisterFilter(query), order) == [i for i in order if i in set(expected)], query


def test_a_longer_query_reads_only_the_rows_the_shorter_one_found_and_backspace_reads_none() -> None:
    rows = _many()
    index = RegisterIndex(rows)
    counting = _CountingKeys(index._keys)
    index._keys = counting
    found_n = index.filter(RegisterFilter("hoang"))
    _CountingKeys.reads = 0
    assert index.filter(RegisterFilter("hoang long")) == _naive(rows, "hoang long")
    assert _CountingKeys.reads == len(found_n)  # narrowed from the 'hoang' result, not from every row
    _CountingKeys.reads = 0
    assert index.filter(RegisterFilter("hoang")) == found_n
    assert _CountingKeys.reads == 0  # the shorter query's result was kept


def test_another_filter_forgets_the_kept_results() -> None:
    rows = _many()
    index = RegisterIndex(rows)
    everything = index.filter(RegisterFilter("spa"))
    assert index.filter(RegisterFilter("spa", show_voided=True)) == [
        i for i, r in enumerate(rows) if "spa" in r.search_key
    ]
    assert len(everything) < len(index.filter(RegisterFilter("spa", show_voided=True)))
    index.put(4, rows[4]._replace(search_key="no match"), "", frozenset())
    assert 4 not in index.filter(RegisterFilter("spa", show_voided=True))


def test_dense_ranks_order_like_the_keys_and_tie_equal_keys() -> None:
    keys = ["b", "a", "c", "a", "b"]
    ranks = dense_ranks(keys)
    assert sorted(range(5), key=ranks.__getitem__) == sorted(range(5), key=keys.__getitem__)
    assert ranks[1] == ranks[3] and ranks[0] == ranks[4] and ranks[1] < ranks[0] < ranks[2]
    assert ranks[0] - ranks[1] >= 2  # room to rank a changed row between two neighbours


def test_many_matches_are_ordered_without_working_out_every_rows_place() -> None:
    rows = _many()
    index = RegisterIndex(rows)
    order = list(reversed(range(len(rows))))
    assert index.filter(RegisterFilter("n"), order) == [i for i in order if i in set(_naive(rows, "n"))]
    assert index._ranked is None  # the first letter matches most rows: a pass over `order` suffices
    assert index.filter(RegisterFilter("0900000012"), order) == _naive(rows, "0900000012")
    assert index._ranked is order


def test_an_index_over_the_same_rows_shares_them_until_either_changes_a_row() -> None:
    rows = [_row(1, "Nhà nghỉ Hoa"), _row(2, "Karaoke Hoa"), _row(3, "Quán Mai", status="closed")]
    index = RegisterIndex(rows, ["covered", "", ""], [frozenset()] * 3)
    twin = index.over_same_rows(["", "never", ""], [frozenset({"due"}), frozenset(), frozenset()])
    assert twin.filter(RegisterFilter(query="hoa")) == index.filter(RegisterFilter(query="hoa")) == [0, 1]
    assert index.filter(RegisterFilter(commitment="covered")) == [0]  # states and flags of its own
    assert twin.filter(RegisterFilter(commitment="never")) == [1]
    assert twin.filter(RegisterFilter(inspection="due")) == [0]
    changed = _row(2, "Quán Lan")
    twin.put(1, changed, "never", frozenset())
    assert twin.filter(RegisterFilter(query="hoa")) == [0]
    assert index.filter(RegisterFilter(query="hoa")) == [0, 1]  # the first index still has the row as it was
    index.put(3, _row(4, "Hoa Sen"), "", frozenset())
    assert index.filter(RegisterFilter(query="hoa")) == [0, 1, 3]
    assert twin.filter(RegisterFilter(query="hoa", status="active")) == [0]


def test_row_positions_share_their_numbers() -> None:
    first, second = row_positions(100_000), row_positions(50_000)
    assert first == list(range(100_000)) and second == list(range(50_000))
    assert all(a is b for a, b in zip(first, second, strict=False))
    first.append(-1)  # a copy each time: changing one changes no other
    assert row_positions(100_000) == list(range(100_000))
