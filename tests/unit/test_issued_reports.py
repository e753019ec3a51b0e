"""Issued reports: frozen as sent (figures and file bytes) whatever happens to the data afterwards, what
changed since, a replacement and its package, consolidation taking the newest replacement, the database
refusing to change an issued report, and `report --issue` on the command line."""

from __future__ import annotations

import hashlib
import inspect
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.issued_reports import (
    differences,
    propose_number,
    report_from_data,
    report_to_data,
)
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.reports import IssueMark, read_package
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.data_check import ISSUED_ADVICE, DataCheck, check_file
from desktop_app.services.issued_reports import IssueError
from desktop_app.storage.db import sqlite_path
from desktop_app.storage.repositories import issued_reports as issued_repo
from tests.conftest import run_cli
from tests.unit.test_reports import ADMIN, S1, _business, _configure, _resealed, build

UNIT_NAME = "Phòng Văn hóa – Xã hội huyện Mai Sơn"


@pytest.fixture
def unit(services: Services) -> Services:
    _configure(services, UNIT_NAME)
    build(services)
    return services


def _add_business(services: Services) -> None:
    """A business opened inside 2026S1: three figures of the period change (new, active at the end, …)."""
    _business(services, "Karaoke Mới 000099", "KAR", "Xã Mường Bon", "10/02/2026")


def test_an_issued_report_stays_as_sent_when_the_data_changes(unit: Services, tmp_path: Path) -> None:
    issued = unit.issued_reports
    report = unit.reports.report(S1)
    summary = issued.issue(report, "12/BC-UBND", date(2026, 7, 5))
    assert (summary.number, summary.issued_on, summary.period_code) == (
        "12/BC-UBND",
        date(2026, 7, 5),
        "2026S1",
    )
    assert [f.kind for f in summary.files] == ["xlsx", "pdf", "json"]
    sent = {kind: issued.issued_file(summary.id, kind)[1] for kind in ("xlsx", "pdf", "json")}
    assert unit.reports.report(S1).values.flat() == report.values.flat()

    _add_business(unit)
    now = unit.reports.report(S1)
    assert now.values.flat() != report.values.flat()  # the data did change

    reopened = issued.open_issued(summary.id)
    assert reopened.report.values.flat() == report.values.flat()
    assert reopened.report.issue == IssueMark("12/BC-UBND", date(2026, 7, 5), summary.uid)
    assert reopened.template_data["id"] == unit.reports.template().id
    for kind, data in sent.items():
        saved = issued.save_issued_file(summary.id, kind, tmp_path / f"ban-hanh.{kind}")
        assert saved.read_bytes() == data
    package = read_package(sent["json"].decode("utf-8"))
    assert package.issue == reopened.report.issue and package.replaces is None
    assert package.values.flat() == report.values.flat()
    assert issued.is_issued(unit.reports.template().id, "2026S1")
    assert not issued.is_issued(unit.reports.template().id, "2026S2")


def test_what_changed_since_and_a_replacement(unit: Services) -> None:
    issued = unit.issued_reports
    first = issued.issue(unit.reports.report(S1), "12/BC-UBND", date(2026, 7, 5))
    assert issued.changes(unit.reports.report(S1)).differences == []  # type: ignore[union-attr]
    assert issued.changes(unit.reports.report(replace(S1, end=date(2026, 6, 29)))) is None

    _add_business(unit)
    now = unit.reports.report(S1)
    changes = issued.changes(now)
    assert changes is not None and changes.issued.id == first.id
    found = {(d.indicator, d.row): (d.sent, d.now) for d in changes.differences}
    new_before = int(issued.open_issued(first.id).report.values.value("businesses_new") or 0)
    assert found[("Cơ sở mới hoạt động trong kỳ", "")] == (new_before, new_before + 1)
    assert ("Cơ sở mới hoạt động trong kỳ", "Xã Mường Bon") in found
    assert all(sent != now for sent, now in found.values())

    with pytest.raises(IssueError) as refused:  # issued once: only a replacement of that issue
        issued.issue(now, "13/BC-UBND", date(2026, 7, 20))
    assert "12/BC-UBND" in refused.value.message and f"mã {first.id}" in refused.value.message
    second = issued.issue(now, "13/BC-UBND", date(2026, 7, 20), replaces_id=first.id)
    assert second.replaces_id == first.id and second.replaces_number == "12/BC-UBND"
    assert issued.newest_issue(unit.reports.template().id, "2026S1") == second
    listed = {s.id: s for s in issued.issued_reports()}
    assert listed[first.id].replaced_by_number == "13/BC-UBND"
    with pytest.raises(IssueError):  # the original is no longer the one to replace
        issued.issue(now, "14/BC-UBND", date(2026, 7, 21), replaces_id=first.id)

    package = read_package(issued.issued_file(second.id, "json")[1].decode("utf-8"))
    assert package.replaces == IssueMark("12/BC-UBND", date(2026, 7, 5), first.uid)
    assert package.issue == IssueMark("13/BC-UBND", date(2026, 7, 20), second.uid)
    assert issued.changes(unit.reports.report(S1)).differences == []  # type: ignore[union-attr]


