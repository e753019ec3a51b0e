"""Demo data is for an empty or demo database: refused on real records unless --force, the database marked
as a demo one (every report and package says so, and a real consolidation refuses a demo package), and the
fill logged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.audit import AuditFilter
from desktop_app.domain.reports import DEMO_MARK
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from desktop_app.services.reports import DEMO_PACKAGE
from tests.conftest import configure, ensure_admin, run_cli, sample_input


def _real_office(path: Path) -> None:
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        services.businesses.create(sample_input(services, name="Nhà nghỉ Bình An"))
    finally:
        services.close()
    ensure_admin(path)


def _state(path: Path) -> tuple[int, bool, list[str]]:
    services = open_services(path, actor=SYSTEM)
    try:
        rows = services.audit.entries(AuditFilter(entity="demo")).rows
        return len(services.businesses.rows()), services.demo.is_demo(), [r.changes for r in rows]
    finally:
        services.close()


def test_demo_refuses_a_database_with_real_records_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "that.sqlite3"
    _real_office(db)
    code, out, err = run_cli(capsys, "--db", str(db), "demo", "--businesses", "20")
    assert code == 1 and "đã có dữ liệu thật" in err and "--force" in err and out == ""
    assert _state(db) == (1, False, [])  # nothing added, not marked
    code, out, err = run_cli(capsys, "--db", str(db), "demo", "--businesses", "20", "--force")
    assert code == 0, err
    count, demo, logged = _state(db)
    assert count == 21 and demo
    (entry,) = logged
    assert json.loads(entry)["businesses"] == 20 and json.loads(entry)["force"] is True


def test_an_empty_database_becomes_a_demo_one_and_takes_more_demo_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "thu.sqlite3"
    code, out, err = run_cli(capsys, "--db", str(db), "demo", "--businesses", "10")
    assert code == 0, err
    assert "đánh dấu là dữ liệu mẫu" in out
    assert _state(db)[:2] == (10, True)
    assert run_cli(capsys, "--db", str(db), "demo", "--businesses", "5", "--seed", "2")[0] == 0  # no --force
    count, demo, logged = _state(db)
    assert (count, demo, len(logged)) == (15, True, 2)


def test_reports_and_packages_from_demo_data_say_so_and_a_real_consolidation_refuses_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db, real_db = tmp_path / "mau.sqlite3", tmp_path / "that.sqlite3"
    assert run_cli(capsys, "--db", str(demo_db), "demo", "--businesses", "30")[0] == 0
    _real_office(real_db)
    files = {name: tmp_path / name for name in ("mau.xlsx", "mau.pdf", "mau.json", "that.json")}
    code, out, err = run_cli(
        capsys, "--db", str(demo_db), "report", "--period", "2026", "--xlsx", str(files["mau.xlsx"]),
        "--pdf", str(files["mau.pdf"]), "--package", str(files["mau.json"]),
    )  # fmt: skip
    assert code == 0, err
    assert DEMO_MARK in out
    workbook = load_workbook(files["mau.xlsx"])
    tables = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    assert tables and all(ws["A3"].value == DEMO_MARK for ws in tables)
    pdf = subprocess.run(
        ["pdftotext", str(files["mau.pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "DỮ LIỆU MẪU" in " ".join(pdf.split())
    assert json.loads(files["mau.json"].read_text(encoding="utf-8"))["demo"] is True
    code, out, _ = run_cli(capsys, "--db", str(demo_db), "report", "--period", "2026", "--json")
    assert json.loads(out)["demo"] is True

    real = files["that.json"]
    assert run_cli(capsys, "--db", str(real_db), "report", "--period", "2026", "--package", str(real))[0] == 0
    assert "demo" not in json.loads(real.read_text(encoding="utf-8"))  # a real package as before
    code, out, err = run_cli(
        capsys, "--db", str(real_db), "consolidate", str(files["mau.json"]), str(files["mau.xlsx"]),
        str(files["that.json"]), "--period", "2026", "--json",
    )  # fmt: skip
    assert code == 0, err
    merged = json.loads(out)
    assert merged["demo"] is False and [u["file"] for u in merged["units"]] == ["that.json"]
    assert merged["rejected"] == [
        {"file": "mau.json", "reason": DEMO_PACKAGE},
        {"file": "mau.xlsx", "reason": DEMO_PACKAGE},
    ]
    code, out, err = run_cli(  # a demo database may consolidate demo packages: the result says so
        capsys, "--db", str(demo_db), "consolidate", str(files["mau.json"]), "--period", "2026", "--json"
    )
    assert code == 0 and json.loads(out)["demo"] is True
