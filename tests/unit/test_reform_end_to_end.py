"""A pre-reform district office with 2024–2026 data moves to the 2025 communes (#15, «done when»).

Every report of a period before the move gives the same figures after it; the business figures of every
period stay the same; the «communes» figure follows the units that existed; forms dated in 2026 name only
units that exist then.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import (
    REFORM_DATE,
    UNIT_LIST_2025,
    UNIT_LIST_LEGACY,
    commune_counts_at,
    commune_listed_in,
)
from desktop_app.domain.periods import parse_period
from desktop_app.domain.units import NEEDS_CHOICE
from desktop_app.services.app_services import Services
from tests.units_setup import legacy_district_office

BEFORE_MOVE = ("2024", "2024S2", "2025S1", "2025Q2")
AFTER_MOVE = ("2025", "2025S2", "2026S1", "2026")


def _figures(services: Services) -> dict[str, dict[str, Any]]:
    return {
        code: services.reports.report(parse_period(code)).values.to_data()
        for code in BEFORE_MOVE + AFTER_MOVE
    }


def test_a_district_office_moves_and_its_past_reports_stay_as_they_were(services: Services) -> None:
    legacy_district_office(services)  # Huyện Mai Sơn, Sơn La: 22 communes of the pre-2025 list
    services.demo.fill(businesses=160, seed=11)  # businesses, commitments, visits, activities 2024–2026
    business_ids = [row.id for row in services.businesses.rows() if row.status != "closed"]
    # Before the move, a form dated in 2026 cannot be addressed to a commune abolished on 1/7/2025.
    with pytest.raises(DomainError, match="Sắp xếp địa bàn"):
        services.commitments.owner_forms(business_ids[:1], date(2026, 3, 2))
    before = _figures(services)
    assert before["2024"]["totals"]["communes_total"] == 22

    preview = services.units.preview_conversion()
    choices = {row.business_id: row.candidates[0].code for row in preview.rows if row.status == NEEDS_CHOICE}
    result = services.units.apply_conversion(choices, REFORM_DATE, expected=preview)
    assert result.moved + len(choices) > 0

    after = _figures(services)
    for code in BEFORE_MOVE:  # every figure and every breakdown, commune by commune
        assert after[code] == before[code], code
    for code in AFTER_MOVE:  # the same businesses, visits, cases… only now in the 2025 communes
        moved_totals = {k: v for k, v in after[code]["totals"].items() if not k.startswith("communes_")}
        old_totals = {k: v for k, v in before[code]["totals"].items() if not k.startswith("communes_")}
        assert moved_totals == old_totals, code
    communes = services.office.communes(include_inactive=True)
    new_units = [c for c in communes if c.unit_list == UNIT_LIST_2025]
    assert after["2026"]["totals"]["communes_total"] == len(new_units)
    assert after["2024"]["totals"]["communes_total"] == 22  # the old units, as they were then

    # Forms dated in 2026 are addressed to communes that exist in 2026, never to an abolished one.
    forms = services.commitments.owner_forms(business_ids, date(2026, 3, 2))
    existing = {c.name for c in new_units}
    abolished = {c.name for c in communes if c.unit_list == UNIT_LIST_LEGACY} - existing
    assert {form.commune_name for form in forms} <= existing
    assert not {form.commune_name for form in forms} & abolished


@pytest.mark.parametrize(
    ("active", "valid_from", "valid_to", "day", "counts"),
    [
        (True, None, None, date(2024, 12, 31), True),  # a commune typed by hand
        (False, None, None, date(2024, 12, 31), False),  # taken out of the list by hand
        (False, None, date(2025, 6, 30), date(2024, 12, 31), True),  # ended by the move: before its end
        (False, None, date(2025, 6, 30), date(2025, 12, 31), False),  # … and after it
        (True, None, date(2025, 6, 30), date(2026, 6, 30), True),  # ended, not moved yet: still in use
        (True, date(2025, 7, 1), None, date(2024, 12, 31), False),  # a 2025 commune before it began
        (True, date(2025, 7, 1), None, date(2025, 12, 31), True),
    ],
)
def test_which_communes_count_on_a_day(
    active: bool, valid_from: date | None, valid_to: date | None, day: date, counts: bool
) -> None:
    assert commune_counts_at(active, valid_from, valid_to, day) is counts


def test_a_2025_commune_has_no_row_in_a_2024_report_and_an_ended_one_none_after_its_end() -> None:
    y2024, y2026 = parse_period("2024"), parse_period("2026")
    assert not commune_listed_in(True, REFORM_DATE, None, y2024.start, y2024.end)
    assert commune_listed_in(True, REFORM_DATE, None, y2026.start, y2026.end)
    assert commune_listed_in(False, None, date(2025, 6, 30), y2024.start, y2024.end)
    assert not commune_listed_in(False, None, date(2025, 6, 30), y2026.start, y2026.end)
    assert commune_listed_in(True, None, date(2025, 6, 30), y2026.start, y2026.end)  # not moved yet
