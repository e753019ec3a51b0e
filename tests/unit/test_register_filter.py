"""Register search (any case, any accent, đ = d) and Vietnamese sort order, as the table uses them."""

from __future__ import annotations

from desktop_app.domain.businesses import (
    BusinessRow,
    RegisterFilter,
    business_search_key,
    filter_rows,
    row_sort_key,
)


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


def names(flt: RegisterFilter) -> list[str]:
    return [ROWS[i].name for i in filter_rows(ROWS, flt)]


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
    by_name = sorted(ROWS, key=row_sort_key("name"))
    assert [r.name for r in by_name] == [
        "Dung Spa",
        "Karaoke Đức Hưng",
        "Massage Thảo Nguyên",
        "Nhà nghỉ Hoàng Long",
        "NHÀ NGHỈ SAO MAI",
    ]
    by_owner = sorted(ROWS, key=row_sort_key("owner_name"))
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
