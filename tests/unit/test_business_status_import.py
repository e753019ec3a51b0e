"""A status in an imported list is a dated change: without its date the business comes in active, and the
business figures always add up (start + new − closed = end when nothing was suspended or reopened)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED, STATUS_SUSPENDED
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.security import ROLE_ADMIN, SYSTEM, Actor
from desktop_app.imports.businesses import TEMPLATE_HEADERS
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.transfer import TransferService
from tests.conftest import COMMUNES, configure

ADMIN = Actor(None, "admin", ROLE_ADMIN)
HEADERS = ["Tên cơ sở", "Loại hình", "Xã/phường", "Ngày cấp ĐKKD", "Trạng thái"]
PERIODS = [
    parse_period(code)
    for year in (2024, 2025, 2026)
    for code in (f"{year}", f"{year}S1", f"{year}S2", f"{year}Q1", f"{year}Q2", f"{year}Q3", f"{year}Q4")
]
FIGURES = ("businesses_active_start", "businesses_new", "businesses_closed", "businesses_active_end")


def _workbook(path: Path, rows: list[list[object]], date_header: str | None = None) -> Path:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append([*HEADERS, *([date_header] if date_header else [])])
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


def _import(services: Services, path: Path) -> dict[int, str]:
    preview = services.transfer.preview(path)
    services.transfer.commit(preview)
    return {r.row: r.outcome for r in preview.rows}


def _figures(services: Services, period: Period) -> tuple[int, ...]:
    values = services.reports.report(period).values
    return tuple(values.value(i) or 0 for i in FIGURES)


def test_a_closed_business_without_a_status_date_comes_in_active_with_a_warning(
    services: Services, tmp_path: Path
) -> None:
    configure(services)
    services.db.actor = ADMIN
    path = _workbook(
        tmp_path / "ds.xlsx", [["Karaoke Hoa Hồng", "Karaoke", "Xã Cò Nòi", "01/03/2026", "Đã ngừng"]]
    )
    preview = services.transfer.preview(path)
    (row,) = preview.rows
    assert row.outcome == "warning"
    (problem,) = [p for p in row.problems if p.field == "status"]
    assert "không có ngày" in problem.message and "Ngày đổi trạng thái" in problem.message
    services.transfer.commit(preview)
    (business,) = services.businesses.rows()
    detail = services.businesses.detail(business.id)
    assert detail.status == STATUS_ACTIVE
    assert "Trạng thái: Đã ngừng" in detail.notes
    # start, new, closed, end: the business opened in March and was never closed
    assert _figures(services, parse_period("2026")) == (0, 1, 0, 1)
    assert _figures(services, parse_period("2026Q1")) == (0, 1, 0, 1)


def test_a_dated_stop_is_a_change_after_the_business_was_open(services: Services, tmp_path: Path) -> None:
    configure(services)
    services.db.actor = ADMIN
    rows: list[list[object]] = [
        ["Karaoke Hoa Hồng", "Karaoke", "Xã Cò Nòi", "01/03/2026", "Đã ngừng", "15/05/2026"],
        ["Nhà nghỉ Sao Mai", "Nhà nghỉ", "Xã Cò Nòi", "01/03/2015", "Ngừng hoạt động", "10/02/2026"],
        ["Massage Ngọc Lan", "Massage", "Xã Cò Nòi", "", "Đã ngừng", "20/01/2026"],  # no registration
        ["Bar Ánh Dương", "Bar", "Xã Cò Nòi", "01/06/2026", "Đã ngừng", "01/04/2026"],  # stop before it
    ]
    outcomes = _import(services, _workbook(tmp_path / "ds.xlsx", rows, "Ngày ngừng hoạt động"))
    assert outcomes == {2: "ok", 3: "ok", 4: "ok", 5: "warning"}
    statuses = {r.name: services.businesses.detail(r.id) for r in services.businesses.rows()}
    assert statuses["Karaoke Hoa Hồng"].status == STATUS_CLOSED
    assert statuses["Karaoke Hoa Hồng"].status_since == date(2026, 5, 15)
    assert [(e.status, e.effective_on) for e in statuses["Karaoke Hoa Hồng"].history] == [
        (STATUS_ACTIVE, date(2026, 3, 1)),
        (STATUS_CLOSED, date(2026, 5, 15)),
    ]
    assert statuses["Bar Ánh Dương"].status == STATUS_ACTIVE
    assert "Ngày đổi trạng thái: 01/04/2026" in statuses["Bar Ánh Dương"].notes
    # Sao Mai was open since 2015, Ngọc Lan is only known from its stop (open and closed on 20/01)
    assert _figures(services, parse_period("2026Q1")) == (1, 2, 2, 1)
    assert _figures(services, parse_period("2026Q2")) == (1, 1, 1, 1)
    assert _figures(services, parse_period("2026")) == (1, 3, 3, 1)


def test_the_template_and_the_synonyms_have_the_status_date() -> None:
    assert "Ngày đổi trạng thái" in TEMPLATE_HEADERS
    spec = TransferService.spec
    from desktop_app.imports.columns import match_header

    for header in ("Ngày ngừng hoạt động", "Ngày đổi trạng thái", "NGÀY NGỪNG HOẠT ĐỘNG (dd/mm/yyyy)"):
        assert match_header(spec, header) == "status_since", header
    assert match_header(spec, "Ngày cấp ĐKKD") == "registration_date"


def test_the_written_template_has_the_status_date(tmp_path: Path) -> None:
    TransferService.write_template(tmp_path / "mau.xlsx")
    ws = load_workbook(tmp_path / "mau.xlsx").active
    assert ws is not None
    headers = [c.value for row in ws.iter_rows(max_row=10) for c in row if c.value]
    assert "Ngày đổi trạng thái" in headers


DAY0 = date(2023, 6, 1)
LAST = date(2026, 11, 30)  # before the machine's today: imported dates may not be in the future


def _day(n: int | None) -> date | None:
    return None if n is None else DAY0 + timedelta(days=n)


_SPAN = (LAST - DAY0).days
_business = st.tuples(
    st.one_of(st.none(), st.integers(0, _SPAN)),  # registration
    st.sampled_from(["Đang hoạt động", "Đã ngừng", "Ngừng hoạt động", "Tạm ngừng", ""]),
    st.one_of(st.none(), st.integers(0, _SPAN)),  # status date
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_business, min_size=1, max_size=12))
def test_start_plus_new_minus_closed_is_end_without_suspensions(
    businesses: list[tuple[int | None, str, int | None]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(Path(folder) / "pcmd.sqlite3", actor=SYSTEM, encrypt_new=False)
        try:
            configure(services)
            services.db.actor = ADMIN
            rows: list[list[object]] = []
            for n, (registered, status, since) in enumerate(businesses):
                reg, when = _day(registered), _day(since)
                rows.append(
                    [
                        f"Cơ sở số {n}",
                        "Karaoke",
                        COMMUNES[n % len(COMMUNES)],
                        f"{reg:%d/%m/%Y}" if reg else "",
                        status,
                        f"{when:%d/%m/%Y}" if when else "",
                    ]
                )
            _import(services, _workbook(Path(folder) / "ds.xlsx", rows, "Ngày đổi trạng thái"))
            suspended_on = [
                e.effective_on
                for r in services.businesses.rows()
                for e in services.businesses.detail(r.id).history
                if e.status == STATUS_SUSPENDED
            ]
            for period in PERIODS:
                if any(period.start <= day <= period.end for day in suspended_on):
                    continue
                start, new, closed, end = _figures(services, period)
                assert start + new - closed == end, (period, start, new, closed, end)
        finally:
            services.close()


def test_a_stop_and_its_date_survive_export_and_import(services: Services, tmp_path: Path) -> None:
    configure(services)
    services.db.actor = ADMIN
    rows: list[list[object]] = [
        ["Karaoke Hoa Hồng", "Karaoke", "Xã Cò Nòi", "01/03/2026", "Đã ngừng", "15/05/2026"],
        ["Nhà nghỉ Sao Mai", "Nhà nghỉ", "Xã Cò Nòi", "01/03/2015", "Đang hoạt động", ""],
    ]
    _import(services, _workbook(tmp_path / "ds.xlsx", rows, "Ngày ngừng hoạt động"))
    target = tmp_path / "xuat.xlsx"
    services.transfer.export(target, today=date(2026, 11, 23))
    fresh = open_services(tmp_path / "fresh.sqlite3", actor=SYSTEM, encrypt_new=False)
    try:
        configure(fresh)
        fresh.db.actor = ADMIN
        assert set(_import(fresh, target).values()) == {"ok"}
        again = {r.name: fresh.businesses.detail(r.id) for r in fresh.businesses.rows()}
        assert (again["Karaoke Hoa Hồng"].status, again["Karaoke Hoa Hồng"].status_since) == (
            STATUS_CLOSED,
            date(2026, 5, 15),
        )
        assert again["Nhà nghỉ Sao Mai"].status == STATUS_ACTIVE
        assert (
            _figures(fresh, parse_period("2026")) == _figures(services, parse_period("2026")) == (1, 1, 1, 1)
        )
    finally:
        fresh.close()
