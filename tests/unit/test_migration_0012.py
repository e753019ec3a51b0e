"""Migration 0012: the communes and profile of an office made before it get their list and life span."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import URL, make_url, text

from desktop_app.storage.db import create_engine_for, database_url
from desktop_app.storage.migrate import upgrade


def _office_at_0011(url: URL, jurisdiction_kind: str) -> None:
    engine = create_engine_for(url)
    upgrade(engine, "0011")
    now = datetime(2025, 3, 1, 8, 0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office_profile (id, issuing_unit, parent_unit, place_name, upward_recipient, "
                "signer_name, signer_position, signer_authority, document_symbol, jurisdiction_kind, "
                "province_code, province_name, district_code, district_name, updated_at) VALUES "
                "(1, 'Phòng Lao động – Thương binh và Xã hội', 'Ủy ban nhân dân huyện Mai Sơn', "
                "'Mai Sơn', '', "
                "'', '', '', '', :kind, '14', 'Tỉnh Sơn La', '125', 'Huyện Mai Sơn', :now)"
            ),
            {"kind": jurisdiction_kind, "now": now},
        )
        conn.execute(
            text(
                "INSERT INTO commune (id, name, code, search_key, active, sort_order) VALUES "
                "(1, 'Thị trấn Hát Lót', '04105', 'thi tran hat lot', TRUE, 0), "
                "(2, 'Bản Hẻo', '', 'ban heo', TRUE, 1)"
            )
        )
    engine.dispose()


@pytest.mark.parametrize(
    ("kind", "unit_list", "valid_from", "valid_to", "office_kind"),
    [
        ("legacy_district", "legacy", None, date(2025, 6, 30), "huyen-cu"),
        ("province_2025", "2025", date(2025, 7, 1), None, ""),
        ("custom", "", None, None, ""),
    ],
)
def test_communes_and_profile_get_their_list(
    db_target: str,
    kind: str,
    unit_list: str,
    valid_from: date | None,
    valid_to: date | None,
    office_kind: str,
) -> None:
    url = make_url(db_target) if "://" in db_target else database_url(Path(db_target))
    _office_at_0011(url, kind)
    engine = create_engine_for(url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT code, unit_list, valid_from, valid_to FROM commune ORDER BY id")
            ).all()
            profile = conn.execute(text("SELECT office_kind, unit_code, unit_list FROM office_profile")).one()

        def as_date(value: object) -> date | None:
            return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]

        coded, typed = rows
        assert (coded[1], as_date(coded[2]), as_date(coded[3])) == (unit_list, valid_from, valid_to)
        assert (typed[1], typed[2], typed[3]) == ("", None, None)  # no code: no list, no dates
        if office_kind:
            assert tuple(profile) == ("huyen-cu", "125", "legacy")
        else:
            assert tuple(profile) == ("", "", "")
    finally:
        engine.dispose()
