"""A penalty decided on a visit of a business later voided (entered by mistake) counts nowhere in the year
report, neither among the penalties nor among their kinds; the others' penalties still count."""

from __future__ import annotations

from desktop_app.domain.inspections import RESULT_PENALTY, VisitInput
from desktop_app.services.app_services import Services
from tests.unit.test_reports import S1, _business, _configure, build


def test_a_voided_business_penalty_counts_nowhere(services: Services) -> None:
    _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(services)
    before = services.reports.report(S1).values
    assert (before.value("penalties"), before.value("penalties_fine")) == (1, 1)  # C's fine of 30/06

    basis = next(  # guests' stays not notified, as C's
        b.id
        for b in services.inspections.legal_basis()
        if (b.decree, b.article, b.clause, b.point) == ("282/2025/NĐ-CP", "10", "1", "b")
    )
    mistake = _business(services, "Karaoke Nhầm 000009", "KAR", "Xã Cò Nòi", "01/01/2019")
    services.inspections.record_visit(
        VisitInput(
            mistake,
            "15/05/2026",
            result=RESULT_PENALTY,
            decision_number="9/QĐ-XPHC",
            decision_date="15/05/2026",
            legal_basis_ids=[basis],
            fine_vnd=1_000_000,
        )
    )
    counted = services.reports.report(S1).values
    assert (counted.value("penalties"), counted.value("penalties_fine")) == (2, 2)

    services.businesses.void(mistake, "Nhập nhầm")
    after = services.reports.report(S1).values
    assert (after.value("penalties"), after.value("penalties_fine")) == (1, 1)
    assert after.flat() == before.flat()
