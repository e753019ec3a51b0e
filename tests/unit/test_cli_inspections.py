"""The command line for inspection visits: import with a JSON report, export, template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.inspections import RESULT_REMINDER, VisitInput
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from tests.conftest import configure, run_cli, sample_input


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "pcmd.sqlite3")
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        first = services.businesses.create(
            sample_input(services, name="Karaoke Hoa Ban", registration_number="A1")
        )
        services.businesses.create(sample_input(services, name="Nhà nghỉ Bình An", registration_number="A2"))
        services.inspections.record_visit(
            VisitInput(first, "05/03/2026", result=RESULT_REMINDER, follow_up_due="05/04/2026")
        )
    finally:
        services.close()
    return path


def _visits_file(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Số ĐKKD", "Ngày kiểm tra", "Hình thức", "Kết quả", "Căn cứ pháp lý"])
    ws.append([1, "A2", "10/03/2026", "Định kỳ", "Không vi phạm", None])
    ws.append([2, "A1", "01/04/2026", "Hậu kiểm", "Không vi phạm", None])
    ws.append([3, "A2", "12/03/2026", "Định kỳ", "Xử phạt", "Khoản 1 Điều 32 Nghị định 282/2025/NĐ-CP"])
    wb.save(path)
    return path


def test_import_reports_as_json_and_export_lists_the_visits(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _visits_file(tmp_path / "luot.xlsx")
    code, out, err = run_cli(capsys, "--db", db, "import", "inspections", str(source), "--json")
    assert (code, err) == (1, "")  # a row was rejected
    report = json.loads(out)
    assert (report["rows_read"], report["imported"], report["rejected"]) == (3, 2, 1)
    fields = {p["field"] for p in report["problems"]}
    assert {"decision_number", "decision_date", "fine_vnd"} <= fields

    services = open_services(db, actor=SYSTEM)
    try:
        assert services.inspections.open_follow_ups() == []  # the hậu kiểm row closed it
        assert len(services.inspections.visits()) == 3
    finally:
        services.close()

    target = tmp_path / "xuat.xlsx"
    code, out, err = run_cli(capsys, "--db", db, "export", "inspections", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == f"Đã xuất 3 lượt kiểm tra ra «{target}»."
    sheet = load_workbook(target, read_only=True).active
    assert sheet is not None
    names = [r[1] for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert sorted(names) == ["Karaoke Hoa Ban", "Karaoke Hoa Ban", "Nhà nghỉ Bình An"]


def test_dry_run_writes_nothing_and_template_has_the_columns(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _visits_file(tmp_path / "luot.xlsx")
    code, out, _err = run_cli(capsys, "--db", db, "import", "inspections", str(source), "--dry-run")
    assert code == 1
    assert (
        out.strip().splitlines()[-1] == "Sẽ nhập 2 lượt kiểm tra; 0 có cảnh báo, 0 trùng, 1 lỗi (đọc 3 dòng)."
    )
    services = open_services(db, actor=SYSTEM)
    try:
        assert len(services.inspections.visits()) == 1
    finally:
        services.close()
    target = tmp_path / "mau.xlsx"
    code, _out, _err = run_cli(capsys, "--db", db, "template", "inspections", str(target))
    assert code == 0
    sheet = load_workbook(target, read_only=True).active
    assert sheet is not None
    assert any(r and r[0] == "STT" and "Căn cứ pháp lý" in r for r in sheet.iter_rows(values_only=True))