def test_numbers_are_proposed_per_year_and_never_used_twice(unit: Services) -> None:
    issued = unit.issued_reports
    assert issued.proposed_number(2026) == "1/BC"
    issued.issue(unit.reports.report(S1), "7/BC-UBND", date(2026, 7, 5))
    assert issued.proposed_number(2026) == "8/BC"
    assert issued.proposed_number(2027) == "1/BC"
    with pytest.raises(ValidationError):
        issued.issue(unit.reports.report(parse_s2()), " 7/bc-ubnd ", date(2026, 12, 20))
    with pytest.raises(ValidationError):
        issued.issue(unit.reports.report(parse_s2()), "  ", date(2026, 12, 20))
    assert propose_number(["3/BC-UBND", "11/BC-UBND", "Công văn"], "UBND") == "12/BC-UBND"
    assert propose_number([], "BC-VHXH") == "1/BC-VHXH"
    assert len(issued.issued_reports()) == 1


def parse_s2() -> Period:
    return parse_period("2026S2")


def test_the_issue_is_in_the_audit_log_and_the_database_refuses_changes(unit: Services) -> None:
    summary = unit.issued_reports.issue(unit.reports.report(S1), "12/BC-UBND", date(2026, 7, 5))
    with unit.db.engine.connect() as conn:
        logged = conn.execute(
            text("SELECT action, changes FROM change_log WHERE entity = 'issued_report' AND entity_id = :id"),
            {"id": summary.id},
        ).all()
    assert [row[0] for row in logged] == ["issue"]
    assert json.loads(logged[0][1])["issued_number"] == "12/BC-UBND"
    for statement in (
        "UPDATE issued_report SET figures = '{}'",
        "DELETE FROM issued_report",
        "UPDATE issued_report_file SET data = x'00'",
        "DELETE FROM issued_report_file",
    ):
        with pytest.raises(DBAPIError), unit.db.engine.begin() as conn:
            conn.execute(text(statement))
    assert unit.issued_reports.open_issued(summary.id).report.issue is not None
    # and the repository offers no way to change one
    public = {
        name
        for name, function in inspect.getmembers(issued_repo, inspect.isfunction)
        if function.__module__ == issued_repo.__name__ and not name.startswith("_")
    }
    assert public == {
        "add",
        "summaries",
        "summary",
        "newest_for",
        "get",
        "file_data",
        "altered_files",
        "numbers_in_year",
        "is_issued",
    }


