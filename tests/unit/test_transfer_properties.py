"""Property-based (Hypothesis) tests through the services: import → export → import of the business register
and of the commitments is the identity on clean rows, and consolidating units' packages does not depend on
the order of the files.

Each example works on copies of one database set up once (copying a file takes milliseconds, migrating a new
one most of a second), so these stay a few seconds in all."""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED, STATUS_SUSPENDED, BusinessInput
from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.errors import DomainError
from desktop_app.domain.indicators import BY_COMMUNE, INDICATORS, IndicatorValues
from desktop_app.domain.office import OFFICE_KIND_COMMUNE, UNIT_LIST_2025, UNIT_LIST_LEGACY
from desktop_app.domain.periods import parse_period
from desktop_app.domain.reports import Report, ReportUnit, package_text
from desktop_app.domain.security import ROLE_ADMIN, Actor
from desktop_app.services.app_services import Services, open_services
from tests.conftest import configure

ADMIN = Actor(None, "admin", ROLE_ADMIN)
SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@dataclass
class Template:
    """A configured office's database file, copied for each example."""

    folder: Path
    path: Path
    counter: itertools.count[int]

    def copy(self) -> Services:
        n = next(self.counter)
        target = self.folder / f"copy-{n}.sqlite3"
        for side in ("", ".chain"):
            source = self.path.with_name(self.path.name + side)
            if source.exists():
                shutil.copy(source, target.with_name(target.name + side))
        return open_services(target, actor=ADMIN, encrypt_new=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    folder = tmp_path_factory.mktemp("properties")
    path = folder / "office.sqlite3"
    services = open_services(path, actor=ADMIN, encrypt_new=False)
    try:
        configure(services)
    finally:
        services.close()
    yield Template(folder, path, itertools.count())


# ---- Businesses: import → export → import

WORDS = [
    "Hoàng",
    "Long",
    "Đức",
    "Hưng",
    "Mường",
    "Bon",
    "Chiềng",
    "Sung",
    "Quỳnh",
    "Nhà",
    "nghỉ",
    "Karaoke",
    "Thảo",
    "Nguyễn",
    "Thị",
    "Ánh",
    "Dương",
    "số",
    "12",
    "Tiểu",
    "khu",
    "3",
    "bản",
    "Nà",
    "Sản",
]


def _words(min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size).map(" ".join)


@st.composite
def business_inputs(draw: st.DrawFn, index: int, types: list[int], communes: list[int]) -> BusinessInput:
    registered = draw(st.none() | st.dates(date(2010, 1, 1), date(2025, 12, 31)))
    born = draw(st.none() | st.dates(date(1950, 1, 1), date(1990, 12, 31)))
    total = draw(st.none() | st.integers(0, 60))
    female = None if total is None else draw(st.none() | st.integers(0, total))
    status = draw(st.sampled_from([STATUS_ACTIVE, STATUS_ACTIVE, STATUS_SUSPENDED, STATUS_CLOSED]))
    since = None
    if status != STATUS_ACTIVE:
        since = draw(st.dates(registered or date(2010, 1, 1), date(2026, 6, 30)))
    return BusinessInput(
        name=f"{draw(_words(1, 3))} {index}",  # one name per business: a second would be a possible duplicate
        type_id=draw(st.sampled_from(types)),
        commune_id=draw(st.sampled_from(communes)),
        address=draw(_words(0, 4)),
        owner_name=draw(_words(0, 3)),
        owner_id_number=draw(st.sampled_from(["", "014085001234", "001190000012", "012345678"])),
        owner_phone=draw(st.sampled_from(["", "0912345678", "0212 3852 123", "0388 123 456"])),
        owner_birth_date=born,
        owner_residence=draw(_words(0, 3)),
        registration_number=draw(st.sampled_from(["", f"24A80{index:05d}", f"dk-{index}"])),
        registration_date=registered,
        sub_licences=draw(_words(0, 2)),
        rooms=draw(st.none() | st.integers(0, 200)),
        employees_total=total,
        employees_female=female,
        complex_area=draw(st.booleans()),
        notes=draw(_words(0, 5)),
        status=status,
        status_since=since,
    )


@SLOW
@given(data=st.data())
def test_import_export_import_is_the_identity_on_clean_rows(
    template: Template, tmp_path: Path, data: st.DataObject
) -> None:
    first, second = template.copy(), template.copy()
    try:
        types = [t.id for t in first.office.business_types()]
        communes = [c.id for c in first.office.communes()]
        count = data.draw(st.integers(1, 6), label="rows")
        inputs = [data.draw(business_inputs(i, types, communes), label=f"row {i}") for i in range(count)]
        for business in inputs:
            try:
                first.businesses.create(business)
            except DomainError:
                assume(False)  # not a clean row (an adult owner on the registration date, say)
        exported = tmp_path / f"{template.folder.name}-{next(template.counter)}.xlsx"
        assert first.transfer.export(exported) == count
        preview = second.transfer.preview(exported)
        assert [r.outcome for r in preview.rows] == ["ok"] * count, [r.reason for r in preview.rows]
        assert second.transfer.commit(preview) == count
        assert second.transfer.export_rows() == first.transfer.export_rows()
        again = first.transfer.preview(exported)  # and into the first register: every row is already there
        assert {r.outcome for r in again.rows} == {"duplicate"}
    finally:
        first.close()
        second.close()


@st.composite
def commitment_inputs(draw: st.DrawFn, business_id: int) -> CommitmentInput:
    signed = draw(st.dates(date(2020, 1, 1), date(2026, 6, 30)))
    valid_to = draw(st.none() | st.dates(signed + timedelta(days=1), signed + timedelta(days=900)))
    return CommitmentInput(
        business_id,
        signed,
        valid_to=valid_to,
        document_number=draw(st.sampled_from(["", "12/CK-UBND", "05/2025/CK"])),
        representative_name=draw(_words(0, 3)),
        representative_position=draw(st.sampled_from(["", "Chủ cơ sở", "Quản lý"])),
        notes=draw(_words(0, 4)),
    )


@SLOW
@given(data=st.data())
def test_commitments_import_export_import_is_the_identity_on_clean_rows(
    template: Template, tmp_path: Path, data: st.DataObject
) -> None:
    first, second = template.copy(), template.copy()
    try:
        types = [t.id for t in first.office.business_types()]
        communes = [c.id for c in first.office.communes()]
        count = data.draw(st.integers(1, 4), label="businesses")
        for i in range(count):
            business = data.draw(business_inputs(i, types, communes), label=f"business {i}")
            try:
                business_id = first.businesses.create(business)
                for signing in data.draw(
                    st.lists(commitment_inputs(business_id), max_size=2), label="signings"
                ):
                    first.commitments.record(signing)
            except DomainError:
                assume(False)  # not a clean row
        businesses = tmp_path / f"{template.folder.name}-{next(template.counter)}.xlsx"
        commitments = businesses.with_name(businesses.stem + "-cam-ket.xlsx")
        first.transfer.export(businesses)
        exported = first.commitment_transfer.export(commitments)
        second.transfer.commit(second.transfer.preview(businesses))
        preview = second.commitment_transfer.preview(commitments)
        assert [r.outcome for r in preview.rows] == ["ok"] * exported, [r.reason for r in preview.rows]
        second.commitment_transfer.commit(preview)
        assert second.commitment_transfer.export_rows() == first.commitment_transfer.export_rows()
    finally:
        first.close()
        second.close()


# ---- Consolidation: the order of the files does not matter

Y2025 = parse_period("2025")
COUNTED = [i for i in INDICATORS.values() if i.ratio is None and BY_COMMUNE in i.dimensions]
COMMUNES = {  # a code in both lists (two communes), and two names shared by two codes
    f"{UNIT_LIST_LEGACY}:04105": "Thị trấn Hát Lót",
    f"{UNIT_LIST_2025}:04105": "Xã Mai Sơn",
    f"{UNIT_LIST_2025}:04108": "Xã Chiềng Sung",
    f"{UNIT_LIST_LEGACY}:04111": "Xã Chiềng Sung",
    "ten:Xã Mường Bon": "Xã Mường Bon",
}


@st.composite
def unit_values(draw: st.DrawFn) -> IndicatorValues:
    values = IndicatorValues()
    for indicator in draw(
        st.lists(st.sampled_from(COUNTED), min_size=1, max_size=4, unique_by=lambda i: i.id)
    ):
        by = values.by.setdefault(BY_COMMUNE, {}).setdefault(indicator.id, {})
        for code in draw(st.lists(st.sampled_from(sorted(COMMUNES)), min_size=1, max_size=3, unique=True)):
            by[code] = draw(st.integers(0, 1) if indicator.flag else st.integers(0, 500))
            values.members.setdefault(BY_COMMUNE, {})[code] = COMMUNES[code]
        values.totals[indicator.id] = sum(by.values())
    return values


@st.composite
def unit_files(draw: st.DrawFn) -> list[tuple[str, str]]:
    """(file name, package text) of 1 to 5 units, some sent twice (a later file), some of one name."""
    files: list[tuple[str, str]] = []
    codes = draw(st.lists(st.integers(4000, 4200), min_size=1, max_size=4, unique=True))
    for n, code in enumerate(codes):
        unit = ReportUnit(
            draw(st.sampled_from(["Ủy ban nhân dân xã Mai Sơn", "UBND xã Chiềng Sung", f"Xã {code}"])),
            f"{code:05d}",
            "Ủy ban nhân dân tỉnh Sơn La",
            OFFICE_KIND_COMMUNE,
            UNIT_LIST_2025,
            "14",
        )
        for copy in range(draw(st.integers(1, 2))):
            made = datetime(2026, 1, 10, 9, 0) + timedelta(minutes=draw(st.integers(0, 3)))
            report = Report(unit, Y2025, draw(unit_values()), made, "1.0")
            files.append((f"don-vi-{n}-{copy}.json", package_text(report)))
    return files


@pytest.fixture(scope="module")
def upper(template: Template) -> Iterator[Services]:
    services = template.copy()
    yield services
    services.close()


@SLOW
@given(files=unit_files(), newest_wins=st.booleans(), data=st.data())
def test_consolidation_does_not_depend_on_the_order_of_the_files(
    upper: Services, tmp_path: Path, files: list[tuple[str, str]], newest_wins: bool, data: st.DataObject
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # tmp_path is the same for every example
    paths = []
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    order = data.draw(st.permutations(paths), label="order")

    def outcome(sources: list[Path]) -> tuple[object, ...]:
        result = upper.reports.consolidate(sources, Y2025, newest_wins)
        values = result.report.values
        return (
            json.dumps(values.flat(), sort_keys=True),
            json.dumps(values.members, ensure_ascii=False),  # the order of the rows too
            [(u.key, name) for u, name in result.included],
            sorted((r.file_name, r.reason) for r in result.rejected),
            result.missing,
        )

    assert outcome(paths) == outcome(list(order))
    assert outcome(list(reversed(paths))) == outcome(paths)