def test_the_data_check_finds_an_issued_file_changed_behind_the_app(
    unit: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    """«Kiểm tra dữ liệu» and `check` hash every issued report's stored files against the SHA-256 recorded
    when it was issued: a file changed by a program that got past the triggers is named, with the advice."""
    summary = unit.issued_reports.issue(unit.reports.report(S1), "12/BC-UBND", date(2026, 7, 5))
    assert unit.check_data() == DataCheck()
    pdf = next(f for f in summary.files if f.kind == "pdf")
    with unit.db.engine.begin() as conn:  # what a program writing to the file directly could do
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE issued_report_file DISABLE TRIGGER issued_report_file_frozen"))
        else:
            conn.execute(text("DROP TRIGGER issued_report_file_no_update"))
        conn.execute(
            text("UPDATE issued_report_file SET data = :data WHERE issued_report_id = :id AND kind = 'pdf'"),
            {"data": b"%PDF-1.4 another report", "id": summary.id},
        )
    found = unit.check_data()
    assert not found.ok and not found.damaged and not found.chain and not found.scans
    assert found.issued == (
        f"Báo cáo đã ban hành số 12/BC-UBND ({summary.period_label}): tệp «{pdf.file_name}» không còn như "
        "khi ban hành.",
    )
    assert found.advice == [ISSUED_ADVICE]
    if unit.db.engine.dialect.name == "sqlite":  # the command line reads the file itself
        location = sqlite_path(unit.db.url)
        assert location is not None
        unit.close()
        assert check_file(location) == found
        code, out, _err = run_cli(capsys, "--db", str(location), "check")
        assert code == 1 and out.splitlines() == [f"Lỗi: {found.issued[0]}", ISSUED_ADVICE]


def test_a_demo_report_or_an_issued_one_is_not_issued(unit: Services) -> None:
    report = unit.reports.report(S1)
    with pytest.raises(IssueError):
        unit.issued_reports.issue(replace(report, demo=True), "1/BC", date(2026, 7, 5))
    with pytest.raises(IssueError):
        unit.issued_reports.issue(
            replace(report, issue=IssueMark("1/BC", date(2026, 7, 5), "x")), "2/BC", date(2026, 7, 5)
        )
    assert unit.issued_reports.issued_reports() == []


def test_the_stored_result_is_generic_every_value_comes_back(unit: Services) -> None:
    report = unit.reports.report(S1)
    values = replace(report.values, totals={**report.values.totals, "entered_tip_offs": 7})
    stamped = replace(report, values=values, issue=IssueMark("1/BC", date(2026, 7, 5), "abc"))
    back = report_from_data(json.loads(json.dumps(report_to_data(stamped))))
    assert back == stamped
    assert back.values.totals["entered_tip_offs"] == 7
    changed = replace(values, totals={**values.totals, "entered_tip_offs": 9})
    assert [(d.indicator, d.sent, d.now) for d in differences(values, changed)] == [
        ("entered_tip_offs", 7, 9)
    ]


def test_consolidation_takes_the_newest_replacement_whatever_the_order(tmp_path: Path) -> None:
    district = open_services(tmp_path / "district.sqlite3", actor=ADMIN, encrypt_new=False)
    province = open_services(tmp_path / "province.sqlite3", actor=ADMIN, encrypt_new=False)
    try:
        _configure(district, "Phòng Văn hóa – Xã hội huyện A", codes=True)
        _configure(province, "Sở Y tế tỉnh", codes=True)
        build(district)
        issued = district.issued_reports
        first = issued.issue(district.reports.report(S1), "12/BC-UBND", date(2026, 7, 5))
        _add_business(district)
        second = issued.issue(district.reports.report(S1), "13/BC-UBND", date(2026, 7, 20), first.id)
        _business(district, "Nhà nghỉ Mới 000098", "NN", "Xã Mường Bon", "11/02/2026")
        third = issued.issue(district.reports.report(S1), "14/BC-UBND", date(2026, 7, 25), second.id)
        files = {}
        for name, summary in (("goc", first), ("sua-1", second), ("sua-2", third)):
            files[name] = issued.save_issued_file(summary.id, "json", tmp_path / f"{name}.json")
        newest_values = issued.open_issued(third.id).report.values.flat()

        # the replacement given first or last: it is used, the original left out with why
        for order in (["sua-1", "goc"], ["goc", "sua-1"]):
            result = province.reports.consolidate([files[n] for n in order], S1)
            assert [name for _u, name in result.included] == ["sua-1.json"]
            (why,) = [r.reason for r in result.rejected]
            assert "12/BC-UBND" in why and "thay thế bằng báo cáo số 13/BC-UBND" in why
        # the original and the second correction (the first one missing): the newest correction wins
        result = province.reports.consolidate([files["sua-2"], files["goc"]], S1)
        assert [name for _u, name in result.included] == ["sua-2.json"]
        assert result.report.values.flat() == newest_values
        assert "14/BC-UBND" in result.rejected[0].reason
        result = province.reports.consolidate(list(files.values())[::-1], S1)
        assert [name for _u, name in result.included] == ["sua-2.json"] and len(result.rejected) == 2
        # a package of the same unit that is no issue still counts as a second file, as before
        plain = district.reports.write_package(district.reports.report(S1), tmp_path / "thuong.json")
        result = province.reports.consolidate([files["goc"], plain], S1)
        assert result.included == [] and all("gửi hai lần" in r.reason for r in result.rejected)
    finally:
        district.close()
        province.close()


def test_packages_without_issue_fields_read_and_bad_ones_are_refused(unit: Services, tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "data" / "report_package_v1.json"
    package = read_package(sample.read_text(encoding="utf-8"))
    assert package.issue is None and package.replaces is None
    plain = unit.reports.write_package(unit.reports.report(S1), tmp_path / "thuong.json")
    data = json.loads(plain.read_text(encoding="utf-8"))
    assert "issue" not in data and "replaces" not in data and data["version"] == 2
    data["replaces"] = {"number": "12/BC", "date": "05-07-2026", "id": "x"}
    result = unit.reports.consolidate([_resealed(data, tmp_path / "sai.json")], S1)
    assert result.included == []
    assert result.rejected[0].reason == "Gói số liệu không dùng được: số, ngày ban hành không hợp lệ."


def test_report_issue_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli.sqlite3"
    services = open_services(target, actor=ADMIN, encrypt_new=False)
    try:
        _configure(services, UNIT_NAME)
        build(services)
    finally:
        services.close()
    db = ["--db", str(target), "report", "--period", "2026S1"]
    code, out, err = run_cli(
        capsys, *db, "--issue", "--number", "12/BC-UBND", "--issued-on", "05/07/2026", "--json",
        "--pdf", str(tmp_path / "bc.pdf"),
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    issued = data["issued"]
    assert (issued["number"], issued["date"], issued["period"], issued["replaces"]) == (
        "12/BC-UBND",
        "2026-07-05",
        "2026S1",
        None,
    )
    assert [f["kind"] for f in issued["files"]] == ["xlsx", "pdf", "json"]
    assert "Đã ban hành báo cáo số 12/BC-UBND ngày 05/07/2026" in err
    pdf_sha = next(f["sha256"] for f in issued["files"] if f["kind"] == "pdf")
    assert hashlib.sha256((tmp_path / "bc.pdf").read_bytes()).hexdigest() == pdf_sha

    services = open_services(target, actor=ADMIN, encrypt_new=False)
    try:
        _business(services, "Karaoke Mới 000099", "KAR", "Xã Mường Bon", "10/02/2026")
    finally:
        services.close()
    code, out, err = run_cli(capsys, *db, "--json")
    assert code == 0, err
    changes = json.loads(out)["changes_since_issue"]
    assert changes["issued"] == {"id": issued["id"], "number": "12/BC-UBND"}
    assert {"indicator": "Cơ sở mới hoạt động trong kỳ", "row": ""} in [
        {k: d[k] for k in ("indicator", "row")} for d in changes["differences"]
    ]
    code, out, err = run_cli(capsys, *db, "--issue", "--number", "13/BC-UBND")
    assert code == 1 and f"mã {issued['id']}" in err and "Traceback" not in err
    code, out, err = run_cli(capsys, *db, "--issue", "--replaces", str(issued["id"]), "--json")
    assert code == 0, err
    again = json.loads(out)["issued"]
    assert again["replaces"] == {"id": issued["id"], "number": "12/BC-UBND"}
    assert again["number"].endswith("/BC") and again["number"] != "12/BC-UBND"
    code, out, err = run_cli(capsys, *db, "--number", "15/BC")
    assert code == 1 and "chỉ dùng cùng --issue" in err


def test_the_pdf_and_the_workbook_carry_the_number(unit: Services, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.unit.test_reports import _text_of_pdf

    issued = unit.issued_reports
    first = issued.issue(unit.reports.report(S1), "12/BC-UBND", date(2026, 7, 5))
    second = issued.issue(unit.reports.report(S1), "13/BC-UBND", date(2026, 7, 6), first.id)
    folder = tmp_path
    pdf = issued.save_issued_file(second.id, "pdf", folder / "so-13.pdf")
    words = " ".join(_text_of_pdf(pdf).split())
    assert "Số: 13/BC-UBND" in words and "Báo cáo này thay thế báo cáo số 12/BC-UBND ngày 05/07/2026" in words
    book = load_workbook(issued.save_issued_file(second.id, "xlsx", folder / "so-13.xlsx"))
    sheet = book.worksheets[0]
    assert sheet["A7"].value == (
        "Kèm theo báo cáo số 13/BC-UBND ngày 06/07/2026 (thay thế báo cáo số 12/BC-UBND ngày 05/07/2026)"
    )
